-- Chatpass's own signing keys (RS256, RS512, ES256), for vendors that verify tokens with the site's public key
-- (Salesforce through the JWKS, Dynamics 365 through its public-key URL). Shared by every process on the store.
-- The public JWK (with its self-signed certificate in x5c) is published from created_at; the key signs from
-- signs_from (later than created_at on a rotation, so verifiers caching the key set see it first); it stays published
-- until unpublish_at (set when it is retired, after the tokens it signed have expired). The private key is PKCS#8,
-- sealed with the store's keyset (associated data: table, column and kid), and never leaves the server.
CREATE TABLE signing_keys (
    kid            VARCHAR(64)  NOT NULL PRIMARY KEY,
    alg            VARCHAR(10)  NOT NULL,
    public_jwk     TEXT         NOT NULL,
    private_sealed TEXT         NOT NULL,
    created_at     BIGINT       NOT NULL,
    signs_from     BIGINT       NOT NULL,
    unpublish_at   BIGINT
);
