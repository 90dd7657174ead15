-- Encrypted files: the bytes are in the object store (under storage_key, never derived from the
-- filename, which is opaque client data), the row says who uploaded what and where it may go.
CREATE TABLE files (
    id                  text PRIMARY KEY,
    owner_user_id       text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    chat_id             text        REFERENCES chats (id) ON DELETE SET NULL,
    filename            text        NOT NULL,
    content_type        text        NOT NULL,
    size                bigint      NOT NULL,
    storage_key         text        NOT NULL UNIQUE,
    upload_id           text,
    part_size           bigint,
    status              text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'uploaded')),
    created_at          timestamptz NOT NULL DEFAULT now(),
    uploaded_at         timestamptz,
    first_referenced_at timestamptz,
    last_referenced_at  timestamptz,
    deleted_at          timestamptz,
    object_purged_at    timestamptz
);
CREATE INDEX files_owner_live ON files (owner_user_id) WHERE deleted_at IS NULL;

-- the quota: declared bytes of each user's live files, kept with every presign and deletion so that
-- a presign checks one row instead of summing all the user's files
CREATE TABLE storage_usage (
    user_id text   PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    bytes   bigint NOT NULL CHECK (bytes >= 0)
);
-- the retention job: never referenced (orphans), referenced (maybe no longer), deleted but not purged
CREATE INDEX files_orphans ON files (created_at) WHERE first_referenced_at IS NULL AND deleted_at IS NULL;
CREATE INDEX files_referenced ON files (last_referenced_at) WHERE first_referenced_at IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX files_to_purge ON files (deleted_at) WHERE deleted_at IS NOT NULL AND object_purged_at IS NULL;

-- which live messages reference a file: download rights and retention
CREATE INDEX messages_file_ids ON messages USING gin (file_ids) WHERE file_ids <> '{}';
