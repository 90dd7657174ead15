package io.coveton.shared.persistence;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Postgres settings that "durable before acknowledged" rests on: with any of them off, a crash
 * of the database server can lose messages that were already answered {@code sent} or 201.
 */
public final class DatabaseDurability {
  private static final Logger LOG = LoggerFactory.getLogger(DatabaseDurability.class);
  /** Each must be {@code on}. */
  public static final List<String> REQUIRED = List.of("fsync", "synchronous_commit", "full_page_writes");
  private static final String READ = "SELECT name, setting FROM pg_settings WHERE name = ANY($1)";

  private DatabaseDurability() {}

  /** The current value of each required setting, as the server's own pool sees it. */
  public static Future<Map<String, String>> read(Pool pool) {
    return pool.preparedQuery(READ).execute(io.vertx.sqlclient.Tuple.of((Object) REQUIRED.toArray(new String[0])))
        .map(rows -> {
          Map<String, String> settings = new LinkedHashMap<>();
          rows.forEach(row -> settings.put(row.getString("name"), row.getString("setting")));
          return settings;
        });
  }

  /** Logs a warning for every required setting that is not on; answers whether all are. */
  public static Future<Boolean> check(Pool pool) {
    return read(pool).map(settings -> {
      boolean durable = true;
      for (String name : REQUIRED) {
        String value = settings.get(name);
        if (!"on".equals(value)) {
          durable = false;
          LOG.warn("Postgres {} = {}: a crash of the database server can lose acknowledged messages; set {} = on",
              name, value, name);
        }
      }
      return durable;
    });
  }
}
