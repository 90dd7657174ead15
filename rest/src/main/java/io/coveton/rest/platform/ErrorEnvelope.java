package io.coveton.rest.platform;

import io.coveton.shared.error.ApiException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The reference's error envelope: {@code {"error": {code, message, details?, ...extra}}}. */
public final class ErrorEnvelope {
  private ErrorEnvelope() {}

  public static Map<String, Object> of(ApiException error) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("code", error.code().name());
    body.put("message", error.getMessage());
    if (!error.details().isEmpty()) {
      body.put("details", error.details());
    }
    error.extra().forEach(body::putIfAbsent);
    return Map.of("error", body);
  }
}
