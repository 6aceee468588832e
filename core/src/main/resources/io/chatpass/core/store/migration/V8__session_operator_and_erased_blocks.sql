-- A console session is bound to the operator token that opened it (its SHA-256, as configured): a session whose
-- operator was removed from admin.tokens, or whose token was replaced, ends at its next request. Sessions opened
-- before this version are not bound to a token, so they end here: operators sign in again once.
DELETE FROM admin_sessions;
ALTER TABLE admin_sessions ADD COLUMN token_sha256 VARCHAR(64);

-- Blocked users who were erased: only the keyed pseudonym of their id (the audit log's, not reversible without the
-- keyset), so the block outlives the erasure without the store keeping who they were. Unblocking the id lifts it.
CREATE TABLE erased_blocks (
    pseudonym VARCHAR(100) NOT NULL PRIMARY KEY,
    erased_at BIGINT       NOT NULL
);
