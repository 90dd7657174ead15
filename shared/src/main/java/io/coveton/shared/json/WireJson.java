package io.coveton.shared.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.vertx.core.json.jackson.VertxModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The one Jackson configuration of the wire: camelCase records, Vert.x JSON values, RFC 3339 UTC
 * millisecond timestamps.
 */
public final class WireJson {
  public static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private static final long FIRST_SECOND_OF_YEAR_1 = LocalDateTime.of(1, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
  private static final long FIRST_SECOND_OF_YEAR_10000 =
      LocalDateTime.of(10000, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
  /** yyyy-MM-ddTHH:mm:ss.SSSZ: each field's digits and the character after it. */
  private static final int[] FIELD_WIDTHS = {4, 2, 2, 2, 2, 2, 3};
  private static final byte[] FIELD_ENDS = "--T::.Z".getBytes(StandardCharsets.US_ASCII);

  private final ObjectMapper mapper;

  public WireJson() {
    SimpleModule timestamps = new SimpleModule("coveton-timestamps");
    timestamps.addSerializer(Instant.class, new JsonSerializer<>() {
      @Override
      public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        gen.writeString(timestamp(value));
      }
    });
    this.mapper = new ObjectMapper()
        .registerModule(new VertxModule())
        .registerModule(timestamps)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  public byte[] write(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
    }
  }

  public String writeString(Object value) {
    return new String(write(value), java.nio.charset.StandardCharsets.UTF_8);
  }

  public ObjectMapper mapper() {
    return mapper;
  }

  /**
   * {@link #TIMESTAMP}'s text, written digit by digit for the years 1 to 9999 (the pattern's year is
   * of the era; others take the pattern): every message frame carries one or more, and the pattern
   * formatter is several times slower.
   */
  public static String timestamp(Instant instant) {
    if (instant == null) {
      return null;
    }
    long epochSecond = instant.getEpochSecond();
    if (epochSecond < FIRST_SECOND_OF_YEAR_1 || epochSecond >= FIRST_SECOND_OF_YEAR_10000) {
      return TIMESTAMP.format(instant);
    }
    LocalDateTime utc = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
    int[] fields = {utc.getYear(), utc.getMonthValue(), utc.getDayOfMonth(), utc.getHour(), utc.getMinute(),
        utc.getSecond(), instant.getNano() / 1_000_000};
    byte[] text = new byte[24];
    int at = 0;
    for (int f = 0; f < fields.length; f++) {
      int value = fields[f];
      for (int i = at + FIELD_WIDTHS[f] - 1; i >= at; i--) {
        text[i] = (byte) ('0' + value % 10);
        value /= 10;
      }
      at += FIELD_WIDTHS[f];
      text[at++] = FIELD_ENDS[f];
    }
    return new String(text, StandardCharsets.US_ASCII);
  }
}
