-- SQLite only: livechat_identities becomes a WITHOUT ROWID table, clustered on its primary key. getToken reads one
-- row by (site_user_id, account): a rowid table and its automatic primary-key index cost two B-tree searches per
-- read, this one (and the index's copy of every key is gone). Rows are a few hundred bytes, well under the quarter
-- page at which SQLite advises against WITHOUT ROWID.
CREATE TABLE livechat_identities_clustered (
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
) WITHOUT ROWID;
INSERT INTO livechat_identities_clustered (site_user_id, account, entity_id, cst_sealed, token_sealed, token_type,
    token_created_at, token_expires_in, created_at, updated_at)
SELECT site_user_id, account, entity_id, cst_sealed, token_sealed, token_type, token_created_at, token_expires_in,
    created_at, updated_at
FROM livechat_identities;
DROP TABLE livechat_identities;
ALTER TABLE livechat_identities_clustered RENAME TO livechat_identities;
