package io.chatpass.core.store;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/**
 * Something broke in the store (not the caller's fault). {@link #isUnavailable()} tells an outage (no connection,
 * the database shutting down or restarting, a lock wait or a pool wait timed out), answered 503 store_unavailable
 * with Retry-After, from a defect such as a missing table, answered 500.
 */
public final class StoreException extends RuntimeException {
    private final boolean unavailable;

    public StoreException(String message, Throwable cause) {
        this(message, cause, classify(cause));
    }

    private StoreException(String message, Throwable cause, boolean unavailable) {
        super(message, cause);
        this.unavailable = unavailable;
    }

    /** An outage found by other means than an exception of the driver (data too old to be trusted). */
    public static StoreException unavailable(String message, Throwable cause) {
        return new StoreException(message, cause, true);
    }

    public boolean isUnavailable() {
        return unavailable;
    }

    static boolean classify(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) return true;
            if (t instanceof java.net.ConnectException || t instanceof java.net.SocketException
                    || t instanceof java.io.EOFException || t instanceof java.net.SocketTimeoutException) return true;
            if (t instanceof SQLException s) {
                String state = s.getSQLState();
                // 08: connection exceptions; 57P: operator intervention (shutdown, crash recovery); 53: resources.
                if (state != null && (state.startsWith("08") || state.startsWith("57P") || state.startsWith("53"))) return true;
                // SQLite: SQLITE_BUSY (5) and SQLITE_LOCKED (6) after the busy timeout; SQLITE_IOERR (10), SQLITE_FULL (13).
                int code = s.getErrorCode();
                if (s.getClass().getName().startsWith("org.sqlite") && (code == 5 || code == 6 || code == 10 || code == 13)) return true;
            }
        }
        return false;
    }
}
