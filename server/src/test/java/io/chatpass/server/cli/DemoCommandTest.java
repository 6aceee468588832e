package io.chatpass.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where `chatpass demo` keeps its data: beside the install the launcher names, never the current folder. */
class DemoCommandTest {
    @Test
    void theDemosFolderIsBesideTheInstallNotTheCurrentFolder(@TempDir Path install) {
        String before = System.getProperty("chatpass.home");
        try {
            System.setProperty("chatpass.home", install.toString());
            assertThat(DemoCommand.defaultDir()).isEqualTo(install.resolve(".demo"));
            System.clearProperty("chatpass.home");
            assertThat(DemoCommand.defaultDir()).as("run without the launcher: the user's home, not the current folder")
                    .isEqualTo(Path.of(System.getProperty("user.home"), ".chatpass", "demo"));
        } finally {
            if (before == null) System.clearProperty("chatpass.home");
            else System.setProperty("chatpass.home", before);
        }
    }
}
