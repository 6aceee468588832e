-- Admin console sessions: the session id is stored only as its SHA-256, so a copy of the store opens no session.
-- Kept in the store (not in memory) so that every server process behind a load balancer knows them.
CREATE TABLE admin_sessions (
    id_hash    VARCHAR(64)  NOT NULL PRIMARY KEY,
    operator   VARCHAR(64)  NOT NULL,
    csrf       VARCHAR(64)  NOT NULL,
    created_at BIGINT       NOT NULL,
    last_seen  BIGINT       NOT NULL
);
