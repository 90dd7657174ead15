package io.coveton.shared.files;

import io.coveton.shared.error.ApiException;
import io.coveton.shared.error.FieldError;
import io.coveton.shared.storage.ObjectStore;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The rule for a message's {@code fileIds}, on every send and edit (REST and relay): each must be a
 * live file of the sender, for this chat if it was presigned for one, and uploaded. A file still
 * pending is confirmed here the first time a message references it, by asking the store for the
 * object's size (a multipart upload must have been completed). Anything else is a 422 naming the
 * id, and the message is not stored. A file that passes has its reference time set, which keeps the
 * retention job off it while the message is on its way to the database.
 */
public final class FileReferences {
  private final FileRepository files;
  private final ObjectStore store;

  public FileReferences(FileRepository files, ObjectStore store) {
    this.files = files;
    this.store = store;
  }

  /** For when no message may carry files at all (tests of other parts, tools). */
  public static FileReferences none() {
    return new FileReferences(null, null);
  }

  public Future<Void> check(String senderUserId, String chatId, List<String> fileIds) {
    if (fileIds == null || fileIds.isEmpty()) {
      return Future.succeededFuture();
    }
    if (files == null) {
      return Future.failedFuture(ApiException.validation("fileIds", "files are not available on this server"));
    }
    return files.byIds(fileIds).compose(found -> {
      Map<String, FileRecord> byId = found.stream().collect(Collectors.toMap(FileRecord::id, Function.identity()));
      List<FieldError> errors = new ArrayList<>();
      List<String> confirmed = new ArrayList<>();
      List<Future<Void>> confirmations = new ArrayList<>();
      for (int i = 0; i < fileIds.size(); i++) {
        String path = "fileIds[" + i + "]";
        FileRecord file = byId.get(fileIds.get(i));
        String problem = problem(file, senderUserId, chatId);
        if (problem != null) {
          errors.add(new FieldError(path, problem));
        } else if (!file.uploaded()) {
          confirmations.add(confirm(file, path, errors, confirmed));
        }
      }
      return Future.all(confirmations).compose(v -> {
        if (!errors.isEmpty()) {
          return Future.failedFuture(ApiException.validation(sorted(errors)));
        }
        return files.touchReferences(fileIds, confirmed).compose(live -> live == fileIds.size() ? Future.<Void>succeededFuture()
            : Future.failedFuture(ApiException.validation("fileIds", "a file was deleted meanwhile; send again")));
      });
    });
  }

  private static String problem(FileRecord file, String senderUserId, String chatId) {
    // someone else's file and no file at all look the same: ids of others' files tell nothing
    if (file == null || !file.ownerUserId().equals(senderUserId)) {
      return "is not a file of yours";
    }
    if (file.deletedAt() != null) {
      return "was deleted";
    }
    if (file.chatId() != null && !file.chatId().equals(chatId)) {
      return "was presigned for another chat";
    }
    if (!file.uploaded() && file.multipart()) {
      return "is a multipart upload that was not completed (POST /v1/files/:id/complete)";
    }
    return null;
  }

  /** A pending file: confirmed when the store holds it (marked uploaded with the references), else an error. */
  private Future<Void> confirm(FileRecord file, String path, List<FieldError> errors, List<String> confirmed) {
    return storedProblem(file).map(problem -> {
      if (problem != null) {
        errors.add(new FieldError(path, problem));
      } else {
        confirmed.add(file.id());
      }
      return null;
    });
  }

  /**
   * A single-PUT file still pending: marked uploaded when the store holds its declared size. What is
   * wrong with it, or null once it is uploaded.
   */
  public Future<String> confirmUploaded(FileRecord file) {
    if (file.uploaded()) {
      return Future.succeededFuture(null);
    }
    return storedProblem(file).compose(problem -> problem != null ? Future.succeededFuture(problem)
        : files.markUploaded(file.id()).map(marked -> marked == null ? "was deleted" : null));
  }

  /** Whether the store holds exactly the declared bytes; what is wrong, or null. */
  private Future<String> storedProblem(FileRecord file) {
    return store.sizeOf(file.storageKey()).map(size -> size == null ? "has not been uploaded yet"
        : size != file.size() ? "holds " + size + " bytes, not the " + file.size() + " declared" : null);
  }

  private static List<FieldError> sorted(List<FieldError> errors) {
    return errors.stream().sorted(java.util.Comparator.comparing(FieldError::path)).toList();
  }
}
