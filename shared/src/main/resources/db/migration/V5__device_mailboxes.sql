-- Deliveries as per-device mailboxes instead of a row per pending envelope.
--
-- Every envelope takes the next position of its device's mailbox (mailbox_heads), so a device's
-- envelopes are numbered 1, 2, 3, ... in the order they were committed: the head row is locked by
-- the storing transaction until it commits, so a later position is never visible before an earlier
-- one. A connection therefore knows exactly whether a pushed envelope is the next one or whether it
-- must read what lies in between, and replay is a range scan of one index.
--
-- Acknowledgements move a per-device watermark (mailbox_acks: everything at or below it is
-- acknowledged); only an acknowledgement that overtakes an unacknowledged envelope flags that one
-- envelope (acked). Sends and acks lock different rows, so they never wait for each other.

ALTER TABLE message_envelopes ADD COLUMN position bigint, ADD COLUMN acked boolean NOT NULL DEFAULT false;

UPDATE message_envelopes e SET position = numbered.position
FROM (SELECT x.message_id, x.device_id, row_number() OVER (PARTITION BY x.device_id ORDER BY m.seq) AS position
      FROM message_envelopes x JOIN messages m ON m.id = x.message_id) numbered
WHERE e.message_id = numbered.message_id AND e.device_id = numbered.device_id;

ALTER TABLE message_envelopes ALTER COLUMN position SET NOT NULL;
CREATE UNIQUE INDEX message_envelopes_mailbox ON message_envelopes (device_id, position);

CREATE TABLE mailbox_heads (
    device_id     text PRIMARY KEY,
    last_position bigint NOT NULL
);

CREATE TABLE mailbox_acks (
    device_id      text PRIMARY KEY,
    acked_position bigint NOT NULL
);

INSERT INTO mailbox_heads (device_id, last_position)
SELECT device_id, max(position) FROM message_envelopes GROUP BY device_id;

-- acknowledged through the position before the oldest one still pending
INSERT INTO mailbox_acks (device_id, acked_position)
SELECT e.device_id, coalesce(min(e.position) FILTER (WHERE p.message_id IS NOT NULL) - 1, max(e.position))
FROM message_envelopes e
LEFT JOIN pending_deliveries p ON p.device_id = e.device_id AND p.message_id = e.message_id
GROUP BY e.device_id;

-- acknowledged while an older one was still pending
UPDATE message_envelopes e SET acked = true
FROM mailbox_acks a
WHERE a.device_id = e.device_id AND e.position > a.acked_position
  AND NOT EXISTS (SELECT 1 FROM pending_deliveries p WHERE p.device_id = e.device_id AND p.message_id = e.message_id);

DROP TABLE pending_deliveries;
