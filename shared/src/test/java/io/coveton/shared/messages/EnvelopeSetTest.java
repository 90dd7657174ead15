package io.coveton.shared.messages;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.coveton.shared.chats.Participant;
import io.coveton.shared.error.ApiException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EnvelopeSetTest {
  private final Set<String> expected = new LinkedHashSet<>(List.of("dev_ada_laptop", "dev_bob_phone", "dev_bob_tab"));

  @Test
  void exactlyOneEnvelopePerExpectedDeviceInAnyOrderPasses() {
    assertDoesNotThrow(() -> EnvelopeSet.check(expected,
        envelopes("dev_bob_tab", "dev_ada_laptop", "dev_bob_phone")));
  }

  @Test
  void aMissingDeviceIsAConflictNamingIt() {
    ApiException conflict = assertThrows(ApiException.class,
        () -> EnvelopeSet.check(expected, envelopes("dev_ada_laptop", "dev_bob_phone")));
    assertEquals(409, conflict.status());
    assertEquals(List.of("dev_bob_tab"), conflict.extra().get("missingDeviceIds"));
    assertEquals(List.of(), conflict.extra().get("extraDeviceIds"));
  }

  @Test
  void anUnknownOrRevokedDeviceIsAConflictNamingItAsExtra() {
    ApiException conflict = assertThrows(ApiException.class, () -> EnvelopeSet.check(expected,
        envelopes("dev_ada_laptop", "dev_bob_phone", "dev_bob_tab", "anything-else")));
    assertEquals(List.of(), conflict.extra().get("missingDeviceIds"));
    assertEquals(List.of("anything-else"), conflict.extra().get("extraDeviceIds"));
  }

  @Test
  void bothSidesAreNamedAtOnce() {
    ApiException conflict = assertThrows(ApiException.class,
        () -> EnvelopeSet.check(expected, envelopes("dev_bob_phone", "dev_old")));
    assertEquals(List.of("dev_ada_laptop", "dev_bob_tab"), conflict.extra().get("missingDeviceIds"));
    assertEquals(List.of("dev_old"), conflict.extra().get("extraDeviceIds"));
  }

  @Test
  void theSendingDeviceIsNotARecipientButTheSendersOtherDevicesAre() {
    List<Participant> participants = List.of(
        participant("usr_ada", "dev_ada_phone", "dev_ada_laptop"), participant("usr_bob", "dev_bob_phone"));
    assertEquals(Set.of("dev_ada_laptop", "dev_bob_phone"),
        EnvelopeSet.expectedRecipients(participants, "dev_ada_phone"));
    assertEquals(Set.of("dev_ada_phone", "dev_ada_laptop", "dev_bob_phone"),
        EnvelopeSet.expectedRecipients(participants, null), "a send without a device seals to every device");
  }

  private static List<Envelope> envelopes(String... deviceIds) {
    return java.util.Arrays.stream(deviceIds).map(id -> new Envelope(id, "sealed")).toList();
  }

  private static Participant participant(String userId, String... deviceIds) {
    return new Participant(userId, "member", java.time.Instant.EPOCH,
        java.util.Arrays.stream(deviceIds).map(id -> new Participant.DeviceKey(id, "key")).toList());
  }
}
