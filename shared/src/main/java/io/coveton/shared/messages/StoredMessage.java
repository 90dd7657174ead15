package io.coveton.shared.messages;

import java.util.Map;

/** A message just committed, with the mailbox position each recipient device's envelope took. */
public record StoredMessage(Message message, Map<String, Long> positions) {}
