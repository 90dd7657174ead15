-- An Idempotency-Key's record outlives a failed attempt: "released" lets a retry with the same
-- request run again, "claimed_at" lets a retry take over an attempt whose node died (a lease), and
-- "reserved_id" is the id the attempt creates its resource under, so that a retry can see whether
-- an earlier attempt stored it after all instead of storing a second copy.
ALTER TABLE idempotency_records
    ADD COLUMN reserved_id text,
    ADD COLUMN released    boolean     NOT NULL DEFAULT false,
    ADD COLUMN claimed_at  timestamptz NOT NULL DEFAULT now();
