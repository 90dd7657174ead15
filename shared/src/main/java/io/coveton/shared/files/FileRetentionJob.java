package io.coveton.shared.files;

import io.coveton.shared.jobs.PeriodicJob;
import io.coveton.shared.storage.ObjectStore;
import io.vertx.core.Future;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes files nobody needs, on one node at a time, in two steps so that a crash in between only
 * repeats work: first rows are marked deleted (a file never referenced by a message 24 hours after
 * its presign; a referenced one once no message references it, after a grace period that covers a
 * message still on its way), then each marked file's object (or unfinished multipart upload) is
 * removed from the store and its row dropped (orphans) or kept as a tombstone.
 */
public final class FileRetentionJob implements PeriodicJob {
  private static final Logger LOG = LoggerFactory.getLogger(FileRetentionJob.class);
  static final Duration ORPHAN_AFTER = Duration.ofHours(24);
  static final Duration REFERENCE_GRACE = Duration.ofMinutes(10);
  private static final int BATCH = 500;
  private final FileRepository files;
  private final ObjectStore store;
  private final Duration period;

  public FileRetentionJob(FileRepository files, ObjectStore store, Duration period) {
    this.files = files;
    this.store = store;
    this.period = period;
  }

  @Override
  public String name() {
    return "file-retention";
  }

  @Override
  public Duration period() {
    return period;
  }

  @Override
  public boolean clusterExclusive() {
    return true;
  }

  @Override
  public Future<Void> run() {
    return PeriodicJob.drain(BATCH, () -> files.retireOrphans(ORPHAN_AFTER, BATCH))
        .compose(v -> PeriodicJob.drain(BATCH, () -> files.retireUnreferenced(REFERENCE_GRACE, BATCH)))
        .compose(v -> purge());
  }

  private Future<Void> purge() {
    return files.toPurge(BATCH).compose(batch -> {
      Future<Integer> done = Future.succeededFuture(0);
      for (FileRepository.Retired retired : batch) {
        FileRecord file = retired.file();
        // an unfinished upload is aborted, and the object deleted too: a completion racing the
        // retirement may have made one. One file the store refuses does not hold up the others.
        done = done.compose(removed -> (file.multipart() ? store.abortMultipart(file.storageKey(), file.uploadId())
                : Future.<Void>succeededFuture())
            .compose(v -> store.delete(file.storageKey()))
            .compose(gone -> files.purged(retired))
            .map(v -> removed + 1)
            .recover(error -> {
              LOG.warn("could not remove file {} from storage, will retry: {}", file.id(), error.toString());
              return Future.succeededFuture(removed);
            }));
      }
      return done.compose(removed -> {
        if (removed > 0) {
          LOG.info("removed {} unneeded files from storage", removed);
        }
        return batch.size() == BATCH && removed > 0 ? purge() : Future.succeededFuture();
      });
    });
  }
}
