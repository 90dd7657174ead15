package io.coveton.shared.messages;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.coveton.shared.persistence.PgRows;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * All SQL about messages, their envelopes and reactions. Any number of sends is one statement,
 * whatever the number of recipient devices: the messages and every envelope, each at its place in
 * its device's mailbox, are written together through array parameters.
 */
public final class MessageRepository {
  // From env (message_id, device_id, header, k: the envelope's rank among this write's envelopes for
  // its device) and counts (device_id, n): advances each head by n and places the envelopes after it.
  private static final String PLACE_ENVELOPES =
      "heads AS (INSERT INTO mailbox_heads AS h (device_id, last_position) SELECT device_id, n FROM counts "
          + "ORDER BY device_id ON CONFLICT (device_id) DO UPDATE SET last_position = h.last_position + excluded.last_position "
          + "RETURNING h.device_id, h.last_position), "
          + "placed AS (INSERT INTO message_envelopes (message_id, device_id, header, position) "
          + "SELECT env.message_id, env.device_id, env.header, heads.last_position - counts.n + env.k "
          + "FROM env JOIN counts ON counts.device_id = env.device_id JOIN heads ON heads.device_id = env.device_id "
          + "RETURNING message_id, device_id, position) ";
  // Several sends in one statement (group commit): messages as parallel arrays in arrival order
  // (ciphertexts, most of what a send carries, as their UTF-8 bytes: the client would encode a text
  // array character by character), envelopes flattened with the id of their message, in the same
  // order. Each envelope takes the next
  // position of its device's mailbox, in arrival order; the heads are locked in device order, so
  // concurrent writers (other nodes, edits) wait for each other's commit but never deadlock.
  private static final String INSERT_MANY =
      "WITH input AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bytea[], "
          + "$7::timestamptz[], $8::text[]) WITH ORDINALITY AS t(id, chat_id, sender_user_id, sender_device_id, "
          + "content_type, ciphertext, expires_at, file_ids, ord)), "
          + "m AS (INSERT INTO messages (id, chat_id, sender_user_id, sender_device_id, content_type, ciphertext, "
          + "expires_at, file_ids) SELECT id, chat_id, sender_user_id, sender_device_id, content_type, "
          + "convert_from(ciphertext, 'UTF8'), "
          + "expires_at, string_to_array(file_ids, ',') FROM input ORDER BY ord RETURNING id, seq, created_at), "
          + "env AS (SELECT x.message_id, x.device_id, x.header, "
          + "row_number() OVER (PARTITION BY x.device_id ORDER BY x.ord) AS k "
          + "FROM unnest($9::text[], $10::text[], $11::text[]) WITH ORDINALITY AS x(message_id, device_id, header, ord)), "
          + "counts AS (SELECT device_id, count(*) AS n FROM env GROUP BY device_id), "
          + PLACE_ENVELOPES
          // one row per message, its envelopes' places as two aligned arrays: a group's fan-out would
          // otherwise answer (and the node decode) the message's columns once per recipient device
          + "SELECT m.id, m.seq, m.created_at, p.devices, p.positions FROM m LEFT JOIN ("
          + "SELECT message_id, array_agg(device_id) AS devices, array_agg(position) AS positions "
          + "FROM placed GROUP BY message_id) p ON p.message_id = m.id";
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
      "UPDATE messages m SET ciphertext = $2, content_type = coalesce($3, content_type), "
          + "file_ids = coalesce($4::text[], file_ids), edited_at = now() "
          + "WHERE m.id = $1 RETURNING " + Message.COLUMNS.replace("m.", "");
  private static final String CLEAR_DELIVERY = "DELETE FROM message_envelopes WHERE message_id = $1";
  // an edit is delivered again: its envelopes move to the end of their devices' mailboxes
  private static final String INSERT_DELIVERY =
      "WITH env AS (SELECT $1::text AS message_id, x.d AS device_id, x.h AS header, 1::bigint AS k "
          + "FROM unnest($2::text[], $3::text[]) AS x(d, h)), "
          + "counts AS (SELECT device_id, 1::bigint AS n FROM env), "
          + PLACE_ENVELOPES + "SELECT device_id, position FROM placed";
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

  /** A send waiting to be stored with others in one statement. */
  public record PendingSend(String id, MessageDraft draft, String senderUserId, String senderDeviceId) {}

  /**
   * Stores several sends atomically in one statement and one commit, each envelope at the next
   * position of its device's mailbox in the order of {@code sends}; answers the stored messages in
   * the same order.
   */
  public Future<List<StoredMessage>> insertAll(List<PendingSend> sends) {
    int n = sends.size();
    String[] ids = new String[n];
    String[] chats = new String[n];
    String[] senders = new String[n];
    String[] devices = new String[n];
    String[] types = new String[n];
    Buffer[] ciphertexts = new Buffer[n];
    OffsetDateTime[] expiries = new OffsetDateTime[n];
    String[] files = new String[n];
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
      ciphertexts[i] = Buffer.buffer(draft.ciphertext().getBytes(StandardCharsets.UTF_8));
      expiries[i] = draft.expiresAt() == null ? null : OffsetDateTime.ofInstant(draft.expiresAt(), ZoneOffset.UTC);
      // file ids are validated ids (prefix and base32), so a comma never occurs in one
      files[i] = String.join(",", draft.fileIds());
      for (Envelope envelope : draft.envelopes()) {
        envelopeMessages.add(send.id());
        envelopeDevices.add(envelope.deviceId());
        envelopeHeaders.add(envelope.header());
      }
    }
    Tuple params = Tuple.tuple().addValue(ids).addValue(chats).addValue(senders).addValue(devices).addValue(types)
        .addValue(ciphertexts).addValue(expiries).addValue(files).addValue(envelopeMessages.toArray(new String[0]))
        .addValue(envelopeDevices.toArray(new String[0])).addValue(envelopeHeaders.toArray(new String[0]));
    return pool.preparedQuery(INSERT_MANY).execute(params).map(rows -> {
      Map<String, Row> messageRows = new HashMap<>();
      Map<String, Map<String, Long>> positions = new HashMap<>();
      for (Row row : rows) {
        String id = row.getString("id");
        messageRows.put(id, row);
        String[] placedDevices = row.getArrayOfStrings("devices");
        Long[] placedPositions = row.getArrayOfLongs("positions");
        if (placedDevices != null) {
          Map<String, Long> byDevice = new HashMap<>(placedDevices.length * 2);
          for (int i = 0; i < placedDevices.length; i++) {
            byDevice.put(placedDevices[i], placedPositions[i]);
          }
          positions.put(id, byDevice);
        }
      }
      List<StoredMessage> stored = new ArrayList<>(n);
      for (PendingSend send : sends) {
        Row row = messageRows.get(send.id());
        MessageDraft draft = send.draft();
        stored.add(new StoredMessage(new Message(send.id(), row.getLong("seq"), draft.chatId(), send.senderUserId(),
            send.senderDeviceId(), draft.contentType(), draft.ciphertext(), draft.fileIds(),
            PgRows.instant(row, "created_at"), null, draft.expiresAt(), List.of(), List.of()),
            positions.getOrDefault(send.id(), Map.of())));
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
        .execute(Tuple.of(messageId, edit.ciphertext(), edit.contentType(),
            edit.fileIds() == null ? null : edit.fileIds().toArray(new String[0])))
        .compose(rows -> {
          Message updated = Message.fromRow(rows.iterator().next());
          return redeliver(conn, updated, edit.envelopes()).map(updated);
        }));
  }

  private static Future<Void> redeliver(SqlConnection conn, Message message, List<Envelope> envelopes) {
    return conn.preparedQuery(CLEAR_DELIVERY).execute(Tuple.of(message.id()))
        .compose(v -> conn.preparedQuery(INSERT_DELIVERY).execute(Tuple.of(message.id(), deviceIds(envelopes),
            headers(envelopes))))
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
