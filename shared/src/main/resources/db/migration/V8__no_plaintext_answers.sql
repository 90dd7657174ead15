-- Stored idempotent answers are sealed from now on. Answers stored before that which carry a
-- secret (a refresh token, an invite token) are dropped rather than kept in plaintext until they
-- expire; a retry of such a request runs again instead of replaying.
DELETE FROM idempotency_records
WHERE response_body IS NOT NULL
  AND get_byte(response_body, 0) <> 1
  AND (position('"refreshToken"'::bytea IN response_body) > 0 OR position('"token"'::bytea IN response_body) > 0);
