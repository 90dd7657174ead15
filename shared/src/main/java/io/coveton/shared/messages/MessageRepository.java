package io.coveton.shared.messages;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.coveton.shared.persistence.PgRows;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * All SQL about messages, envelopes, pending deliveries and reactions. A send is one statement,
 * whatever the number of recipient devices: the message, every envelope and every pending delivery
 * are written together through array parameters.
 */
public final class MessageRepository {
  private static final String INSERT =
      "WITH m AS (INSERT INTO messages (id, chat_id, sender_user_id, sender_device_id, content_type, ciphertext, "
          + "file_ids, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id, seq, created_at), "
          + "e AS (INSERT INTO message_envelopes (message_id, device_id, header) "
          + "SELECT m.id, x.d, x.h FROM m, unnest($9::text[], $10::text[]) AS x(d, h)), "
          + "p AS (INSERT INTO pending_deliveries (device_id, message_seq, message_id) "
          + "SELECT x.d, m.seq, m.id FROM m, unnest($9::text[]) AS x(d)) "
          + "SELECT id, seq, created_at FROM m";
  // Several sends in one statement (group commit): messages as parallel arrays in arrival order,
  // envelopes flattened with the id of their message.
  private static final String INSERT_MANY =
      "WITH input AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], "
          + "$7::timestamptz[]) WITH ORDINALITY AS t(id, chat_id, sender_user_id, sender_device_id, content_type, "
          + "ciphertext, expires_at, ord)), "
          + "m AS (INSERT INTO messages (id, chat_id, sender_user_id, sender_device_id, content_type, ciphertext, "
          + "expires_at) SELECT id, chat_id, sender_user_id, sender_device_id, content_type, ciphertext, expires_at "
          + "FROM input ORDER BY ord RETURNING id, seq, created_at, chat_id), "
          + "env AS (SELECT * FROM unnest($8::text[], $9::text[], $10::text[]) AS x(message_id, device_id, header)), "
          + "e AS (INSERT INTO message_envelopes (message_id, device_id, header) "
          + "SELECT message_id, device_id, header FROM env), "
          + "p AS (INSERT INTO pending_deliveries (device_id, message_seq, message_id) "
          + "SELECT env.device_id, m.seq, m.id FROM env JOIN m ON m.id = env.message_id) "
          + "SELECT id, seq, created_at FROM m";
  private static final String ENVELOPES_FOR =
      "(SELECT coalesce(json_agg(json_build_object('deviceId', e.device_id, 'header', e.header) "
          + "ORDER BY e.device_id), '[]'::json) FROM message_envelopes e "
          + "WHERE e.message_id = m.id AND e.device_id = ANY($%d))::text AS envelopes";
  private static final String REACTIONS =
      "(SELECT coalesce(json_agg(json_build_object('reaction', r.reaction, 'count', r.n, 'userIds', r.users) "
          + "ORDER BY r.first, r.reaction), '[]'::json) FROM (SELECT reaction, count(*) AS n, "
          + "json_agg(user_id ORDER BY created_at, user_id) AS users, min(created_at) AS first "
          + "FROM message_reactions WHERE message_id = m.id GROUP BY reaction) r)::text AS reactions";
  private static final String PAGE =
      "SELECT " + Message.COLUMNS + ", " + ENVELOPES_FOR.formatted(4) + ", " + REACTIONS + " FROM messages m "
          + "WHERE m.chat_id = $1 AND ($2::text IS NULL OR m.id < $2) "
          + "AND (m.expires_at IS NULL OR m.expires_at > now()) ORDER BY m.id DESC LIMIT $3";
  private static final String BY_ID =
      "SELECT " + Message.COLUMNS + ", " + ENVELOPES_FOR.formatted(2) + ", " + REACTIONS + " FROM messages m "
          + "WHERE m.id = $1 AND (m.expires_at IS NULL OR m.expires_at > now())";
  private static final String UPDATE_CONTENT =
      "UPDATE messages m SET ciphertext = $2, content_type = coalesce($3, content_type), edited_at = now() "
          + "WHERE m.id = $1 RETURNING " + Message.COLUMNS.replace("m.", "");
  private static final String CLEAR_DELIVERY =
      "WITH e AS (DELETE FROM message_envelopes WHERE message_id = $1) "
          + "DELETE FROM pending_deliveries WHERE message_id = $1";
  private static final String INSERT_DELIVERY =
      "WITH e AS (INSERT INTO message_envelopes (message_id, device_id, header) "
          + "SELECT $1, x.d, x.h FROM unnest($3::text[], $4::text[]) AS x(d, h)) "
          + "INSERT INTO pending_deliveries (device_id, message_seq, message_id) "
          + "SELECT x.d, $2, $1 FROM unnest($3::text[]) AS x(d)";
  private static final String DELETE = "DELETE FROM messages WHERE id = $1";
  private static final String TOGGLE_REACTION =
      "WITH removed AS (DELETE FROM message_reactions WHERE message_id = $1 AND user_id = $2 AND reaction = $3 "
          + "RETURNING 1) INSERT INTO message_reactions (message_id, user_id, reaction) "
          + "SELECT $1, $2, $3 WHERE NOT EXISTS (SELECT 1 FROM removed) ON CONFLICT DO NOTHING";
  private static final String REACTIONS_OF =
      "SELECT " + REACTIONS + " FROM (SELECT $1::text AS id) m";
  private static final String PURGE_EXPIRED =
      "DELETE FROM messages WHERE id IN (SELECT id FROM messages WHERE expires_at <= now() "
          + "ORDER BY expires_at LIMIT $1 FOR UPDATE SKIP LOCKED)";

  private final Pool pool;

  public MessageRepository(Pool pool) {
    this.pool = pool;
  }

  /** Stores a message with its envelopes and pending deliveries, atomically, in one round trip. */
  public Future<Message> insert(String id, MessageDraft draft, String senderUserId, String senderDeviceId) {
    Tuple params = Tuple.tuple()
        .addValue(id)
        .addValue(draft.chatId())
        .addValue(senderUserId)
        .addValue(senderDeviceId)
        .addValue(draft.contentType())
        .addValue(draft.ciphertext())
        .addValue(draft.fileIds().toArray(new String[0]))
        .addValue(draft.expiresAt() == null ? null : OffsetDateTime.ofInstant(draft.expiresAt(), ZoneOffset.UTC))
        .addValue(deviceIds(draft.envelopes()))
        .addValue(headers(draft.envelopes()));
    return pool.preparedQuery(INSERT).execute(params).map(rows -> {
      Row row = rows.iterator().next();
      return new Message(id, row.getLong("seq"), draft.chatId(), senderUserId, senderDeviceId, draft.contentType(),
          draft.ciphertext(), draft.fileIds(), PgRows.instant(row, "created_at"), null,
          draft.expiresAt(), List.of(), List.of());
    });
  }

  /** A send waiting to be stored with others in one statement. */
  public record PendingSend(String id, MessageDraft draft, String senderUserId, String senderDeviceId) {}

  /**
   * Stores several sends (none with file ids) atomically in one statement and one commit; answers
   * the stored messages in the same order.
   */
  public Future<List<Message>> insertAll(List<PendingSend> sends) {
    int n = sends.size();
    String[] ids = new String[n];
    String[] chats = new String[n];
    String[] senders = new String[n];
    String[] devices = new String[n];
    String[] types = new String[n];
    String[] ciphertexts = new String[n];
    OffsetDateTime[] expiries = new OffsetDateTime[n];
    List<String> envelopeMessages = new ArrayList<>();
    List<String> envelopeDevices = new ArrayList<>();
    List<String> envelopeHeaders = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      PendingSend send = sends.get(i);
      MessageDraft draft = send.draft();
      ids[i] = send.id();
      chats[i] = draft.chatId();
      senders[i] = send.senderUserId();
      devices[i] = send.senderDeviceId();
      types[i] = draft.contentType();
      ciphertexts[i] = draft.ciphertext();
      expiries[i] = draft.expiresAt() == null ? null : OffsetDateTime.ofInstant(draft.expiresAt(), ZoneOffset.UTC);
      for (Envelope envelope : draft.envelopes()) {
        envelopeMessages.add(send.id());
        envelopeDevices.add(envelope.deviceId());
        envelopeHeaders.add(envelope.header());
      }
    }
    Tuple params = Tuple.tuple().addValue(ids).addValue(chats).addValue(senders).addValue(devices).addValue(types)
        .addValue(ciphertexts).addValue(expiries).addValue(envelopeMessages.toArray(new String[0]))
        .addValue(envelopeDevices.toArray(new String[0])).addValue(envelopeHeaders.toArray(new String[0]));
    return pool.preparedQuery(INSERT_MANY).execute(params).map(rows -> {
      java.util.Map<String, Row> byId = new java.util.HashMap<>();
      rows.forEach(row -> byId.put(row.getString("id"), row));
      List<Message> stored = new ArrayList<>(n);
      for (PendingSend send : sends) {
        Row row = byId.get(send.id());
        MessageDraft draft = send.draft();
        stored.add(new Message(send.id(), row.getLong("seq"), draft.chatId(), send.senderUserId(),
            send.senderDeviceId(), draft.contentType(), draft.ciphertext(), List.of(),
            PgRows.instant(row, "created_at"), null, draft.expiresAt(), List.of(), List.of()));
      }
      return stored;
    });
  }

  /** Newest first, unexpired, with only the envelopes of {@code readerDeviceIds}. */
  public Future<List<Message>> page(String chatId, String before, int limit, List<String> readerDeviceIds) {
    return pool.preparedQuery(PAGE)
        .execute(Tuple.of(chatId, before, limit, readerDeviceIds.toArray(new String[0])))
        .map(rows -> PgRows.list(rows, Message::fromRow));
  }

  /** An unexpired message with the envelopes of {@code readerDeviceIds}; null if none. */
  public Future<Message> find(String messageId, List<String> readerDeviceIds) {
    return pool.preparedQuery(BY_ID).execute(Tuple.of(messageId, (Object) readerDeviceIds.toArray(new String[0])))
        .map(rows -> rows.size() == 0 ? null : Message.fromRow(rows.iterator().next()));
  }

  /** Replaces the content and the whole envelope set; every recipient gets the message again. */
  public Future<Message> replaceContent(String messageId, MessageDraft edit) {
    return pool.withTransaction(conn -> conn.preparedQuery(UPDATE_CONTENT)
        .execute(Tuple.of(messageId, edit.ciphertext(), edit.contentType()))
        .compose(rows -> {
          Message updated = Message.fromRow(rows.iterator().next());
          return redeliver(conn, updated, edit.envelopes()).map(updated);
        }));
  }

  private static Future<Void> redeliver(SqlConnection conn, Message message, List<Envelope> envelopes) {
    return conn.preparedQuery(CLEAR_DELIVERY).execute(Tuple.of(message.id()))
        .compose(v -> conn.preparedQuery(INSERT_DELIVERY).execute(Tuple.of(message.id(), message.seq(),
            deviceIds(envelopes), headers(envelopes))))
        .mapEmpty();
  }

  public Future<Void> delete(String messageId) {
    return pool.preparedQuery(DELETE).execute(Tuple.of(messageId)).mapEmpty();
  }

  /** Adds the user's reaction, or takes it back if it was there; answers the message's reactions. */
  public Future<List<ReactionSummary>> toggleReaction(String messageId, String userId, String reaction) {
    return pool.preparedQuery(TOGGLE_REACTION).execute(Tuple.of(messageId, userId, reaction))
        .compose(v -> pool.preparedQuery(REACTIONS_OF).execute(Tuple.of(messageId)))
        .map(rows -> Message.reactions(rows.iterator().next().getString("reactions")));
  }

  /** Deletes up to {@code batch} expired messages; safe to run on every node at once. */
  public Future<Integer> purgeExpired(int batch) {
    return pool.preparedQuery(PURGE_EXPIRED).execute(Tuple.of(batch)).map(RowSet::rowCount);
  }

  private static String[] deviceIds(List<Envelope> envelopes) {
    return envelopes.stream().map(Envelope::deviceId).toArray(String[]::new);
  }

  private static String[] headers(List<Envelope> envelopes) {
    return envelopes.stream().map(Envelope::header).toArray(String[]::new);
  }
}
