-- The block list's version: every block, unblock and erasure adds one in the same transaction, so a server process
-- learns that its in-memory list of blocked users is out of date from one single-row read per second (instead of a
-- read per request), and reloads only the blocked users (the partial index) when it is.
CREATE TABLE block_list_version (
    id      INTEGER NOT NULL PRIMARY KEY,
    version BIGINT  NOT NULL
);
INSERT INTO block_list_version (id, version) VALUES (1, 0);
CREATE INDEX site_users_blocked ON site_users (id) WHERE blocked = TRUE;
