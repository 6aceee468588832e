package io.chatpass.bench;

import io.chatpass.server.vendors.livechat.AccountsStandIn;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The tests' stand-in for LiveChat's accounts service as a process, for the LiveChat load benchmark's warm-up (every
 * user's customer created once). Writes its base URL to the file named by the first argument, then serves until killed.
 */
public final class AccountsServer {
    private AccountsServer() {
    }

    public static void main(String[] args) throws Exception {
        AccountsStandIn standIn = new AccountsStandIn();
        Files.writeString(Path.of(args[0]), standIn.baseUrl());
        Thread.currentThread().join();
    }
}
