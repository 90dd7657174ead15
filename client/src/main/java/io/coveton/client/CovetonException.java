package io.coveton.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * An error answer of the API, from its envelope {@code {"error": {code, message, details?}}}: one
 * subclass per code, so callers catch what they handle ({@code catch (CovetonException.NotFound e)}).
 */
public class CovetonException extends RuntimeException {
  private final int status;
  private final String code;
  private final List<FieldError> details;
  private final JsonNode error;

  /** One field's failure, as {@code details[]} names it. */
  public record FieldError(String path, String message) {}

  protected CovetonException(int status, String code, String message, List<FieldError> details, JsonNode error) {
    super(status + " " + code + ": " + message);
    this.status = status;
    this.code = code;
    this.details = List.copyOf(details);
    this.error = error;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public List<FieldError> details() {
    return details;
  }

  /** The whole {@code error} object, for the fields some errors add (a 409's {@code missingDeviceIds}). */
  public JsonNode error() {
    return error;
  }

  public static final class BadRequest extends CovetonException {
    BadRequest(int status, String message, List<FieldError> details, JsonNode error) {
      super(status, "BAD_REQUEST", message, details, error);
    }
  }

  public static final class Unauthorized extends CovetonException {
    Unauthorized(int status, String message, List<FieldError> details, JsonNode error) {
      super(status, "UNAUTHORIZED", message, details, error);
    }
  }

  public static final class Forbidden extends CovetonException {
    Forbidden(int status, String message, List<FieldError> details, JsonNode error) {
      super(status, "FORBIDDEN", message, details, error);
    }
  }

  public static final class NotFound extends CovetonException {
    NotFound(int status, String message, List<FieldError> details, JsonNode error) {
      super(status, "NOT_FOUND", message, details, error);
    }
  }

  public static final class Conflict extends CovetonException {
    Conflict(int status, String message, List<FieldError> details, JsonNode error) {
      super(status, "CONFLICT", message, details, error);
    }
  }

  public static final class ValidationFailed extends CovetonException {
    ValidationFailed(int status, String message, List<FieldError> details, JsonNode error) {
      super(status, "VALIDATION", message, details, error);
    }
  }

  public static final class RateLimited extends CovetonException {
    RateLimited(int status, String message, List<FieldError> details, JsonNode error) {
      super(status, "RATE_LIMITED", message, details, error);
    }
  }

  public static final class ServerError extends CovetonException {
    ServerError(int status, String code, String message, List<FieldError> details, JsonNode error) {
      super(status, code, message, details, error);
    }
  }

  /** The exception for an error answer: its envelope read, or a ServerError when it has none. */
  public static CovetonException of(int status, JsonNode body) {
    JsonNode error = body == null ? null : body.path("error");
    if (error == null || !error.isObject()) {
      return new ServerError(status, "INTERNAL", "an answer without the error envelope", List.of(), null);
    }
    String message = error.path("message").asText("");
    List<FieldError> details = new ArrayList<>();
    error.path("details").forEach(d -> details.add(new FieldError(d.path("path").asText(), d.path("message").asText())));
    return switch (error.path("code").asText()) {
      case "BAD_REQUEST" -> new BadRequest(status, message, details, error);
      case "UNAUTHORIZED" -> new Unauthorized(status, message, details, error);
      case "FORBIDDEN" -> new Forbidden(status, message, details, error);
      case "NOT_FOUND" -> new NotFound(status, message, details, error);
      case "CONFLICT" -> new Conflict(status, message, details, error);
      case "VALIDATION" -> new ValidationFailed(status, message, details, error);
      case "RATE_LIMITED" -> new RateLimited(status, message, details, error);
      default -> new ServerError(status, error.path("code").asText("INTERNAL"), message, details, error);
    };
  }
}
