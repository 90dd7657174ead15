package io.coveton.shared.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NulCharactersTest {
  private static final String NUL_ESCAPE = "\\" + "u0000";

  @Test
  void onlyTextWithTheEscapeMayHoldNul() {
    assertFalse(mayHoldNul("{\"type\":\"send\",\"ciphertext\":\"Y2lwaGVy+/=\"}"));
    assertTrue(mayHoldNul("{\"header\":\"a" + NUL_ESCAPE + "b\"}"));
    assertTrue(mayHoldNul(NUL_ESCAPE));
    assertFalse(mayHoldNul("{\"a\":\"\\" + "u0041\\n\\\\\"}"), "other escapes");
    assertFalse(mayHoldNul("{\"a\":\"\\" + "u000\"}"), "cut short");
    assertFalse(mayHoldNul("\\" + "u000"), "the escape would run past the end");
    // an escaped backslash followed by u0000 is no NUL, but the walk of the tree settles that
    assertTrue(mayHoldNul("{\"a\":\"\\\\" + "u0000\"}"));
  }

  @Test
  void onlyTheReadableBytesCount() {
    ByteBuf text = Unpooled.copiedBuffer("x" + NUL_ESCAPE + "{\"a\":1}" + NUL_ESCAPE, StandardCharsets.UTF_8);
    assertTrue(NulCharacters.mayHoldNul(text));
    ByteBuf middle = text.slice(1 + NUL_ESCAPE.length(), 7);
    assertFalse(NulCharacters.mayHoldNul(middle));
    text.readerIndex(1 + NUL_ESCAPE.length());
    text.writerIndex(text.writerIndex() - 1);
    assertFalse(NulCharacters.mayHoldNul(text), "the trailing escape is cut by the writer index");
  }

  @Test
  void theWalkNamesTheField() {
    JsonObject frame = new JsonObject("{\"message\":{\"envelopes\":[{\"header\":\"a" + NUL_ESCAPE + "\"}]}}");
    assertEquals("message.envelopes[0].header", NulCharacters.firstPath(frame));
  }

  private static boolean mayHoldNul(String json) {
    return NulCharacters.mayHoldNul(Unpooled.copiedBuffer(json, StandardCharsets.UTF_8));
  }
}
