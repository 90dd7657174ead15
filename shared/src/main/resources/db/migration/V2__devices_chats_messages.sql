-- Devices with their public keys, chats with participants, and messages: opaque ciphertext,
-- one sealed-key envelope per recipient device, and one pending delivery per recipient device
-- until that device acknowledges it.

CREATE TABLE devices (
    id           text PRIMARY KEY,
    user_id      text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         text        NOT NULL,
    platform     text        NOT NULL CHECK (platform IN ('ios', 'android', 'web', 'desktop', 'server')),
    public_key   text        NOT NULL,
    key_bundle   json,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    revoked_at   timestamptz
);
CREATE INDEX devices_user_active ON devices (user_id, id) WHERE revoked_at IS NULL;

CREATE TABLE chats (
    id              text PRIMARY KEY,
    type            text        NOT NULL CHECK (type IN ('direct', 'group')),
    name            text,
    organization_id text,
    -- "<smaller user id>|<larger user id>" for direct chats, so that a pair has at most one
    direct_key      text UNIQUE,
    created_by      text        NOT NULL REFERENCES users (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    last_message_at timestamptz,
    activity_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE chat_participants (
    chat_id   text        NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
    user_id   text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role      text        NOT NULL CHECK (role IN ('admin', 'member')),
    joined_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (chat_id, user_id)
);
CREATE INDEX chat_participants_user ON chat_participants (user_id, chat_id);

CREATE TABLE messages (
    id               text PRIMARY KEY,
    seq              bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    chat_id          text        NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
    sender_user_id   text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    sender_device_id text,
    content_type     text        NOT NULL,
    ciphertext       text        NOT NULL,
    file_ids         text[]      NOT NULL DEFAULT '{}',
    created_at       timestamptz NOT NULL DEFAULT now(),
    edited_at        timestamptz,
    expires_at       timestamptz
);
CREATE INDEX messages_chat_page ON messages (chat_id, id DESC);
CREATE INDEX messages_expiry ON messages (expires_at) WHERE expires_at IS NOT NULL;

CREATE TABLE message_envelopes (
    message_id text NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    device_id  text NOT NULL,
    header     text NOT NULL,
    PRIMARY KEY (message_id, device_id)
);

-- What each device has not acknowledged yet, in the order the server stored it.
CREATE TABLE pending_deliveries (
    device_id   text   NOT NULL,
    message_seq bigint NOT NULL,
    message_id  text   NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    PRIMARY KEY (device_id, message_seq)
);
CREATE INDEX pending_deliveries_message ON pending_deliveries (message_id);

CREATE TABLE message_reactions (
    message_id text        NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    user_id    text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reaction   text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (message_id, user_id, reaction)
);
