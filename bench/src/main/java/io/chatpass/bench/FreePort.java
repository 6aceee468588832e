package io.chatpass.bench;

import java.net.ServerSocket;

/** Prints a free TCP port on loopback. */
public final class FreePort {
    public static void main(String[] args) throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            System.out.println(s.getLocalPort());
        }
    }
}
