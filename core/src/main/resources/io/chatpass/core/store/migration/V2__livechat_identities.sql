-- One LiveChat customer identity per (site user, LiveChat account). The __lc_cst secret and the cached access
-- token are sealed with the store's AEAD keyset (base64 text, portable across SQLite and PostgreSQL).
CREATE TABLE livechat_identities (
    site_user_id     VARCHAR(255) NOT NULL,
    account          VARCHAR(100) NOT NULL,
    entity_id        VARCHAR(100) NOT NULL,
    cst_sealed       TEXT         NOT NULL,
    token_sealed     TEXT,
    token_type       VARCHAR(20),
    token_created_at BIGINT,
    token_expires_in BIGINT,
    created_at       BIGINT       NOT NULL,
    updated_at       BIGINT       NOT NULL,
    PRIMARY KEY (site_user_id, account)
);
