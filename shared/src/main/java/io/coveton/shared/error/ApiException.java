package io.coveton.shared.error;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A failure the client is told about, in the reference's error envelope. Thrown by services and
 * turned into a response by the one failure handler; never carries internals.
 */
public class ApiException extends RuntimeException {
  private final ErrorCode code;
  private final int status;
  private final List<FieldError> details;
  private final Map<String, Object> extra;

  public ApiException(ErrorCode code, String message) {
    this(code, code.status(), message, List.of(), Map.of());
  }

  public ApiException(ErrorCode code, int status, String message, List<FieldError> details, Map<String, Object> extra) {
    super(message, null, false, false);
    this.code = code;
    this.status = status;
    this.details = List.copyOf(details);
    this.extra = new LinkedHashMap<>(extra);
  }

  public static ApiException badRequest(String message) {
    return new ApiException(ErrorCode.BAD_REQUEST, message);
  }

  public static ApiException badRequest(String message, List<FieldError> details) {
    return new ApiException(ErrorCode.BAD_REQUEST, 400, message, details, Map.of());
  }

  public static ApiException unauthorized(String message) {
    return new ApiException(ErrorCode.UNAUTHORIZED, message);
  }

  public static ApiException forbidden(String message) {
    return new ApiException(ErrorCode.FORBIDDEN, message);
  }

  public static ApiException notFound(String message) {
    return new ApiException(ErrorCode.NOT_FOUND, message);
  }

  public static ApiException conflict(String message) {
    return new ApiException(ErrorCode.CONFLICT, message);
  }

  public static ApiException validation(List<FieldError> details) {
    return new ApiException(ErrorCode.VALIDATION, 422, "Request validation failed.", details, Map.of());
  }

  public static ApiException validation(String path, String message) {
    return validation(List.of(new FieldError(path, message)));
  }

  public static ApiException rateLimited(long retryAfterSeconds) {
    return new ApiException(ErrorCode.RATE_LIMITED, 429, "Too many requests; retry after "
        + retryAfterSeconds + " seconds.", List.of(), Map.of("retryAfter", retryAfterSeconds));
  }

  public static ApiException internal() {
    return new ApiException(ErrorCode.INTERNAL, "An unexpected error occurred.");
  }

  public ErrorCode code() {
    return code;
  }

  public int status() {
    return status;
  }

  public List<FieldError> details() {
    return details;
  }

  /** Extra fields of the error object, such as {@code missingDeviceIds}. */
  public Map<String, Object> extra() {
    return extra;
  }
}
