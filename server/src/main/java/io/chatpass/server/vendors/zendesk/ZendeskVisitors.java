package io.chatpass.server.vendors.zendesk;

import io.chatpass.core.upstream.Upstream;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.chatpass.core.Secret;
import io.chatpass.core.upstream.UpstreamException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Zendesk Chat REST API, visitors: {@code GET {apiRoot}/visitors/{id}} with an OAuth bearer token. The API root is
 * {@code https://www.zopim.com/api/v2} (older) or {@code https://SUBDOMAIN.zendesk.com/api/v2/chat} (newer).
 * Only the documented visitor fields are passed on.
 */
public final class ZendeskVisitors {
    static final List<String> FIELDS = List.of("id", "name", "email", "external_id", "phone", "notes", "banned", "created");
    private static final Pattern VISITOR_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final URI apiRoot;
    private final Secret oauthToken;
    /** A few admin look-ups at a time: a slow Zendesk is refused at once (503) beyond that, never queued up. */
    public static final int MAX_CONCURRENT_CALLS = 8;
    private final Upstream upstream;

    public ZendeskVisitors(URI apiRoot, Secret oauthToken, Duration timeout) {
        this.apiRoot = URI.create(apiRoot.toString().replaceAll("/+$", ""));
        this.oauthToken = oauthToken;
        this.upstream = new Upstream("zendesk", timeout, MAX_CONCURRENT_CALLS);
    }

    public static boolean isValidVisitorId(String id) {
        return id != null && VISITOR_ID.matcher(id).matches();
    }

    public Map<String, Object> find(String visitorId) throws UpstreamException {
        if (!isValidVisitorId(visitorId)) throw new IllegalArgumentException("invalid visitor id");
        URI uri = URI.create(apiRoot + "/visitors/" + URLEncoder.encode(visitorId, StandardCharsets.UTF_8));
        HttpRequest.Builder req = upstream.request(uri).header("Accept", "application/json")
                .header("Authorization", "Bearer " + oauthToken.reveal()).GET();
        HttpResponse<String> r = upstream.send("GET", uri, req);
        int s = r.statusCode();
        if (s == 404) throw new UpstreamException(UpstreamException.Kind.NOT_FOUND, "not_found", "no such visitor");
        if (s >= 500 || s == 429) throw new UpstreamException(UpstreamException.Kind.UNAVAILABLE, "http_" + s, "Zendesk Chat API answered " + s);
        if (s != 200) throw new UpstreamException(UpstreamException.Kind.REJECTED, "http_" + s, "Zendesk Chat API answered " + s);
        Map<String, Object> json;
        try {
            json = JSONObjectUtils.parse(r.body());
        } catch (ParseException e) {
            throw new UpstreamException(UpstreamException.Kind.UNAVAILABLE, "unreadable", "Zendesk Chat API answered something that is not JSON");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (String f : FIELDS) out.put(f, json.get(f));
        return out;
    }
}
