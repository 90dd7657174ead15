-- Every organization's subscription (one row, made free on first need) and what the payment
-- providers told about it. provider_updated_at orders provider events: an older one never
-- moves a subscription backwards.
CREATE TABLE subscriptions (
    id                       text PRIMARY KEY,
    organization_id          text        NOT NULL UNIQUE REFERENCES organizations (id) ON DELETE CASCADE,
    plan                     text        NOT NULL,
    status                   text        NOT NULL CHECK (status IN ('active', 'trialing', 'past_due', 'canceled', 'incomplete')),
    provider                 text,
    provider_customer_id     text,
    provider_subscription_id text,
    current_period_end       timestamptz,
    cancel_at_period_end     boolean     NOT NULL DEFAULT false,
    provider_updated_at      timestamptz,
    created_at               timestamptz NOT NULL DEFAULT now(),
    updated_at               timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX subscriptions_provider_id ON subscriptions (provider, provider_subscription_id)
    WHERE provider_subscription_id IS NOT NULL;

-- A hosted checkout started for an organization: how a provider's later event finds it.
CREATE TABLE checkout_sessions (
    id                  text PRIMARY KEY,
    organization_id     text        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    provider            text        NOT NULL,
    plan                text        NOT NULL,
    provider_session_id text        NOT NULL,
    created_by          text        NOT NULL REFERENCES users (id),
    created_at          timestamptz NOT NULL DEFAULT now(),
    completed_at        timestamptz,
    UNIQUE (provider, provider_session_id)
);

-- Inbound payment webhooks, verified and recorded in the request, applied by a job; an event id
-- is recorded once, so a redelivery changes nothing.
CREATE TABLE payment_events (
    provider     text        NOT NULL,
    event_id     text        NOT NULL,
    type         text        NOT NULL,
    payload      jsonb       NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now(),
    applied_at   timestamptz,
    attempts     integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error   text,
    PRIMARY KEY (provider, event_id)
);
CREATE INDEX payment_events_unapplied ON payment_events (received_at) WHERE applied_at IS NULL;

CREATE TABLE invoices (
    id                  text PRIMARY KEY,
    organization_id     text        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    provider            text        NOT NULL,
    provider_invoice_id text        NOT NULL,
    amount              bigint      NOT NULL,
    currency            text        NOT NULL,
    status              text        NOT NULL CHECK (status IN ('paid', 'open', 'payment_failed', 'void')),
    period_start        timestamptz,
    period_end          timestamptz,
    hosted_url          text,
    paid_at             timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    UNIQUE (provider, provider_invoice_id)
);
CREATE INDEX invoices_organization ON invoices (organization_id, id DESC);

-- Files presigned for an organization's chats count against the organization's plan, not their
-- uploader's own quota.
ALTER TABLE files ADD COLUMN quota_organization_id text REFERENCES organizations (id) ON DELETE SET NULL;
CREATE TABLE organization_storage_usage (
    organization_id text   PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
    bytes           bigint NOT NULL CHECK (bytes >= 0)
);
