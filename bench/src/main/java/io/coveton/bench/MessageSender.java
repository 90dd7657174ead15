package io.coveton.bench;

/** One sender of a stream of messages (a Coveton device or a NATS publisher) with a bounded window. */
interface MessageSender {
  /**
   * Starts one send unless {@code --window} sends are already unanswered (false then). Safe from any
   * thread: the send itself is written on the sender's own event loop, in sequence order.
   */
  boolean trySend();

  /** Runs {@code handler} on the sender's event loop each time one of its sends is answered. */
  void onAnswered(Runnable handler);
}
