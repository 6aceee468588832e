-- What server processes cache from the store, and who has caught up with changes to it (core.store.StoreChanges).
-- The counter row is taken (updated) by every transaction that records a change, so changes commit in the order of
-- their numbers: a process that has applied every change up to N has missed none below it.
CREATE TABLE store_change_counter (
    id  INTEGER NOT NULL PRIMARY KEY,
    seq BIGINT  NOT NULL
);
INSERT INTO store_change_counter (id, seq) VALUES (1, 0);
-- One row per change: the scope ('user', 'blocks') and the subject (a keyed pseudonym of the user id, never the id).
-- Kept ten minutes.
CREATE TABLE store_changes (
    seq     BIGINT       NOT NULL PRIMARY KEY,
    scope   VARCHAR(32)  NOT NULL,
    subject VARCHAR(128) NOT NULL,
    at      BIGINT       NOT NULL
);
-- Each serving process: the last change it has applied, and when it last said so.
CREATE TABLE store_watchers (
    id       VARCHAR(64) NOT NULL PRIMARY KEY,
    seen_seq BIGINT      NOT NULL,
    beat_at  BIGINT      NOT NULL
);
