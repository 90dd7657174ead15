-- Sign-in with identity providers. An identity is one provider account (its stable subject id)
-- linked to one Coveton account; an account has at most one identity per provider.
CREATE TABLE user_identities (
    provider   text        NOT NULL,
    subject    text        NOT NULL,
    user_id    text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    email      text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (provider, subject),
    UNIQUE (user_id, provider)
);

-- Whether someone proved they hold the account's mailbox: a completed password reset, or a
-- provider that verified the address. An account registered with a password starts unproven.
ALTER TABLE users ADD COLUMN email_verified boolean NOT NULL DEFAULT false;

-- A sign-in under way, from the redirect to the provider to its callback: single-use, short-lived.
-- The state is kept as a hash; the PKCE verifier is sealed (it turns a stolen code into tokens).
CREATE TABLE oauth_states (
    state_hash     bytea       PRIMARY KEY,
    provider       text        NOT NULL,
    redirect_uri   text        NOT NULL,
    nonce          text        NOT NULL,
    verifier_sealed text       NOT NULL,
    app_challenge  text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    expires_at     timestamptz NOT NULL
);
CREATE INDEX oauth_states_expiry ON oauth_states (expires_at);

-- The one-time code a finished sign-in hands the app (never tokens in a URL), as a hash; with the
-- app's own PKCE challenge when it sent one, so that only the app that started can exchange it.
CREATE TABLE oauth_codes (
    code_hash  bytea       PRIMARY KEY,
    user_id    text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider   text        NOT NULL,
    new_account boolean    NOT NULL,
    app_challenge text,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX oauth_codes_expiry ON oauth_codes (expires_at);
