package io.coveton.client.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.stream.Stream;
import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.InvalidKeyException;
import org.signal.libsignal.protocol.InvalidMessageException;
import org.signal.libsignal.protocol.ReusedBaseKeyException;
import org.signal.libsignal.protocol.SignalProtocolAddress;
import org.signal.libsignal.protocol.ecc.ECPublicKey;
import org.signal.libsignal.protocol.state.IdentityKeyStore;
import org.signal.libsignal.protocol.state.KyberPreKeyRecord;
import org.signal.libsignal.protocol.state.PreKeyRecord;
import org.signal.libsignal.protocol.state.SessionRecord;
import org.signal.libsignal.protocol.state.SignedPreKeyRecord;
import org.signal.libsignal.protocol.state.impl.InMemorySignalProtocolStore;

/**
 * A device's Signal protocol state in a folder of its own (owner-only permissions where the file
 * system has them): each record is a file, written whole and renamed into place, so that a crash
 * never leaves half a session. The private keys stay in this folder; protect it like a password.
 */
public final class FileDeviceState extends InMemorySignalProtocolStore implements DeviceState {
  private final Path folder;
  private final java.util.Set<Integer> oneTimeKyberUsed = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final java.util.Set<String> lastResortUses = java.util.Collections.synchronizedSet(new java.util.LinkedHashSet<>());
  private boolean loading;

  private FileDeviceState(Path folder, IdentityKeyPair identity, int registrationId) {
    super(identity, registrationId);
    this.folder = folder;
  }

  /** Opens the state in {@code folder}, creating a new identity the first time. */
  public static FileDeviceState open(Path folder) {
    try {
      PrivateFiles.folder(folder);
      Path identityFile = folder.resolve("identity");
      if (!Files.exists(identityFile)) {
        IdentityKeyPair identity = IdentityKeyPair.generate();
        int registrationId = 1 + new SecureRandom().nextInt(16380);
        write(folder, "identity", identity.serialize());
        write(folder, "registration", Integer.toString(registrationId).getBytes(StandardCharsets.US_ASCII));
      }
      IdentityKeyPair identity = new IdentityKeyPair(Files.readAllBytes(identityFile));
      int registrationId = Integer.parseInt(Files.readString(folder.resolve("registration")).trim());
      FileDeviceState state = new FileDeviceState(folder, identity, registrationId);
      state.load();
      return state;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("the identity in " + folder + " is damaged", e);
    }
  }

  private void load() throws IOException {
    loading = true;
    try {
      for (Path file : list("prekey")) {
        super.storePreKey(id(file), new PreKeyRecord(Files.readAllBytes(file)));
      }
      for (Path file : list("signed")) {
        super.storeSignedPreKey(id(file), new SignedPreKeyRecord(Files.readAllBytes(file)));
      }
      for (Path file : list("kyber")) {
        super.storeKyberPreKey(id(file), new KyberPreKeyRecord(Files.readAllBytes(file)));
      }
      for (Path file : list("session")) {
        super.storeSession(address(file), new SessionRecord(Files.readAllBytes(file)));
      }
      Path uses = folder.resolve("kyber-last-resort-uses");
      if (Files.exists(uses)) {
        Files.readAllLines(uses).stream().filter(line -> !line.isBlank()).forEach(lastResortUses::add);
      }
      for (Path file : list("identity-of")) {
        super.saveIdentity(address(file), new IdentityKey(Files.readAllBytes(file)));
      }
    } catch (InvalidMessageException | InvalidKeyException e) {
      throw new IllegalStateException("a record in " + folder + " is damaged", e);
    } finally {
      loading = false;
    }
  }

  @Override
  public String deviceId() {
    Path file = folder.resolve("device-id");
    try {
      return Files.exists(file) ? Files.readString(file).trim() : null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void deviceId(String deviceId) {
    write(folder, "device-id", deviceId.getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public int nextPreKeyId() {
    Path file = folder.resolve("next-prekey-id");
    try {
      return Files.exists(file) ? Integer.parseInt(Files.readString(file).trim()) : 1;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void nextPreKeyId(int next) {
    write(folder, "next-prekey-id", Integer.toString(next).getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public void storePreKey(int preKeyId, PreKeyRecord record) {
    super.storePreKey(preKeyId, record);
    persist("prekey." + preKeyId, record.serialize());
  }

  @Override
  public void removePreKey(int preKeyId) {
    super.removePreKey(preKeyId);
    remove("prekey." + preKeyId);
  }

  @Override
  public void storeSignedPreKey(int signedPreKeyId, SignedPreKeyRecord record) {
    super.storeSignedPreKey(signedPreKeyId, record);
    persist("signed." + signedPreKeyId, record.serialize());
  }

  @Override
  public void removeSignedPreKey(int signedPreKeyId) {
    super.removeSignedPreKey(signedPreKeyId);
    remove("signed." + signedPreKeyId);
  }

  @Override
  public void storeKyberPreKey(int kyberPreKeyId, KyberPreKeyRecord record) {
    super.storeKyberPreKey(kyberPreKeyId, record);
    persist("kyber." + kyberPreKeyId, record.serialize());
  }

  /**
   * A one-time Kyber prekey is deleted once used (its secret must not outlive the session set-up);
   * the last-resort one stays, and the base keys it was used with are kept on disk, so that a
   * replayed first message is refused after a restart too.
   */
  @Override
  public void markKyberPreKeyUsed(int kyberPreKeyId, int signedPreKeyId, ECPublicKey baseKey) throws ReusedBaseKeyException {
    if (kyberPreKeyId != lastResortKyberPreKeyId()) {
      oneTimeKyberUsed.add(kyberPreKeyId);
      remove("kyber." + kyberPreKeyId);
      return;
    }
    String use = kyberPreKeyId + ":" + signedPreKeyId + ":" + java.util.HexFormat.of().formatHex(baseKey.serialize());
    if (!lastResortUses.add(use)) {
      throw new ReusedBaseKeyException("a first message was replayed");
    }
    write(folder, "kyber-last-resort-uses", String.join("\n", lastResortUses).getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public KyberPreKeyRecord loadKyberPreKey(int kyberPreKeyId) throws org.signal.libsignal.protocol.InvalidKeyIdException {
    if (oneTimeKyberUsed.contains(kyberPreKeyId)) {
      throw new org.signal.libsignal.protocol.InvalidKeyIdException("one-time Kyber prekey " + kyberPreKeyId + " was used");
    }
    return super.loadKyberPreKey(kyberPreKeyId);
  }

  @Override
  public boolean containsKyberPreKey(int kyberPreKeyId) {
    return !oneTimeKyberUsed.contains(kyberPreKeyId) && super.containsKyberPreKey(kyberPreKeyId);
  }

  @Override
  public int lastResortKyberPreKeyId() {
    Path file = folder.resolve("kyber-last-resort-id");
    try {
      return Files.exists(file) ? Integer.parseInt(Files.readString(file).trim()) : -1;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void lastResortKyberPreKeyId(int kyberPreKeyId) {
    write(folder, "kyber-last-resort-id", Integer.toString(kyberPreKeyId).getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public void storeSession(SignalProtocolAddress address, SessionRecord record) {
    super.storeSession(address, record);
    persist("session." + name(address), record.serialize());
  }

  @Override
  public void deleteSession(SignalProtocolAddress address) {
    super.deleteSession(address);
    remove("session." + name(address));
  }

  @Override
  public IdentityKeyStore.IdentityChange saveIdentity(SignalProtocolAddress address, IdentityKey identityKey) {
    IdentityKeyStore.IdentityChange change = super.saveIdentity(address, identityKey);
    persist("identity-of." + name(address), identityKey.serialize());
    return change;
  }

  private void persist(String name, byte[] bytes) {
    if (!loading) {
      write(folder, name, bytes);
    }
  }

  private void remove(String name) {
    try {
      Files.deleteIfExists(folder.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Iterable<Path> list(String prefix) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> f.getFileName().toString().startsWith(prefix + ".")).toList();
    }
  }

  private static int id(Path file) {
    String name = file.getFileName().toString();
    return Integer.parseInt(name.substring(name.indexOf('.') + 1));
  }

  /** Addresses are Coveton device ids ([A-Za-z0-9_-]) and the Signal device number 1. */
  private static String name(SignalProtocolAddress address) {
    return address.getName() + "~" + address.getDeviceId();
  }

  private static SignalProtocolAddress address(Path file) {
    String name = file.getFileName().toString();
    String rest = name.substring(name.indexOf('.') + 1);
    int split = rest.lastIndexOf('~');
    return new SignalProtocolAddress(rest.substring(0, split), Integer.parseInt(rest.substring(split + 1)));
  }

  private static void write(Path folder, String name, byte[] bytes) {
    PrivateFiles.write(folder, name, bytes);
  }
}
