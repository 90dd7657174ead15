package io.coveton.server.outbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.coveton.server.testing.Accounts;
import io.coveton.server.testing.Accounts.SignedIn;
import io.coveton.server.testing.Messaging;
import io.coveton.server.testing.NodeProcess;
import io.coveton.server.testing.TestDatabases;
import io.coveton.shared.persistence.DatabaseLocation;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An event committed with its change survives the node that committed it: the node is killed
 * (SIGKILL) after the commit and before its dispatcher ran, and another node sharing the database
 * dispatches each event exactly once (here: the notifications consumer's security notices).
 */
class OutboxNodeKillTest {
  private static DatabaseLocation database;

  @BeforeAll
  static void createDatabase() {
    database = TestDatabases.create();
  }

  @AfterAll
  static void dropDatabase() {
    if (database != null) {
      TestDatabases.drop(database);
    }
  }

  @Test
  void eventsCommittedOnAKilledNodeAreDispatchedOnceByAnother() throws Exception {
    String userId;
    // a dispatcher that would first look after ten minutes: the events stay undispatched on this node
    try (NodeProcess committing = NodeProcess.start("outbox-a", database,
        Map.of("COVETON_OUTBOX_POLL_MILLIS", "600000"))) {
      committing.awaitReady(1);
      Accounts accounts = new Accounts(committing.api());
      SignedIn ada = accounts.register("ada");
      userId = ada.userId();
      accounts.login(ada.email());
      new Messaging(committing.api()).registerDevice(ada, "new phone");
      assertEquals(3, count("SELECT count(*) FROM outbox_deliveries d JOIN outbox_events e ON e.id = d.event_id "
          + "WHERE d.consumer = 'notifications' AND e.aggregate_id = ?", userId),
          "the registration, the sign-in and the device each committed one event for the consumer");
      assertEquals(0, notificationsOf(userId));
      committing.kill();
    }
    try (NodeProcess survivor = NodeProcess.start("outbox-b", database, Map.of("COVETON_OUTBOX_POLL_MILLIS", "100"))) {
      survivor.awaitReady(1);
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
          .until(() -> notificationsOf(userId) == 2);
      Thread.sleep(1_000);
      assertEquals(1, count("SELECT count(*) FROM notifications WHERE user_id = ? AND type = 'new_device'", userId));
      assertEquals(1, count("SELECT count(*) FROM notifications WHERE user_id = ? AND type = 'new_sign_in'", userId));
      assertEquals(0, count("SELECT count(*) FROM outbox_deliveries WHERE aggregate_id = ?", userId));
    }
  }

  private static long notificationsOf(String userId) throws SQLException {
    return count("SELECT count(*) FROM notifications WHERE user_id = ?", userId);
  }

  private static long count(String sql, String parameter) throws SQLException {
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(),
        database.password()); var statement = connection.prepareStatement(sql)) {
      statement.setString(1, parameter);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }
}
