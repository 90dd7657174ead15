package io.coveton.shared.mail;

import io.coveton.shared.crypto.SecretBox;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * All SQL about the mails table. A mail is queued in the transaction of what caused it, its bodies
 * sealed (a reset link is a credential); senders claim due mails with {@code SKIP LOCKED} under a
 * lease, so a node that dies mid-send leaves its mail to another once the lease is over.
 */
public final class MailRepository {
  static final Duration LEASE = Duration.ofMinutes(2);
  private static final String QUEUE =
      "INSERT INTO mails (id, to_address, subject, body_sealed) VALUES ($1, $2, $3, $4)";
  private static final String CLAIM =
      "UPDATE mails SET claimed_at = now(), attempts = attempts + 1 WHERE id IN ("
          + "SELECT id FROM mails WHERE sent_at IS NULL AND next_attempt_at <= now() "
          + "AND (claimed_at IS NULL OR claimed_at < now() - make_interval(secs => $2)) "
          + "ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED) "
          + "RETURNING id, to_address, subject, body_sealed, attempts";
  private static final String SENT = "UPDATE mails SET sent_at = now(), claimed_at = NULL, body_sealed = '' WHERE id = $1";
  private static final String RETRY =
      "UPDATE mails SET claimed_at = NULL, next_attempt_at = now() + make_interval(secs => $2), last_error = $3 "
          + "WHERE id = $1";
  private static final String PURGE_SENT =
      "DELETE FROM mails WHERE id IN (SELECT id FROM mails WHERE sent_at < now() - interval '7 days' LIMIT $1)";

  private final Pool pool;
  private final SecretBox box;

  public MailRepository(Pool pool, SecretBox box) {
    this.pool = pool;
    this.box = box;
  }

  public Future<Void> queue(SqlConnection tx, MailMessage mail) {
    byte[] body = new JsonObject().put("text", mail.text()).put("html", mail.html()).encode()
        .getBytes(StandardCharsets.UTF_8);
    return tx.preparedQuery(QUEUE).execute(Tuple.of(mail.id(), mail.to(), mail.subject(),
        Buffer.buffer(box.seal(body, context(mail.id()))))).mapEmpty();
  }

  public Future<List<Claimed>> claimDue(int limit) {
    return pool.preparedQuery(CLAIM).execute(Tuple.of(limit, (double) LEASE.toSeconds())).map(rows -> {
      List<Claimed> claimed = new ArrayList<>();
      for (Row row : rows) {
        String id = row.getString("id");
        JsonObject body = new JsonObject(new String(box.open(row.getBuffer("body_sealed").getBytes(), context(id)),
            StandardCharsets.UTF_8));
        claimed.add(new Claimed(new MailMessage(id, row.getString("to_address"), row.getString("subject"),
            body.getString("text"), body.getString("html")), row.getInteger("attempts")));
      }
      return claimed;
    });
  }

  /** Sent: the sealed body is dropped at once, the row kept a week for the record. */
  public Future<Void> sent(String id) {
    return pool.preparedQuery(SENT).execute(Tuple.of(id)).mapEmpty();
  }

  public Future<Void> retryLater(String id, Duration delay, String error) {
    String reason = error == null ? "unknown" : error.substring(0, Math.min(500, error.length()));
    return pool.preparedQuery(RETRY).execute(Tuple.of(id, (double) delay.toSeconds(), reason)).mapEmpty();
  }

  public Future<Integer> purgeSent(int batch) {
    return pool.preparedQuery(PURGE_SENT).execute(Tuple.of(batch)).map(rows -> rows.rowCount());
  }

  private static String context(String id) {
    return "mail|" + id;
  }

  /** A mail taken for sending, with how many times it has been taken so far. */
  public record Claimed(MailMessage mail, int attempt) {}
}
