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
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The one Jackson configuration of the wire: camelCase records, Vert.x JSON values, RFC 3339 UTC
 * millisecond timestamps.
 */
public final class WireJson {
  public static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final ObjectMapper mapper;

  public WireJson() {
    SimpleModule timestamps = new SimpleModule("coveton-timestamps");
    timestamps.addSerializer(Instant.class, new JsonSerializer<>() {
      @Override
      public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        gen.writeString(TIMESTAMP.format(value));
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

  public static String timestamp(Instant instant) {
    return instant == null ? null : TIMESTAMP.format(instant);
  }
}
