package io.chatpass.server.vendor;

import io.chatpass.core.upstream.UpstreamException;
import java.util.Map;

/**
 * A vendor record an operator can look up by id through the admin API ({@code GET /admin/v1/VENDOR/NOUN/{id}}), e.g.
 * a chat API's visitors. The admin feature owns the route and its answers; the vendor supplies the call.
 */
public interface OperatorLookup {
    /** The plural noun in the route ("visitors"). */
    String noun();

    /** One of them ("visitor"), in answers and the stable code of a malformed id ({@code invalid_visitor_id}). */
    String singular();

    /** Whether the id is well-formed for the vendor (checked before any call). */
    boolean validId(String id);

    /** What an id looks like, for the 400 answer. */
    String idRule();

    /** What must be configured for the look-up, for the 404 when it is not (the API and its configuration key). */
    String api();

    /** Whether it is configured now. */
    boolean available();

    /**
     * The record, as the vendor gives it (only its documented fields).
     *
     * @throws UpstreamException NOT_FOUND when the vendor has no such record, or why the call failed
     */
    Map<String, Object> find(String id) throws UpstreamException;

    /** The site user id the record names, or null. */
    String siteUserIdOf(Map<String, Object> record);

    /** The configuration key to check when the vendor refuses the call. */
    String credentialKey();
}
