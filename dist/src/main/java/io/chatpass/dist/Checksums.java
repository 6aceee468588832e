package io.chatpass.dist;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Writes FILE.sha256 beside each file given, in the format `sha256sum -c` reads ("HASH  NAME"). */
public final class Checksums {
    private Checksums() {
    }

    public static void main(String[] args) throws IOException, NoSuchAlgorithmException {
        for (String arg : args) {
            Path file = Path.of(arg);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            Files.writeString(file.resolveSibling(file.getFileName() + ".sha256"),
                    HexFormat.of().formatHex(sha.digest()) + "  " + file.getFileName() + "\n");
        }
    }
}
