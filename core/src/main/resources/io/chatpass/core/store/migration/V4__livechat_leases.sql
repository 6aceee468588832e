-- A short lease per (site user, LiveChat account): whoever holds it may call LiveChat for that user. It replaces a
-- database lock held across the upstream call, so no store connection waits on LiveChat. A holder that dies leaves
-- a lease that expires by itself; the identity row is written in a short transaction that also ends the lease.
CREATE TABLE livechat_leases (
    site_user_id VARCHAR(255) NOT NULL,
    account      VARCHAR(100) NOT NULL,
    owner        VARCHAR(36)  NOT NULL,
    expires_at   BIGINT       NOT NULL,
    PRIMARY KEY (site_user_id, account)
);
