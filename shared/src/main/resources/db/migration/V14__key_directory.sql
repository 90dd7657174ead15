-- The key directory: the public halves of each device's Signal protocol (PQXDH) keys, which other
-- devices fetch to start a session with it. No private key is ever sent or kept. A device's row
-- holds its identity key, its signed EC prekey and its last-resort Kyber prekey; the one-time
-- prekeys are a pool each fetch takes one of each kind from, exactly once.
CREATE TABLE device_keys (
    device_id                 text        PRIMARY KEY REFERENCES devices (id) ON DELETE CASCADE,
    user_id                   text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    registration_id           integer     NOT NULL CHECK (registration_id BETWEEN 1 AND 16380),
    identity_key              bytea       NOT NULL,
    signed_prekey_id          integer     NOT NULL,
    signed_prekey             bytea       NOT NULL,
    signed_prekey_signature   bytea       NOT NULL,
    kyber_prekey_id           integer     NOT NULL,
    kyber_prekey              bytea       NOT NULL,
    kyber_prekey_signature    bytea       NOT NULL,
    -- set when a fetch left a pool below the low watermark and the owner was told; an upload clears it
    low_pool_notified         boolean     NOT NULL DEFAULT false,
    updated_at                timestamptz NOT NULL DEFAULT now()
);

-- kind 0: a one-time EC (X25519) prekey; kind 1: a one-time Kyber-1024 prekey (signed).
CREATE TABLE one_time_prekeys (
    device_id   text     NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    kind        smallint NOT NULL CHECK (kind IN (0, 1)),
    key_id      integer  NOT NULL,
    public_key  bytea    NOT NULL,
    signature   bytea,
    PRIMARY KEY (device_id, kind, key_id)
);
