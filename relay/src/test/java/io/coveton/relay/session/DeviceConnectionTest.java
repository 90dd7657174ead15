package io.coveton.relay.session;

import static io.coveton.relay.testing.FakeDatabase.messageId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.coveton.relay.protocol.Frames;
import io.coveton.relay.testing.FakeDatabase;
import io.coveton.shared.cluster.DeviceLocation;
import io.coveton.shared.delivery.AckUpdate;
import io.coveton.shared.delivery.DeliveryRepository;
import io.coveton.shared.metrics.CovetonMetrics;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class DeviceConnectionTest {
  private static final String DEVICE_ID = "dev_00000000000000000000000001";
  private static final int WINDOW = DeviceConnection.WINDOW;
  private final FakeDatabase database = new FakeDatabase();
  // no settle or gap sweeps: the clock only moves when a test moves it
  private final EmbeddedChannel channel = frozen(new EmbeddedChannel());
  private final DeviceConnection connection = new DeviceConnection(channel,
      new DeviceLocation(DEVICE_ID, "usr_00000000000000000000000001", "node-test", "conn_test"),
      "ses_00000000000000000000000001", new DeliveryRepository(database.pool()), new CovetonMetrics());

  @Test
  void replayStopsWithTheWindowFullAndEachAckedEnvelopeFreesExactlyOneSlot() {
    database.store(DEVICE_ID, 1, WINDOW + 44);
    connection.startReplay();
    channel.runPendingTasks();
    assertEquals(positions(1, WINDOW), readEnvelopes());
    assertNull(channel.readOutbound());
    int reads = database.mailboxReads().size();

    // a full window is not read past, whatever wakes it
    connection.wake(null);
    connection.writable();
    channel.runPendingTasks();
    assertNull(channel.readOutbound());
    assertEquals(reads, database.mailboxReads().size());

    connection.acknowledge(List.of(messageId(1)));
    channel.runPendingTasks();
    assertEquals(List.of((long) WINDOW + 1), readEnvelopes());
    assertNull(channel.readOutbound());
    Tuple read = database.mailboxReads().get(reads);
    assertEquals(WINDOW, read.getLong(1));
    assertEquals(1, read.getInteger(2));

    connection.acknowledge(ids(2, 44));
    channel.runPendingTasks();
    assertEquals(positions(WINDOW + 2, WINDOW + 44), readEnvelopes());
    assertEquals("synced", readType());
    assertNull(channel.readOutbound());
    assertFalse(channel.finish());
  }

  @Test
  void livePushesFillTheWindowExactlyAndTheNextOneIsReadFromTheMailboxAfterAnAck() {
    connection.startReplay();
    channel.runPendingTasks();
    assertEquals("synced", readType());
    int reads = database.mailboxReads().size();

    database.store(DEVICE_ID, 1, WINDOW + 1);
    for (long position = 1; position <= WINDOW; position++) {
      push(position);
    }
    channel.runPendingTasks();
    assertEquals(positions(1, WINDOW), readEnvelopes());
    assertEquals(reads, database.mailboxReads().size());

    push(WINDOW + 1);
    channel.runPendingTasks();
    assertNull(channel.readOutbound());
    assertEquals(reads, database.mailboxReads().size());

    connection.acknowledge(List.of(messageId(1)));
    channel.runPendingTasks();
    assertEquals(List.of((long) WINDOW + 1), readEnvelopes());
    assertEquals(reads + 1, database.mailboxReads().size());
    assertFalse(channel.finish());
  }

  @Test
  void anUnwritableSocketIsNotReadForUntilItDrains() {
    database.store(DEVICE_ID, 1, 3);
    channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
    connection.startReplay();
    channel.runPendingTasks();
    assertNull(channel.readOutbound());
    assertEquals(0, database.mailboxReads().size());

    channel.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
    connection.writable();
    channel.runPendingTasks();
    assertEquals(positions(1, 3), readEnvelopes());
    assertEquals("synced", readType());
    assertEquals(1, database.mailboxReads().size());
    assertFalse(channel.finish());
  }

  @Test
  void ackWatermarkStopsBelowTheOldestEnvelopeStillInFlight() {
    database.store(DEVICE_ID, 1, 3);
    connection.startReplay();
    channel.runPendingTasks();
    assertEquals(positions(1, 3), readEnvelopes());
    assertEquals("synced", readType());

    assertEquals(new AckUpdate(DEVICE_ID, 0, List.of(2L), List.of()),
        connection.acknowledge(List.of(messageId(2))));
    // acked on an earlier connection, or twice: only its id can say which envelope it was
    assertEquals(new AckUpdate(DEVICE_ID, 2, List.of(), List.of("msg_old", messageId(2))),
        connection.acknowledge(List.of(messageId(1), "msg_old", messageId(2))));
    assertEquals(new AckUpdate(DEVICE_ID, 3, List.of(), List.of()), connection.acknowledge(List.of(messageId(3))));
    assertEquals(new AckUpdate(DEVICE_ID, 0, List.of(), List.of(messageId(3))),
        connection.acknowledge(List.of(messageId(3))));
    assertFalse(channel.finish());
  }

  private void push(long position) {
    JsonObject message = new JsonObject().put("id", messageId(position)).put("chatId", "chat_1");
    connection.deliver(position, messageId(position), new Frames.NewMessage(message), "header-" + position);
  }

  /** The message positions of the envelope frames written so far, in order; stops at any other frame. */
  private List<Long> readEnvelopes() {
    List<Long> positions = new ArrayList<>();
    while (channel.outboundMessages().peek() instanceof TextWebSocketFrame next
        && new JsonObject(next.text()).getString("type").equals("envelope")) {
      TextWebSocketFrame frame = channel.readOutbound();
      String id = new JsonObject(frame.text()).getJsonObject("message").getString("id");
      positions.add(Long.parseLong(id.substring("msg_".length())));
      frame.release();
    }
    return positions;
  }

  private String readType() {
    TextWebSocketFrame frame = assertInstanceOf(TextWebSocketFrame.class, channel.readOutbound());
    try {
      return new JsonObject(frame.text()).getString("type");
    } finally {
      frame.release();
    }
  }

  private static List<Long> positions(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }

  private static List<String> ids(long from, long to) {
    return LongStream.rangeClosed(from, to).mapToObj(FakeDatabase::messageId).toList();
  }

  private static EmbeddedChannel frozen(EmbeddedChannel channel) {
    channel.freezeTime();
    return channel;
  }
}
