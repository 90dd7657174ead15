package io.coveton.rest.platform;

/** A successful answer: status and a body to serialize as JSON (null for none). */
public record ApiResponse(int status, Object body) {
  public static ApiResponse ok(Object body) {
    return new ApiResponse(200, body);
  }

  public static ApiResponse created(Object body) {
    return new ApiResponse(201, body);
  }

  public static ApiResponse accepted() {
    return new ApiResponse(202, null);
  }

  /** A redirect; the route has put the Location header (and any cookie) on the response. */
  public static ApiResponse found() {
    return new ApiResponse(302, null);
  }

  public static ApiResponse noContent() {
    return new ApiResponse(204, null);
  }
}
