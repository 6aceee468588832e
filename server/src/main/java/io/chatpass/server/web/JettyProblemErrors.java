package io.chatpass.server.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers before a request reaches Javalin (headers too large, malformed requests) also come as
 * problem+json, so a client sees one error format everywhere.
 */
final class JettyProblemErrors extends ErrorHandler {
    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.CONTENT_TYPE);
        response.write(true, ByteBuffer.wrap(body(code)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, Problem.CONTENT_TYPE));
        return ByteBuffer.wrap(body(status));
    }

    static byte[] body(int status) {
        Problem p = switch (status) {
            case 413 -> new Problem(413, "request_too_large", "Request too large", "The request body is over the server's limit.");
            case 431 -> new Problem(431, "headers_too_large", "Request headers too large", "The request headers are over the server's limit.");
            case 404 -> Problem.notFound("No such route.");
            case 500 -> Problem.internal();
            default -> new Problem(status, "bad_request", "Bad request", "The request could not be read as HTTP.");
        };
        return Json.write(p.body(null)).getBytes(StandardCharsets.UTF_8);
    }
}
