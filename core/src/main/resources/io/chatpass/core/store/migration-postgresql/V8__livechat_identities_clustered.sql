-- PostgreSQL: nothing to do. Version 8 makes SQLite's livechat_identities a table clustered on its primary key
-- (sqlite/V8); PostgreSQL reads a row by its primary-key index in one search already. Kept so both stores carry the
-- same schema versions.
SELECT 1;
