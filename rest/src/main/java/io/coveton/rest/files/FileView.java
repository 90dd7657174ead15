package io.coveton.rest.files;

import io.coveton.shared.files.FileRecord;
import java.time.Instant;

/** A file's metadata, to whoever may download it. The filename is the client's, opaque (maybe encrypted). */
record FileView(String id, String filename, String contentType, long size, String status, String chatId,
    Instant createdAt) {
  static FileView of(FileRecord file) {
    return new FileView(file.id(), file.filename(), file.contentType(), file.size(), file.status(), file.chatId(),
        file.createdAt());
  }
}
