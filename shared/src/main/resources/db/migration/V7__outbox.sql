-- The transactional outbox: an event commits with the change that causes it, together with one
-- delivery row per consumer that handles its type. A consumer's dispatcher (on any node) takes its
-- due deliveries with FOR UPDATE SKIP LOCKED, handles each, and deletes the delivery in the same
-- transaction; a failure pushes next_attempt_at back. Within an aggregate (a user, an
-- organization, a chat), a delivery waits until the consumer's earlier ones are gone.
CREATE TABLE outbox_events (
    id           bigserial   PRIMARY KEY,
    type         text        NOT NULL,
    aggregate_id text        NOT NULL,
    payload      jsonb       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outbox_events_created ON outbox_events (created_at);

CREATE TABLE outbox_deliveries (
    consumer        text        NOT NULL,
    event_id        bigint      NOT NULL REFERENCES outbox_events (id) ON DELETE CASCADE,
    aggregate_id    text        NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    PRIMARY KEY (consumer, event_id)
);
CREATE INDEX outbox_deliveries_aggregate ON outbox_deliveries (consumer, aggregate_id, event_id);
CREATE INDEX outbox_deliveries_event ON outbox_deliveries (event_id);

-- In-app notifications, created from outbox events; one per (user, event) at most.
CREATE TABLE notifications (
    id              text        PRIMARY KEY,
    user_id         text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    type            text        NOT NULL,
    data            jsonb       NOT NULL,
    source_event_id bigint      NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    read_at         timestamptz,
    UNIQUE (user_id, source_event_id)
);
CREATE INDEX notifications_by_user ON notifications (user_id, id DESC);
