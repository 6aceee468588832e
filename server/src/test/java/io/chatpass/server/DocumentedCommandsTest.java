package io.chatpass.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every ./script the README and docs tell a user to run exists and is executable (a clone keeps git's mode bits). */
class DocumentedCommandsTest {
    static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    @Test
    void everyDocumentedScriptIsExecutable() throws Exception {
        List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (var files = Files.list(ROOT.resolve("docs"))) {
            files.filter(p -> p.toString().endsWith(".md")).forEach(docs::add);
        }
        List<String> named = new ArrayList<>();
        Pattern script = Pattern.compile("\\./((?:scripts/)?[a-z][a-z-]*(?:\\.sh)?)(?=[\\s`)])");
        for (Path doc : docs) {
            Matcher m = script.matcher(Files.readString(doc));
            while (m.find()) {
                String name = m.group(1);
                if (name.startsWith("scripts/") || name.equals("chatpass")) named.add(name);
            }
        }
        assertThat(named).contains("chatpass", "scripts/bench-fresh.sh", "scripts/bench-livechat.sh");
        for (String name : named) {
            assertThat(ROOT.resolve(name)).as(name).isRegularFile().isExecutable();
        }
    }
}
