-- State of the offline sandbox (vendor stand-ins for `chatpass demo`). Unused unless sandbox.enabled.
CREATE TABLE sandbox_customers (
    entity_id  VARCHAR(100) PRIMARY KEY,
    cst        VARCHAR(100) NOT NULL,
    created_at BIGINT       NOT NULL
);

CREATE TABLE sandbox_tokens (
    token      VARCHAR(200) PRIMARY KEY,
    entity_id  VARCHAR(100) NOT NULL,
    expires_at BIGINT       NOT NULL
);

CREATE TABLE sandbox_messages (
    id           VARCHAR(36)   PRIMARY KEY,
    conversation VARCHAR(300)  NOT NULL,
    at           BIGINT        NOT NULL,
    author       VARCHAR(255)  NOT NULL,
    body         VARCHAR(2000) NOT NULL
);
CREATE INDEX sandbox_messages_conversation ON sandbox_messages (conversation, at);
