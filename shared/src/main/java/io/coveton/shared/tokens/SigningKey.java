package io.coveton.shared.tokens;

import io.vertx.sqlclient.Row;

/** The ES256 key pair that signs access tokens, shared by every node through Postgres. */
public record SigningKey(String kid, String algorithm, String privateKeyPem, String publicKeyPem) {
  public static SigningKey fromRow(Row row) {
    return new SigningKey(
        row.getString("kid"), row.getString("algorithm"),
        row.getString("private_key_pem"), row.getString("public_key_pem"));
  }

  @Override
  public String toString() {
    return "SigningKey[kid=" + kid + ", algorithm=" + algorithm + "]";
  }
}
