-- Accounts, sessions with their refresh-token families, signing keys and idempotency records.

CREATE TABLE users (
    id               text PRIMARY KEY,
    email            text        NOT NULL,
    email_normalized text        NOT NULL UNIQUE,
    handle           text UNIQUE,
    display_name     text        NOT NULL,
    avatar_url       text,
    preferences      jsonb       NOT NULL DEFAULT '{}'::jsonb,
    password_hash    text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX users_handle_prefix ON users (handle text_pattern_ops);

-- A session is one login: one refresh-token family.
CREATE TABLE sessions (
    id             text PRIMARY KEY,
    user_id        text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    ip             text,
    user_agent     text,
    location       text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    last_seen_at   timestamptz NOT NULL DEFAULT now(),
    expires_at     timestamptz NOT NULL,
    revoked_at     timestamptz,
    revoked_reason text
);
CREATE INDEX sessions_user_active ON sessions (user_id, id) WHERE revoked_at IS NULL;

-- Refresh tokens are stored only as SHA-256 hashes; a used one is kept to detect replay.
CREATE TABLE refresh_tokens (
    token_hash bytea PRIMARY KEY,
    session_id text        NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    used_at    timestamptz
);
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);

-- The JWT signing key every node shares; the first node to start creates it.
CREATE TABLE signing_keys (
    kid             text PRIMARY KEY,
    slot            text        NOT NULL UNIQUE,
    algorithm       text        NOT NULL,
    private_key_pem text        NOT NULL,
    public_key_pem  text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);

-- The first result of each (caller, Idempotency-Key), kept 24 hours.
CREATE TABLE idempotency_records (
    scope           text        NOT NULL,
    idempotency_key text        NOT NULL,
    request_hash    bytea       NOT NULL,
    status_code     integer,
    response_body   bytea,
    created_at      timestamptz NOT NULL DEFAULT now(),
    completed_at    timestamptz,
    PRIMARY KEY (scope, idempotency_key)
);
CREATE INDEX idempotency_records_created ON idempotency_records (created_at);
