package io.coveton.shared.validation;

import io.coveton.shared.error.ApiException;
import io.coveton.shared.error.FieldError;
import io.coveton.shared.id.OpaqueId;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads and validates fields of a JSON body, collecting every problem so that one 422 names them
 * all. Call {@link #validate()} once all fields are read.
 */
public final class FieldReader {
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}$");
  private final JsonObject body;
  private final List<FieldError> errors = new ArrayList<>();

  public FieldReader(JsonObject body) {
    this.body = body;
  }

  public boolean has(String field) {
    return body.containsKey(field);
  }

  public JsonObject raw() {
    return body;
  }

  /** A required string of {@code min..max} characters (after trimming). */
  public String requiredString(String field, int min, int max) {
    Object value = body.getValue(field);
    if (value == null) {
      return fail(field, "is required");
    }
    return checkedString(field, value, min, max);
  }

  /** An optional string; null when absent or null. */
  public String optionalString(String field, int min, int max) {
    Object value = body.getValue(field);
    return value == null ? null : checkedString(field, value, min, max);
  }

  /** A required whole number in {@code min..max} (a JSON number without fraction). */
  public long requiredLong(String field, long min, long max) {
    Object value = body.getValue(field);
    if (value == null) {
      fail(field, "is required");
      return 0;
    }
    if (!(value instanceof Integer || value instanceof Long)
        || ((Number) value).longValue() < min || ((Number) value).longValue() > max) {
      fail(field, "must be a whole number from " + min + " to " + max);
      return 0;
    }
    return ((Number) value).longValue();
  }

  /** A string whose exact characters matter (passwords, tokens): not trimmed. */
  public String requiredSecret(String field, int min, int max) {
    Object value = body.getValue(field);
    if (!(value instanceof String text)) {
      return fail(field, value == null ? "is required" : "must be a string");
    }
    if (text.length() < min || text.length() > max) {
      return fail(field, "must be " + min + " to " + max + " characters");
    }
    return text;
  }

  /** An id the caller names: any well-formed id (see {@link OpaqueId}); whether it exists is the caller's 404. */
  public String requiredId(String field) {
    Object value = body.getValue(field);
    if (value == null) {
      return fail(field, "is required");
    }
    return OpaqueId.wellFormed(value) ? (String) value : fail(field, OpaqueId.DESCRIPTION);
  }

  public String optionalId(String field) {
    Object value = body.getValue(field);
    if (value == null) {
      return null;
    }
    return OpaqueId.wellFormed(value) ? (String) value : fail(field, OpaqueId.DESCRIPTION);
  }

  public String requiredEmail(String field) {
    String email = requiredString(field, 3, 254);
    if (email != null && !EMAIL.matcher(email).matches()) {
      return fail(field, "must be a valid email");
    }
    return email;
  }

  public String optionalPattern(String field, Pattern pattern, String description, int min, int max) {
    String value = optionalString(field, min, max);
    if (value != null && !pattern.matcher(value).matches()) {
      return fail(field, description);
    }
    return value;
  }

  public JsonObject optionalObject(String field, int maxEncodedBytes) {
    Object value = body.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonObject object)) {
      fail(field, "must be an object");
      return null;
    }
    if (object.encode().length() > maxEncodedBytes) {
      fail(field, "must be at most " + maxEncodedBytes + " bytes");
      return null;
    }
    return object;
  }

  public <T> T fail(String field, String message) {
    errors.add(new FieldError(field, message));
    return null;
  }

  /** Throws 422 VALIDATION naming every bad field, if any. */
  public void validate() {
    if (!errors.isEmpty()) {
      throw ApiException.validation(errors);
    }
  }

  private String checkedString(String field, Object value, int min, int max) {
    if (!(value instanceof String text)) {
      return fail(field, "must be a string");
    }
    String trimmed = text.trim();
    if (trimmed.length() < min || trimmed.length() > max) {
      return fail(field, min == max ? "must be " + min + " characters" : "must be " + min + " to " + max + " characters");
    }
    if (hasControlCharacter(trimmed)) {
      return fail(field, "must not contain control characters");
    }
    return trimmed;
  }

  /** A plain loop: this runs on every string of every request and frame, ciphertexts included. */
  private static boolean hasControlCharacter(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7F) {
        return true;
      }
    }
    return false;
  }
}
