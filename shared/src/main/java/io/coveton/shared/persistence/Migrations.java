package io.coveton.shared.persistence;

import org.flywaydb.core.Flyway;

/**
 * Applies the versioned SQL migrations under {@code db/migration}. Flyway takes a Postgres advisory
 * lock, so several nodes starting at once migrate exactly once.
 */
public final class Migrations {
  private Migrations() {}

  public static int apply(DatabaseLocation location) {
    return Flyway.configure()
        .dataSource(location.jdbcUrl(), location.user(), location.password())
        .locations("classpath:db/migration")
        .load()
        .migrate()
        .migrationsExecuted;
  }
}
