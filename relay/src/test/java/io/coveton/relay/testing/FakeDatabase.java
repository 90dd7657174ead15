package io.coveton.relay.testing;

import io.coveton.shared.delivery.PendingEnvelope;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowIterator;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A {@link Pool} that answers, from memory, the statements the relay's repositories run on connect
 * and delivery: active sessions and devices, and each device's mailbox. Answers complete at once, on
 * the caller's thread; any other statement fails, so that an unexpected query shows.
 */
public final class FakeDatabase {
  private final Map<String, String> sessionUsers = new HashMap<>();
  private final Map<String, String> deviceUsers = new HashMap<>();
  private final Map<String, NavigableMap<Long, PendingEnvelope>> mailboxes = new HashMap<>();
  private final List<String> statements = new ArrayList<>();
  private final List<Tuple> mailboxReads = new ArrayList<>();
  private List<Runnable> held;
  private final Pool pool = proxy(Pool.class, (method, args) -> switch (method) {
    case "preparedQuery" -> preparedQuery((String) args[0]);
    case "size" -> 1;
    default -> throw new UnsupportedOperationException("FakeDatabase pool: " + method);
  });

  public Pool pool() {
    return pool;
  }

  public void activeDevice(String userId, String sessionId, String deviceId) {
    sessionUsers.put(sessionId, userId);
    deviceUsers.put(deviceId, userId);
  }

  /** Envelopes committed to the device's mailbox at positions {@code from..to}, ids {@code msg_<position>}. */
  public void store(String deviceId, long from, long to) {
    NavigableMap<Long, PendingEnvelope> mailbox = mailboxes.computeIfAbsent(deviceId, d -> new TreeMap<>());
    Instant createdAt = Instant.parse("2026-12-01T10:00:00Z");
    for (long position = from; position <= to; position++) {
      mailbox.put(position, new PendingEnvelope(position, messageId(position), "chat_1", "usr_sender",
          "dev_sender", "signal", "ciphertext-" + position, java.util.List.of(), "header-" + position, createdAt, null,
          null));
    }
  }

  /** From now on answers wait, in order, until {@link #release()}: a lookup in progress. */
  public void hold() {
    held = new ArrayList<>();
  }

  /** Gives every held answer, in order, and answers at once again. */
  public void release() {
    List<Runnable> answers = held;
    held = null;
    answers.forEach(Runnable::run);
  }

  public static String messageId(long position) {
    return "msg_" + position;
  }

  /** Every statement run so far, in order. */
  public List<String> statements() {
    return List.copyOf(statements);
  }

  /** The parameters (device, after position, limit) of every mailbox page read so far. */
  public List<Tuple> mailboxReads() {
    return List.copyOf(mailboxReads);
  }

  private PreparedQuery<RowSet<Row>> preparedQuery(String sql) {
    return proxy(PreparedQuery.class, (method, args) -> {
      if (!method.equals("execute") || args.length != 1) {
        throw new UnsupportedOperationException("FakeDatabase query: " + method);
      }
      statements.add(sql);
      Future<RowSet<Row>> answer = answer(sql, (Tuple) args[0]);
      if (held == null) {
        return answer;
      }
      Promise<RowSet<Row>> later = Promise.promise();
      held.add(() -> answer.onComplete(result -> {
        if (result.succeeded()) {
          later.complete(result.result());
        } else {
          later.fail(result.cause());
        }
      }));
      return later.future();
    });
  }

  private Future<RowSet<Row>> answer(String sql, Tuple params) {
    if (sql.endsWith("FROM sessions WHERE id = $1")) {
      String userId = sessionUsers.get(params.getString(0));
      return rows(userId == null ? List.of() : List.of(sessionRow(params.getString(0), userId)));
    }
    if (sql.endsWith("FROM devices WHERE id = $1 AND revoked_at IS NULL")) {
      String userId = deviceUsers.get(params.getString(0));
      return rows(userId == null ? List.of() : List.of(deviceRow(params.getString(0), userId)));
    }
    if (sql.startsWith("SELECT coalesce((SELECT last_position FROM mailbox_heads")) {
      NavigableMap<Long, PendingEnvelope> mailbox = mailboxes.getOrDefault(params.getString(0), new TreeMap<>());
      return rows(List.of(Map.of("head", mailbox.isEmpty() ? 0L : mailbox.lastKey(), "acked", 0L)));
    }
    if (sql.startsWith("SELECT e.position, m.id")) {
      mailboxReads.add(params);
      NavigableMap<Long, PendingEnvelope> mailbox = mailboxes.getOrDefault(params.getString(0), new TreeMap<>());
      return rows(mailbox.tailMap(params.getLong(1), false).values().stream()
          .limit(params.getInteger(2)).map(FakeDatabase::envelopeRow).toList());
    }
    if (sql.startsWith("UPDATE devices SET last_seen_at")) {
      // presence announcements (which read chats and route events) are not under test: never answered
      return Promise.<RowSet<Row>>promise().future();
    }
    return Future.failedFuture(new IllegalStateException("FakeDatabase has no answer for: " + sql));
  }

  private static Map<String, Object> sessionRow(String sessionId, String userId) {
    Instant now = Instant.now();
    Map<String, Object> row = new HashMap<>();
    row.put("id", sessionId);
    row.put("user_id", userId);
    row.put("ip", "127.0.0.1");
    row.put("user_agent", "relay-test");
    row.put("location", null);
    row.put("created_at", now.minus(1, ChronoUnit.HOURS));
    // seen just now, so that authenticating does not write last_seen_at
    row.put("last_seen_at", now);
    row.put("expires_at", now.plus(1, ChronoUnit.DAYS));
    row.put("revoked_at", null);
    return row;
  }

  private static Map<String, Object> deviceRow(String deviceId, String userId) {
    Map<String, Object> row = new HashMap<>();
    row.put("id", deviceId);
    row.put("user_id", userId);
    row.put("name", "test device");
    row.put("platform", "android");
    row.put("public_key", "public-key");
    row.put("key_bundle", "{}");
    row.put("created_at", Instant.now().minus(1, ChronoUnit.DAYS));
    row.put("last_seen_at", null);
    row.put("revoked_at", null);
    return row;
  }

  private static Map<String, Object> envelopeRow(PendingEnvelope envelope) {
    Map<String, Object> row = new HashMap<>();
    row.put("position", envelope.position());
    row.put("id", envelope.messageId());
    row.put("chat_id", envelope.chatId());
    row.put("sender_user_id", envelope.senderUserId());
    row.put("sender_device_id", envelope.senderDeviceId());
    row.put("content_type", envelope.contentType());
    row.put("ciphertext", envelope.ciphertext());
    row.put("file_ids", envelope.fileIds().toArray(new String[0]));
    row.put("header", envelope.header());
    row.put("created_at", envelope.createdAt());
    row.put("edited_at", envelope.editedAt());
    row.put("expires_at", envelope.expiresAt());
    return row;
  }

  private static Future<RowSet<Row>> rows(List<Map<String, Object>> columns) {
    List<Row> rows = columns.stream().map(FakeDatabase::row).toList();
    RowSet<Row> set = proxy(RowSet.class, (method, args) -> switch (method) {
      case "size", "rowCount" -> rows.size();
      case "iterator" -> iterator(rows.iterator());
      case "forEach" -> {
        @SuppressWarnings("unchecked")
        Consumer<Row> action = (Consumer<Row>) args[0];
        rows.forEach(action);
        yield null;
      }
      default -> throw new UnsupportedOperationException("FakeDatabase rows: " + method);
    });
    return Future.succeededFuture(set);
  }

  private static RowIterator<Row> iterator(Iterator<Row> rows) {
    return new RowIterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public Row next() {
        return rows.next();
      }
    };
  }

  /** A row read by column name, as the repositories' {@code fromRow} mappings read it. */
  private static Row row(Map<String, Object> columns) {
    return proxy(Row.class, (method, args) -> {
      if (args == null || args.length != 1 || !(args[0] instanceof String column)) {
        throw new UnsupportedOperationException("FakeDatabase row: " + method);
      }
      if (!columns.containsKey(column)) {
        throw new NoSuchElementException("no column " + column);
      }
      Object value = columns.get(column);
      return switch (method) {
        case "getOffsetDateTime" -> value == null ? null : OffsetDateTime.ofInstant((Instant) value, ZoneOffset.UTC);
        case "getLong" -> value == null ? null : ((Number) value).longValue();
        case "getInteger" -> value == null ? null : ((Number) value).intValue();
        case "getString", "getValue", "getBoolean", "getArrayOfStrings" -> value;
        default -> throw new UnsupportedOperationException("FakeDatabase row: " + method);
      };
    });
  }

  private interface Answer {
    Object apply(String method, Object[] args) throws Throwable;
  }

  @SuppressWarnings("unchecked")
  private static <T> T proxy(Class<?> type, Answer answer) {
    return (T) Proxy.newProxyInstance(FakeDatabase.class.getClassLoader(), new Class<?>[] {type},
        (self, method, args) -> switch (method.getName()) {
          case "toString" -> "FakeDatabase " + type.getSimpleName();
          case "hashCode" -> System.identityHashCode(self);
          case "equals" -> self == args[0];
          default -> answer.apply(method.getName(), args == null ? new Object[0] : args);
        });
  }
}
