package io.coveton.shared.delivery;

/**
 * Where a device's mailbox stands: {@code head} is the position of its newest envelope, and every
 * envelope at or below {@code ackedThrough} is acknowledged. Both are 0 for a device never written to.
 */
public record MailboxState(long head, long ackedThrough) {}
