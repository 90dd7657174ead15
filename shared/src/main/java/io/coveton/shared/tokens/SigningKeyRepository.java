package io.coveton.shared.tokens;

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

  private final Pool pool;
  private final IdGenerator ids;

  public SigningKeyRepository(Pool pool, IdGenerator ids) {
    this.pool = pool;
    this.ids = ids;
  }

  public Future<SigningKey> loadOrCreate() {
    return selectActive().compose(existing -> existing != null
        ? Future.succeededFuture(existing)
        : insertNew().compose(v -> selectActive()));
  }

  private Future<SigningKey> selectActive() {
    return pool.query(SELECT_ACTIVE).execute().map(SigningKeyRepository::firstOrNull);
  }

  private Future<Void> insertNew() {
    KeyPair pair = generate();
    return pool.preparedQuery(INSERT_ACTIVE)
        .execute(Tuple.of(ids.next(IdPrefix.SIGNING_KEY),
            pem("PRIVATE KEY", pair.getPrivate().getEncoded()),
            pem("PUBLIC KEY", pair.getPublic().getEncoded())))
        .mapEmpty();
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
