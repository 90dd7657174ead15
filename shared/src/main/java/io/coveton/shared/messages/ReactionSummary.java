package io.coveton.shared.messages;

import java.util.List;

/** One reaction on a message: how many users chose it, and who. */
public record ReactionSummary(String reaction, int count, List<String> userIds) {}
