package io.coveton.shared.messages;

import io.coveton.shared.chats.Participant;
import io.coveton.shared.error.ApiException;
import io.coveton.shared.error.ErrorCode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The contract's envelope rule: exactly one envelope for every active device of every participant,
 * except the sending device. Anything else is 409 CONFLICT listing what is missing and what is extra.
 */
public final class EnvelopeSet {
  private EnvelopeSet() {}

  /** The devices a message to these participants must be sealed to. */
  public static Set<String> expectedRecipients(List<Participant> participants, String sendingDeviceId) {
    Set<String> expected = new LinkedHashSet<>();
    participants.forEach(p -> p.devices().forEach(d -> expected.add(d.id())));
    if (sendingDeviceId != null) {
      expected.remove(sendingDeviceId);
    }
    return expected;
  }

  public static void check(Set<String> expected, List<Envelope> envelopes) {
    Set<String> given = new LinkedHashSet<>();
    envelopes.forEach(e -> given.add(e.deviceId()));
    Set<String> missing = new LinkedHashSet<>(expected);
    missing.removeAll(given);
    Set<String> extra = new LinkedHashSet<>(given);
    extra.removeAll(expected);
    if (!missing.isEmpty() || !extra.isEmpty()) {
      throw new ApiException(ErrorCode.CONFLICT, 409,
          "The envelopes do not match the chat's active devices.", List.of(),
          Map.of("missingDeviceIds", List.copyOf(missing), "extraDeviceIds", List.copyOf(extra)));
    }
  }
}
