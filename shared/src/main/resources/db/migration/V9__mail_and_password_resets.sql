-- Mails waiting to be sent, written in the transaction of what caused them and sent by a job. The
-- body is sealed: a reset link is a credential.
CREATE TABLE mails (
    id              text        PRIMARY KEY,
    to_address      text        NOT NULL,
    subject         text        NOT NULL,
    body_sealed     bytea       NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    claimed_at      timestamptz,
    attempts        integer     NOT NULL DEFAULT 0,
    last_error      text,
    sent_at         timestamptz
);
CREATE INDEX mails_due ON mails (next_attempt_at) WHERE sent_at IS NULL;

-- Password reset tokens, as hashes; a newer request voids the older ones of the account.
CREATE TABLE password_resets (
    token_hash  bytea       PRIMARY KEY,
    user_id     text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz
);
CREATE INDEX password_resets_by_user ON password_resets (user_id) WHERE used_at IS NULL;
