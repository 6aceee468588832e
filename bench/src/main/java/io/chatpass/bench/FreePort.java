package io.chatpass.bench;

import java.io.IOException;
import java.net.ServerSocket;

/** A free TCP port on loopback; as a program, prints one. */
public final class FreePort {
    public static int find() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public static void main(String[] args) throws Exception {
        System.out.println(find());
    }
}
