package io.chatpass.server.cli;

import io.chatpass.core.LogSafe;
import io.chatpass.core.store.StoreException;
import io.chatpass.server.config.ChatpassConfig;
import java.net.BindException;

/** Turns a failure to start into one line that names the setting at fault and the fix. */
public final class StartFailure {
    private StartFailure() {
    }

    /** A command's unexpected failure in one line: the innermost cause's kind and message, and where to find more. */
    public static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) root = root.getCause();
        if (e instanceof StoreException s) return "the store failed: " + LogSafe.clean(String.valueOf(s.getMessage()))
                + " (" + root.getClass().getSimpleName() + "); check store.* in the configuration and that the store is reachable";
        return root.getClass().getSimpleName() + ": " + LogSafe.clean(String.valueOf(root.getMessage()))
                + "; run with JAVA_OPTS=-Dchatpass.logLevel=DEBUG for the details";
    }

    static String describe(Throwable e, ChatpassConfig cfg) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return "chatpass: cannot listen on " + cfg.server().host() + ":" + cfg.server().port() + " (" + t.getMessage()
                        + "); server.port / server.host: stop the program using it or choose another port (e.g. CHATPASS_SERVER_PORT=8081)";
            }
            if (t instanceof StoreException s) {
                String key = cfg.store().jdbcUrl() != null ? "store.jdbcUrl" : "store.sqlitePath";
                return "chatpass: " + key + ": " + LogSafe.clean(s.getMessage())
                        + (cfg.store().jdbcUrl() != null ? "; check the URL, store.username/password and that PostgreSQL is running" : "");
            }
            if (t instanceof SecurityException || t instanceof java.security.GeneralSecurityException) {
                return "chatpass: store.encryptionKeyset: the keyset cannot be used (" + t.getClass().getSimpleName()
                        + "); give the keyset printed by `chatpass keys generate`";
            }
        }
        Throwable root = e;
        while (root.getCause() != null) root = root.getCause();
        return "chatpass: cannot start: " + root.getClass().getSimpleName() + ": " + LogSafe.clean(String.valueOf(root.getMessage()))
                + "; run with JAVA_OPTS=-Dchatpass.logLevel=DEBUG for the details";
    }
}
