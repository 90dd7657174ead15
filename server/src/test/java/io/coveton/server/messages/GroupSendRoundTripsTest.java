package io.coveton.server.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coveton.server.testing.Accounts.SignedIn;
import io.coveton.server.testing.ApiClient;
import io.coveton.server.testing.CovetonServerExtension;
import io.coveton.server.testing.Messaging;
import io.coveton.server.testing.PgWireCounter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Fan-out must not cost a database round trip per recipient device. */
class GroupSendRoundTripsTest {
  @RegisterExtension
  static final CovetonServerExtension server = new CovetonServerExtension()
      .countingDatabaseRoundTrips()
      // one connection, so every statement is prepared once and then reused
      .with("COVETON_DATABASE_POOL_SIZE", "1")
      .with("COVETON_EXPIRY_SWEEP_SECONDS", "3600");

  private final ApiClient api = server.api();
  private final Messaging messaging = new Messaging(server.api());

  @Test
  void sendingToOneHundredDevicesCostsTheSameRoundTripsAsSendingToOne() {
    SignedIn sender = server.accounts().register("fanout");
    String senderDevice = messaging.registerDevice(sender, "phone");

    SignedIn single = server.accounts().register("single");
    List<String> smallRecipients = List.of(messaging.registerDevice(single, "only"));
    String smallChat = messaging.group(sender, "Small", List.of(single.userId()));

    List<String> members = new ArrayList<>();
    List<String> bigRecipients = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      SignedIn member = server.accounts().register("member" + i);
      members.add(member.userId());
      bigRecipients.add(messaging.registerDevice(member, "phone"));
      bigRecipients.add(messaging.registerDevice(member, "laptop"));
    }
    String bigChat = messaging.group(sender, "Big", members);

    long small = cheapestSend(sender, senderDevice, smallChat, smallRecipients);
    long big = cheapestSend(sender, senderDevice, bigChat, bigRecipients);
    assertEquals(100, bigRecipients.size());
    assertEquals(small, big, "round trips for 1 device vs 100 devices");
    // session check, acting-device check, (participants and devices unless cached,) the one-statement insert
    assertTrue(big <= 4, "a send takes " + big + " round trips");
  }

  /** The fewest round trips seen over a few sends, so that a stray background query cannot count. */
  private long cheapestSend(SignedIn sender, String senderDevice, String chat, List<String> recipients) {
    PgWireCounter counter = server.wireCounter();
    long cheapest = Long.MAX_VALUE;
    for (int i = 0; i < 8; i++) {
      long before = counter.roundTrips();
      api.post("/v1/messages", Messaging.message(chat, "ZmFub3V0", recipients).encode())
          .bearer(sender.accessToken()).header("X-Device-Id", senderDevice).send().expect(201);
      cheapest = Math.min(cheapest, counter.roundTrips() - before);
    }
    return cheapest;
  }
}
