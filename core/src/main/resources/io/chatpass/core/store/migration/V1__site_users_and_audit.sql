-- Written once for SQLite and PostgreSQL alike: portable types only, times as epoch milliseconds.
CREATE TABLE site_users (
    id           VARCHAR(255) PRIMARY KEY,
    email        VARCHAR(320),
    name         VARCHAR(255),
    first_seen   BIGINT       NOT NULL,
    last_seen    BIGINT       NOT NULL,
    blocked      BOOLEAN      NOT NULL DEFAULT FALSE,
    blocked_at   BIGINT,
    block_reason VARCHAR(500)
);

CREATE TABLE audit_log (
    id      VARCHAR(36)  PRIMARY KEY,
    at      BIGINT       NOT NULL,
    actor   VARCHAR(100) NOT NULL,
    action  VARCHAR(100) NOT NULL,
    subject VARCHAR(255),
    detail  VARCHAR(1000)
);
CREATE INDEX audit_log_at ON audit_log (at);
