package io.chatpass.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AccessLogTest {
    @Test
    void textLinesAreOneLineEachWithTheUntrustedPathEscaped() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (AccessLog log = new AccessLog(false, out)) {
            log.log("rid-1", null, "203.0.113.9", "GET", "/v1/me", 200, 1.26f);
            log.log("rid-2", null, "203.0.113.9", "GET", "/x\nINFO [] admin - forged", 404, 0.04f);
        }
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).contains("[rid-1] chatpass.access - 203.0.113.9 GET /v1/me -> 200 in 1.3 ms");
        assertThat(lines[1]).contains("/x\\nINFO [] admin - forged -> 404");
    }

    @Test
    void jsonLinesParseAndKeepTheFields() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (AccessLog log = new AccessLog(true, out)) {
            log.log("rid-3", "0af7651916cd43dd8448eb211c80319c", "127.0.0.1", "POST", "/v1/livechat/token\r\n", 503, 12.34f);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text.lines().count()).isEqualTo(1);
        JsonNode n = Json.MAPPER.readTree(text);
        assertThat(n.get("loggerName").asText()).isEqualTo("chatpass.access");
        assertThat(n.get("mdc").get("requestId").asText()).isEqualTo("rid-3");
        assertThat(n.get("mdc").get("traceId").asText()).as("the trace, when tracing is on").isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(n.get("status").asInt()).isEqualTo(503);
        assertThat(n.get("path").asText()).isEqualTo("/v1/livechat/token\r\n");
        assertThat(n.get("formattedMessage").asText()).startsWith("127.0.0.1 POST /v1/livechat/token");
    }
}
