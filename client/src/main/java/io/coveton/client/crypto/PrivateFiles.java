package io.coveton.client.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files only their owner may read, for private keys, sessions and tokens: the folder is owner-only
 * (refused when it cannot be made so), each file is created owner-only under a random name and
 * renamed into place whole, so that no reader ever sees half of one and a crash leaves the old one.
 */
public final class PrivateFiles {
  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  private static final Set<PosixFilePermission> OWNER_FOLDER = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");

  private PrivateFiles() {}

  /** Creates the folder if needed and makes sure nobody but its owner can enter it. */
  public static Path folder(Path folder) {
    try {
      if (POSIX) {
        Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(OWNER_FOLDER));
        if (!Files.getPosixFilePermissions(folder).equals(OWNER_FOLDER)) {
          Files.setPosixFilePermissions(folder, OWNER_FOLDER);
        }
      } else {
        Files.createDirectories(folder);
      }
      return folder;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make " + folder + " private to its owner", e);
    }
  }

  /** Writes {@code bytes} to {@code folder/name}, owner-only, atomically. */
  public static void write(Path folder, String name, byte[] bytes) {
    try {
      FileAttribute<?>[] ownerOnly = POSIX
          ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_FILE)} : new FileAttribute<?>[0];
      Path temporary = Files.createTempFile(folder, ".write-", ".tmp", ownerOnly);
      Files.write(temporary, bytes);
      Files.move(temporary, folder.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
