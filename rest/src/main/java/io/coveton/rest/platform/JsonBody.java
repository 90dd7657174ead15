package io.coveton.rest.platform;

import io.coveton.shared.error.ApiException;
import io.coveton.shared.validation.FieldReader;
import io.coveton.shared.validation.NulCharacters;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Reads a request's JSON object body: 400 for a non-JSON content type, malformed JSON or a non-object. */
public final class JsonBody {
  private JsonBody() {}

  public static FieldReader read(RoutingContext ctx) {
    String contentType = ctx.request().getHeader("Content-Type");
    if (contentType == null || !contentType.toLowerCase().trim().startsWith("application/json")) {
      throw ApiException.badRequest("Content-Type must be application/json.");
    }
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      throw ApiException.badRequest("A JSON object body is required.");
    }
    Object parsed;
    try {
      parsed = io.vertx.core.json.Json.decodeValue(body);
    } catch (DecodeException e) {
      throw ApiException.badRequest("The body is not valid JSON.");
    }
    if (!(parsed instanceof JsonObject object)) {
      throw ApiException.badRequest("The body must be a JSON object.");
    }
    String nul = NulCharacters.firstPath(object);
    if (nul != null) {
      throw ApiException.validation(nul, NulCharacters.MESSAGE);
    }
    return new FieldReader(object);
  }
}
