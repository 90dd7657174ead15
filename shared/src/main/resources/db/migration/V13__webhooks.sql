-- Outbound webhooks: an organization's endpoints (secrets sealed: they sign every delivery), one
-- delivery per (endpoint, outbox event), and every attempt of it.
CREATE TABLE webhook_endpoints (
    id                         text PRIMARY KEY,
    organization_id            text        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    url                        text        NOT NULL,
    events                     text[]      NOT NULL,
    secret_sealed              text        NOT NULL,
    previous_secret_sealed     text,
    previous_secret_expires_at timestamptz,
    status                     text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    failing_since              timestamptz,
    created_by                 text        NOT NULL REFERENCES users (id),
    created_at                 timestamptz NOT NULL DEFAULT now(),
    updated_at                 timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_endpoints_organization ON webhook_endpoints (organization_id, id DESC);

CREATE TABLE webhook_deliveries (
    id              text PRIMARY KEY,
    endpoint_id     text        NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    event_id        text        NOT NULL,
    event_type      text        NOT NULL,
    body            text        NOT NULL,
    status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'abandoned')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    claimed_at      timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (endpoint_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, id DESC);

CREATE TABLE webhook_attempts (
    delivery_id     text        NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempt         integer     NOT NULL,
    attempted_at    timestamptz NOT NULL DEFAULT now(),
    duration_millis integer     NOT NULL,
    response_status integer,
    response_body   text,
    error           text,
    PRIMARY KEY (delivery_id, attempt)
);
