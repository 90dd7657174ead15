package io.coveton.shared.delivery;

import java.util.List;

/**
 * What one device acknowledged, as its connection worked it out: the mailbox is acknowledged through
 * {@code ackedThrough} (0 when that did not move), plus envelopes acknowledged past it, by position
 * when the connection knew it and by message id when it did not (sent on an earlier connection).
 */
public record AckUpdate(String deviceId, long ackedThrough, List<Long> positionsBeyond, List<String> messageIdsBeyond) {

  public boolean isEmpty() {
    return ackedThrough <= 0 && positionsBeyond.isEmpty() && messageIdsBeyond.isEmpty();
  }
}
