package io.coveton.rest.files;

import io.coveton.rest.platform.ApiResponse;
import io.coveton.rest.platform.Caller;
import io.coveton.rest.platform.JsonBody;
import io.coveton.rest.platform.RoutePlatform;
import io.coveton.shared.storage.ObjectStore.UploadedPart;
import io.coveton.shared.validation.FieldReader;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** {@code /v1/files}: presigned uploads and downloads of encrypted files, and multipart completion. */
public final class FileRoutes {
  private static final Pattern CONTENT_TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,63}"
      + "/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,63}");
  private static final int MAX_PARTS = 10_000;
  private final RoutePlatform platform;
  private final FileService files;

  public FileRoutes(RoutePlatform platform, FileService files) {
    this.platform = platform;
    this.files = files;
  }

  public void mount(Router router) {
    router.post("/v1/files/presign").handler(platform.authenticator()).handler(platform.idempotency())
        .handler(platform.endpoints().of(this::presign));
    router.get("/v1/files/:id").handler(platform.authenticator()).handler(platform.endpoints().of(this::metadata));
    router.get("/v1/files/:id/download").handler(platform.authenticator())
        .handler(platform.endpoints().of(this::download));
    router.get("/v1/files/:id/parts").handler(platform.authenticator()).handler(platform.endpoints().of(this::parts));
    router.post("/v1/files/:id/complete").handler(platform.authenticator())
        .handler(platform.endpoints().of(this::complete));
  }

  /** {filename, contentType, size, chatId?}: 201 with the upload URL (or the parts) and the headers to send. */
  private Future<ApiResponse> presign(RoutingContext ctx) {
    FieldReader body = JsonBody.read(ctx);
    String filename = body.requiredSecret("filename", 1, 1024);
    String contentType = body.raw().getValue("contentType") == null ? body.fail("contentType", "is required")
        : body.optionalPattern("contentType", CONTENT_TYPE, "must be a media type (type/subtype)", 3, 129);
    long size = body.requiredLong("size", 1, Long.MAX_VALUE);
    String chatId = body.optionalId("chatId");
    body.validate();
    return files.presign(Caller.of(ctx).userId(), new FileService.PresignRequest(filename, contentType, size, chatId))
        .map(ApiResponse::created);
  }

  private Future<ApiResponse> metadata(RoutingContext ctx) {
    return files.metadata(Caller.of(ctx).userId(), ctx.pathParam("id")).map(file -> ApiResponse.ok(FileView.of(file)));
  }

  private Future<ApiResponse> download(RoutingContext ctx) {
    return files.download(Caller.of(ctx).userId(), ctx.pathParam("id")).map(ApiResponse::ok);
  }

  private Future<ApiResponse> parts(RoutingContext ctx) {
    return files.parts(Caller.of(ctx).userId(), ctx.pathParam("id")).map(ApiResponse::ok);
  }

  /** {parts: [{partNumber, etag}]}: every part, in order. */
  private Future<ApiResponse> complete(RoutingContext ctx) {
    FieldReader body = JsonBody.read(ctx);
    List<UploadedPart> parts = new ArrayList<>();
    Object value = body.raw().getValue("parts");
    if (!(value instanceof JsonArray array) || array.isEmpty() || array.size() > MAX_PARTS) {
      body.fail("parts", "must be a list of 1 to " + MAX_PARTS + " {partNumber, etag}");
    } else {
      for (int i = 0; i < array.size(); i++) {
        if (array.getValue(i) instanceof JsonObject part && part.getValue("partNumber") instanceof Integer number
            && part.getValue("etag") instanceof String etag && !etag.isEmpty() && etag.length() <= 128) {
          parts.add(new UploadedPart(number, etag, 0));
        } else {
          body.fail("parts[" + i + "]", "must be {partNumber: integer, etag: string}");
        }
      }
    }
    body.validate();
    return files.complete(Caller.of(ctx).userId(), ctx.pathParam("id"), parts)
        .map(file -> ApiResponse.ok(FileView.of(file)));
  }
}
