-- Organizations with roles (built-in and custom), members, teams, departments, invites, and an
-- append-only, hash-chained audit log.

CREATE TABLE organizations (
    id           text PRIMARY KEY,
    name         text        NOT NULL,
    slug         text        NOT NULL UNIQUE,
    settings     jsonb       NOT NULL DEFAULT '{}'::jsonb,
    branding     jsonb       NOT NULL DEFAULT '{}'::jsonb,
    status       text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
    suspended_at timestamptz,
    created_by   text        NOT NULL REFERENCES users (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE roles (
    id              text PRIMARY KEY,
    organization_id text        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name            text        NOT NULL,
    description     text,
    builtin         boolean     NOT NULL DEFAULT false,
    permissions     text[]      NOT NULL DEFAULT '{}',
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, name)
);

CREATE TABLE organization_members (
    organization_id text        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id         text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role_id         text        NOT NULL REFERENCES roles (id),
    status          text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    joined_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, user_id)
);
CREATE INDEX organization_members_user ON organization_members (user_id);

-- Teams and departments share one shape: a named group of an organization's members.
CREATE TABLE teams (
    id              text PRIMARY KEY,
    organization_id text        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name            text        NOT NULL,
    description     text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, name)
);
CREATE TABLE team_members (
    unit_id  text        NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    user_id  text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    added_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (unit_id, user_id)
);
CREATE TABLE departments (
    id              text PRIMARY KEY,
    organization_id text        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name            text        NOT NULL,
    description     text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, name)
);
CREATE TABLE department_members (
    unit_id  text        NOT NULL REFERENCES departments (id) ON DELETE CASCADE,
    user_id  text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    added_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (unit_id, user_id)
);

CREATE TABLE invites (
    id               text PRIMARY KEY,
    organization_id  text        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    email            text        NOT NULL,
    email_normalized text        NOT NULL,
    role_id          text        NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    token_hash       bytea       NOT NULL UNIQUE,
    invited_by       text        NOT NULL REFERENCES users (id),
    created_at       timestamptz NOT NULL DEFAULT now(),
    expires_at       timestamptz NOT NULL,
    accepted_at      timestamptz,
    accepted_by      text,
    revoked_at       timestamptz
);
CREATE UNIQUE INDEX invites_one_pending ON invites (organization_id, email_normalized)
    WHERE accepted_at IS NULL AND revoked_at IS NULL;

ALTER TABLE chats ADD CONSTRAINT chats_organization FOREIGN KEY (organization_id)
    REFERENCES organizations (id) ON DELETE CASCADE;

-- Append-only: Postgres itself refuses UPDATE, DELETE and TRUNCATE. Each entry's hash covers its
-- fields and the previous entry's hash in the same organization (a tamper-evident chain).
CREATE TABLE audit_logs (
    id              text PRIMARY KEY,
    seq             bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    organization_id text        NOT NULL,
    actor_user_id   text,
    action          text        NOT NULL,
    target_type     text,
    target_id       text,
    ip              text,
    user_agent      text,
    metadata        text        NOT NULL DEFAULT '{}',
    created_at      timestamptz NOT NULL,
    prev_hash       text,
    hash            text        NOT NULL
);
CREATE INDEX audit_logs_organization ON audit_logs (organization_id, seq DESC);

CREATE FUNCTION audit_logs_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_logs is append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_logs_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_logs
    FOR EACH ROW EXECUTE FUNCTION audit_logs_append_only();
CREATE TRIGGER audit_logs_no_truncate BEFORE TRUNCATE ON audit_logs
    FOR EACH STATEMENT EXECUTE FUNCTION audit_logs_append_only();
