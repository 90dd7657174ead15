package io.coveton.shared.storage;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The object store files live in: presigned URLs for clients to upload and download directly, and
 * the few calls the server makes itself. Presigning is local work; every call that reaches the
 * store answers a Future and never blocks an event loop.
 */
public interface ObjectStore {
  /** A PUT that the store accepts only with exactly this size and content type. */
  Presigned presignPut(String key, String contentType, long size, Duration validFor);

  Presigned presignGet(String key, Duration validFor);

  /** The object's size, or null when there is none. */
  Future<Long> sizeOf(String key);

  /** Deletes the object; deleting one that is not there succeeds. */
  Future<Void> delete(String key);

  /** Starts a multipart upload; its upload id. */
  Future<String> startMultipart(String key, String contentType);

  /** A PUT of one part of a multipart upload, accepted only with exactly this size. */
  Presigned presignPart(String key, String uploadId, int partNumber, long size, Duration validFor);

  /** The parts uploaded so far, by part number. */
  Future<List<UploadedPart>> uploadedParts(String key, String uploadId);

  /** Completes it; fails with {@link UploadGone} when the upload was aborted or completed meanwhile. */
  Future<Void> completeMultipart(String key, String uploadId, List<UploadedPart> parts);

  /** Aborts a multipart upload and drops its parts; one already gone succeeds. */
  Future<Void> abortMultipart(String key, String uploadId);

  /** A presigned request: the URL, the headers the client must send with it, and until when it works. */
  record Presigned(String url, Map<String, String> headers, Instant expiresAt) {}

  record UploadedPart(int partNumber, String etag, long size) {}

  /** The multipart upload no longer exists. */
  final class UploadGone extends RuntimeException {
    public UploadGone(String key) {
      super("no multipart upload for " + key, null, false, false);
    }
  }
}
