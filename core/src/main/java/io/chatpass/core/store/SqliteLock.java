package io.chatpass.core.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on {@code <sqlite file>.lock}, held while the store is open. SQLite is one process by design:
 * the per-user single flight that keeps a vendor's customers unique lives in the process, so a second process on the
 * same file is refused at start, with PostgreSQL named as the way to run several.
 */
final class SqliteLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private SqliteLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static SqliteLock acquire(Path dbFile) {
        Path lockFile = dbFile.resolveSibling(dbFile.getFileName() + ".lock");
        FileChannel ch = null;
        try {
            ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l = ch.tryLock();
            if (l == null) throw busy(dbFile, null);
            return new SqliteLock(ch, l);
        } catch (OverlappingFileLockException e) {
            closeQuietly(ch);
            throw busy(dbFile, e);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new StoreException("cannot lock the SQLite file " + dbFile + " (" + e.getClass().getSimpleName()
                    + "); check that its folder is writable", e);
        } catch (StoreException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    private static StoreException busy(Path dbFile, Throwable cause) {
        return new StoreException("the SQLite file " + dbFile + " is already in use by another Chatpass process; "
                + "SQLite serves one process only: stop the other one, or use PostgreSQL (store.jdbcUrl) to run several", cause);
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            if (ch != null) ch.close();
        } catch (IOException ignored) {
            // already failing
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
    }
}
