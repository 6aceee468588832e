-- HubSpot visitor identification tokens, one per site user: created by HubSpot for the user's email, valid 12 hours.
-- Cached so that a page view does not cost a HubSpot API call; the token is sealed with the store's AEAD keyset.
CREATE TABLE hubspot_tokens (
    site_user_id VARCHAR(255) NOT NULL PRIMARY KEY,
    email        VARCHAR(254) NOT NULL,
    token_sealed TEXT         NOT NULL,
    created_at   BIGINT       NOT NULL
);
