package io.coveton.rest.files;

import io.coveton.rest.chats.ChatService;
import io.coveton.shared.billing.PlanCatalogue;
import io.coveton.shared.billing.SubscriptionRepository;
import io.coveton.shared.chats.Chat;
import io.coveton.shared.config.CovetonConfig;
import io.coveton.shared.error.ApiException;
import io.coveton.shared.error.ErrorCode;
import io.coveton.shared.error.FieldError;
import io.coveton.shared.files.FileRecord;
import io.coveton.shared.files.FileReferences;
import io.coveton.shared.files.FileRepository;
import io.coveton.shared.id.IdGenerator;
import io.coveton.shared.id.IdPrefix;
import io.coveton.shared.storage.ObjectStore;
import io.coveton.shared.storage.ObjectStore.Presigned;
import io.coveton.shared.storage.ObjectStore.UploadedPart;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Files go to the object store directly: a presigned PUT (or, above the multipart threshold, one
 * presigned PUT per part and a completion), a presigned GET to download. The server keeps who may
 * see what, checks the per-user quota under a lock on the user, and never handles the bytes.
 */
public final class FileService {
  private static final int MAX_PARTS = 1000;
  private static final long MIB = 1024 * 1024;
  private final Pool pool;
  private final FileRepository files;
  private final FileReferences references;
  private final ChatService chats;
  private final ObjectStore store;
  private final IdGenerator ids;
  private final CovetonConfig.StorageSettings settings;
  private final SubscriptionRepository subscriptions;
  private final PlanCatalogue plans;

  public FileService(Pool pool, FileRepository files, FileReferences references, ChatService chats,
      ObjectStore store, IdGenerator ids, CovetonConfig.StorageSettings settings, SubscriptionRepository subscriptions,
      PlanCatalogue plans) {
    this.subscriptions = subscriptions;
    this.plans = plans;
    this.pool = pool;
    this.files = files;
    this.references = references;
    this.chats = chats;
    this.store = store;
    this.ids = ids;
    this.settings = settings;
  }

  /** A validated presign request. */
  record PresignRequest(String filename, String contentType, long size, String chatId) {}

  /** The answer of presign: one URL, or the parts of a multipart upload. */
  record Presign(String fileId, String uploadUrl, long expiresIn, Map<String, String> headers, Multipart multipart) {}

  record Multipart(long partSize, int partCount, List<PartUrl> parts) {}

  record PartUrl(int partNumber, long size, String uploadUrl, Map<String, String> headers) {}

  record Download(String url, long expiresIn) {}

  record Parts(String fileId, long partSize, int partCount, List<UploadedPart> uploaded, List<PartUrl> remaining,
      long expiresIn) {}

  public Future<Presign> presign(String userId, PresignRequest request) {
    if (request.size() > settings.maxFileBytes()) {
      throw ApiException.validation("size", "must be at most " + settings.maxFileBytes() + " bytes");
    }
    Future<Quota> quota = request.chatId() == null ? Future.succeededFuture(new Quota(null, settings.quotaBytesPerUser()))
        : chats.visibleChat(request.chatId(), userId).compose(this::quotaFor);
    String id = ids.next(IdPrefix.FILE);
    // the storage key is the file's id alone: the filename is client data and never a path
    String key = "files/" + id;
    boolean multipart = request.size() > settings.multipartThresholdBytes();
    long partSize = multipart ? partSize(request.size()) : 0;
    return quota.compose(applies -> files.remainingBytes(userId, applies.organizationId(), applies.bytes())
        // a first look at the quota, so that no upload is started for a file that cannot fit anyway
        .compose(remaining -> remaining < request.size() ? Future.failedFuture(overQuota(applies, remaining))
            : multipart ? store.startMultipart(key, request.contentType()) : Future.succeededFuture((String) null))
        .compose(uploadId -> reserve(userId, applies, request, id, key, uploadId, multipart ? partSize : null)
            .recover(error -> uploadId == null ? Future.failedFuture(error)
                : store.abortMultipart(key, uploadId).transform(aborted -> Future.failedFuture(error)))))
        .map(file -> {
          if (!multipart) {
            Presigned put = store.presignPut(key, request.contentType(), request.size(), settings.uploadUrlValidity());
            return new Presign(id, put.url(), settings.uploadUrlValidity().toSeconds(), put.headers(), null);
          }
          int count = partCount(request.size(), partSize);
          return new Presign(id, null, settings.uploadUrlValidity().toSeconds(), Map.of(),
              new Multipart(partSize, count, partUrls(file, Set.of())));
        });
  }

  /** Whose quota a file counts against: its uploader's, or the organization's when it is for an organization's chat. */
  private record Quota(String organizationId, long bytes) {}

  /** An organization's chat takes its files from the organization's plan (a plan no longer entitled counts as free). */
  private Future<Quota> quotaFor(Chat chat) {
    if (chat.organizationId() == null) {
      return Future.succeededFuture(new Quota(null, settings.quotaBytesPerUser()));
    }
    return subscriptions.of(chat.organizationId()).map(subscription -> new Quota(chat.organizationId(),
        plans.effective(subscription).storageQuotaBytes()));
  }

  /**
   * The quota is counted on the declared sizes of live files, kept per user (or organization) and
   * reserved in the transaction that records the file, so two presigns cannot both take the last bytes.
   */
  private Future<FileRecord> reserve(String userId, Quota quota, PresignRequest request, String id, String key,
      String uploadId, Long partSize) {
    return pool.withTransaction(tx -> files.reserveBytes(tx, userId, quota.organizationId(), request.size(),
        quota.bytes()).compose(remaining -> {
          if (remaining != null || request.size() > quota.bytes()) {
            return Future.failedFuture(overQuota(quota, remaining == null ? quota.bytes() : remaining));
          }
          return files.insert(tx, new FileRepository.NewFile(id, userId, request.chatId(), request.filename(),
              request.contentType(), request.size(), key, uploadId, partSize, quota.organizationId()));
        }));
  }

  private static ApiException overQuota(Quota quota, long remaining) {
    String whose = quota.organizationId() == null ? "your storage quota" : "the organization's storage quota";
    return new ApiException(ErrorCode.CONFLICT, 409, "The file does not fit in " + whose + " (" + remaining + " of "
        + quota.bytes() + " bytes left).", List.of(), Map.of("remainingBytes", remaining, "quotaBytes", quota.bytes()));
  }

  public Future<FileRecord> metadata(String userId, String fileId) {
    return visible(userId, fileId);
  }

  /** A presigned GET for whoever may see the file; a pending single-PUT file is confirmed first. */
  public Future<Download> download(String userId, String fileId) {
    return visible(userId, fileId).compose(file -> (file.multipart() && !file.uploaded()
        ? Future.<String>succeededFuture("is a multipart upload that was not completed")
        : references.confirmUploaded(file)).map(problem -> {
          if (problem != null) {
            throw ApiException.conflict("The file " + problem + ".");
          }
          Duration validFor = settings.downloadUrlValidity();
          return new Download(store.presignGet(file.storageKey(), validFor).url(), validFor.toSeconds());
        }));
  }

  /** For resuming a multipart upload: what the store has, and fresh URLs for the rest. */
  public Future<Parts> parts(String userId, String fileId) {
    return pendingMultipart(userId, fileId).compose(file -> store.uploadedParts(file.storageKey(), file.uploadId())
        .map(uploaded -> {
          Set<Integer> done = uploaded.stream().map(UploadedPart::partNumber).collect(Collectors.toSet());
          return new Parts(fileId, file.partSize(), partCount(file.size(), file.partSize()), uploaded,
              partUrls(file, done), settings.uploadUrlValidity().toSeconds());
        }));
  }

  /** Completes a multipart upload from every part, numbered 1 to n with the store's ETags. */
  public Future<FileRecord> complete(String userId, String fileId, List<UploadedPart> parts) {
    return pendingMultipart(userId, fileId).compose(file -> {
      int count = partCount(file.size(), file.partSize());
      List<FieldError> errors = new ArrayList<>();
      if (parts.size() != count) {
        errors.add(new FieldError("parts", "must list all " + count + " parts"));
      }
      for (int i = 0; i < parts.size(); i++) {
        if (parts.get(i).partNumber() != i + 1) {
          errors.add(new FieldError("parts[" + i + "].partNumber", "must be " + (i + 1) + " (parts in order, from 1)"));
        }
      }
      if (!errors.isEmpty()) {
        return Future.failedFuture(ApiException.validation(errors));
      }
      return store.uploadedParts(file.storageKey(), file.uploadId()).compose(uploaded -> {
        Map<Integer, UploadedPart> byNumber = uploaded.stream()
            .collect(Collectors.toMap(UploadedPart::partNumber, p -> p, (a, b) -> b));
        for (UploadedPart part : parts) {
          UploadedPart stored = byNumber.get(part.partNumber());
          String index = "parts[" + (part.partNumber() - 1) + "]";
          if (stored == null) {
            errors.add(new FieldError(index, "has not been uploaded"));
          } else if (!unquoted(stored.etag()).equals(unquoted(part.etag()))) {
            errors.add(new FieldError(index + ".etag", "is not the ETag of the uploaded part"));
          }
        }
        if (!errors.isEmpty()) {
          return Future.failedFuture(ApiException.validation(errors));
        }
        List<UploadedPart> ordered = parts.stream().map(p -> byNumber.get(p.partNumber())).toList();
        return store.completeMultipart(file.storageKey(), file.uploadId(), ordered)
            .recover(error -> Future.failedFuture(error instanceof ObjectStore.UploadGone
                ? ApiException.notFound("File not found.") : error))
            .compose(v -> store.sizeOf(file.storageKey()))
            .compose(size -> size != null && size == file.size() ? files.markUploaded(fileId)
                : Future.failedFuture(ApiException.validation("parts", "the parts hold " + size + " bytes, not the "
                    + file.size() + " declared")))
            .compose(marked -> marked != null ? Future.succeededFuture(marked)
                // retired while completing (24 hours unreferenced): the retention job removes the object
                : Future.failedFuture(ApiException.notFound("File not found.")));
      });
    });
  }

  private Future<FileRecord> pendingMultipart(String userId, String fileId) {
    return files.findLive(fileId).compose(file -> {
      if (file == null || !file.ownerUserId().equals(userId)) {
        return Future.failedFuture(ApiException.notFound("File not found."));
      }
      if (!file.multipart()) {
        return Future.failedFuture(ApiException.conflict("This file is uploaded with a single PUT, not in parts."));
      }
      if (file.uploaded()) {
        return Future.failedFuture(ApiException.conflict("This upload is already complete."));
      }
      return Future.succeededFuture(file);
    });
  }

  private Future<FileRecord> visible(String userId, String fileId) {
    if (!IdPrefix.FILE.matches(fileId)) {
      return Future.failedFuture(ApiException.notFound("File not found."));
    }
    return files.visibleTo(fileId, userId).compose(file -> file == null
        ? Future.failedFuture(ApiException.notFound("File not found."))
        : Future.succeededFuture(file));
  }

  private List<PartUrl> partUrls(FileRecord file, Set<Integer> done) {
    int count = partCount(file.size(), file.partSize());
    List<PartUrl> urls = new ArrayList<>();
    for (int number = 1; number <= count; number++) {
      if (!done.contains(number)) {
        long size = Math.min(file.partSize(), file.size() - (number - 1) * file.partSize());
        Presigned put = store.presignPart(file.storageKey(), file.uploadId(), number, size, settings.uploadUrlValidity());
        urls.add(new PartUrl(number, size, put.url(), put.headers()));
      }
    }
    return urls;
  }

  /** The configured part size, grown (in whole MiB) when the file would otherwise need more than 1000 parts. */
  private long partSize(long size) {
    long least = (size + MAX_PARTS - 1) / MAX_PARTS;
    long grown = ((least + MIB - 1) / MIB) * MIB;
    return Math.max(settings.multipartPartBytes(), grown);
  }

  private static int partCount(long size, long partSize) {
    return (int) ((size + partSize - 1) / partSize);
  }

  private static String unquoted(String etag) {
    return etag == null ? "" : etag.replace("\"", "");
  }
}
