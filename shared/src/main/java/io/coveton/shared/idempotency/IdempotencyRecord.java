package io.coveton.shared.idempotency;

import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;

/** A stored first result for one (caller, key): still running when {@code statusCode} is null. */
public record IdempotencyRecord(byte[] requestHash, Integer statusCode, Buffer responseBody) {
  public static IdempotencyRecord fromRow(Row row) {
    return new IdempotencyRecord(
        row.getBuffer("request_hash").getBytes(), row.getInteger("status_code"), row.getBuffer("response_body"));
  }

  public boolean completed() {
    return statusCode != null;
  }
}
