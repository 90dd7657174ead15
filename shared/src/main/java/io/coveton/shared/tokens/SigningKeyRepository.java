package io.coveton.shared.tokens;

import io.coveton.shared.crypto.SecretBox;
import io.coveton.shared.id.IdGenerator;
import io.coveton.shared.id.IdPrefix;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/** Loads the active signing key, creating it on the first start of the first node. */
public final class SigningKeyRepository {
  private static final String SELECT_ACTIVE =
      "SELECT kid, algorithm, private_key_pem, public_key_pem FROM signing_keys WHERE slot = 'active'";
  private static final String INSERT_ACTIVE =
      "INSERT INTO signing_keys (kid, slot, algorithm, private_key_pem, public_key_pem) "
          + "VALUES ($1, 'active', 'ES256', $2, $3) ON CONFLICT (slot) DO NOTHING";
  // compare-and-set: of nodes starting together, one re-seals and the others read its result
  private static final String RESEAL =
      "UPDATE signing_keys SET private_key_pem = $3 WHERE kid = $1 AND private_key_pem = $2";

  private final Pool pool;
  private final IdGenerator ids;
  private final SecretBox box;

  /** The private key is kept sealed by {@code box}: whoever reads the table cannot mint tokens. */
  public SigningKeyRepository(Pool pool, IdGenerator ids, SecretBox box) {
    this.pool = pool;
    this.ids = ids;
    this.box = box;
  }

  /**
   * The active key; a private key found unsealed (written before keys were sealed) or sealed with a
   * key-encryption key older than the current one is sealed again with the current one.
   */
  public Future<SigningKey> loadOrCreate() {
    return selectActive().compose(existing -> existing != null
        ? reseal(existing)
        : insertNew().compose(v -> selectActive()))
        .map(stored -> new SigningKey(stored.kid(), stored.algorithm(),
            box.openText(stored.privateKeyPem(), context(stored.kid())), stored.publicKeyPem()));
  }

  private Future<SigningKey> reseal(SigningKey stored) {
    String kept = stored.privateKeyPem();
    boolean unsealed = !SecretBox.isSealedText(kept);
    if (!unsealed && !box.sealedWithOlderKey(kept)) {
      return Future.succeededFuture(stored);
    }
    String pem = unsealed ? kept : box.openText(kept, context(stored.kid()));
    String sealed = box.sealText(pem, context(stored.kid()));
    return pool.preparedQuery(RESEAL).execute(Tuple.of(stored.kid(), kept, sealed))
        .compose(v -> selectActive());
  }

  private Future<SigningKey> selectActive() {
    return pool.query(SELECT_ACTIVE).execute().map(SigningKeyRepository::firstOrNull);
  }

  private Future<Void> insertNew() {
    KeyPair pair = generate();
    String kid = ids.next(IdPrefix.SIGNING_KEY);
    return pool.preparedQuery(INSERT_ACTIVE)
        .execute(Tuple.of(kid,
            box.sealText(pem("PRIVATE KEY", pair.getPrivate().getEncoded()), context(kid)),
            pem("PUBLIC KEY", pair.getPublic().getEncoded())))
        .mapEmpty();
  }

  private static String context(String kid) {
    return "signing_key|" + kid;
  }

  private static SigningKey firstOrNull(RowSet<Row> rows) {
    return rows.size() == 0 ? null : SigningKey.fromRow(rows.iterator().next());
  }

  private static KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("P-256 key generation unavailable", e);
    }
  }

  private static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
