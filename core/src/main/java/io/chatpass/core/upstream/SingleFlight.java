package io.chatpass.core.upstream;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * One upstream call per key at a time in this process: a caller arriving while another caller's call for the same key
 * (a user) is under way waits for that call and shares its answer, or its failure, instead of making its own. Used
 * by the vendors that create a token per user upstream; across processes, the store's leases do the same job.
 */
public final class SingleFlight<K, V> {
    /** The work of one flight. */
    public interface Work<V, E extends Exception> {
        V run() throws E;
    }

    /** What a caller got: the value, and whether it came from another caller's flight. */
    public record Outcome<V>(V value, boolean shared) {
    }

    private final ConcurrentHashMap<K, CompletableFuture<V>> flights = new ConcurrentHashMap<>();

    /** Whether a flight for this key is under way now. */
    public boolean inFlight(K key) {
        return flights.containsKey(key);
    }

    /**
     * Runs the work, unless a flight for the key is under way: then waits for it (at most {@code maxWait}, or without
     * limit when null) and shares its outcome.
     *
     * @param failure  the work's checked failure, rethrown as itself to every caller of the flight
     * @param timedOut the failure of a caller who waited {@code maxWait} (or was interrupted) for another's flight
     */
    public <E extends Exception> Outcome<V> callOnce(K key, Class<E> failure, Duration maxWait, Supplier<E> timedOut, Work<V, E> work)
            throws E {
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> running = flights.putIfAbsent(key, mine);
        if (running != null) return new Outcome<>(await(running, failure, maxWait, timedOut), true);
        try {
            V value = work.run();
            mine.complete(value);
            return new Outcome<>(value, false);
        } catch (Exception | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            flights.remove(key, mine);
        }
    }

    private static <V, E extends Exception> V await(CompletableFuture<V> running, Class<E> failure, Duration maxWait,
                                                    Supplier<E> timedOut) throws E {
        try {
            return maxWait == null ? running.get() : running.get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (failure.isInstance(cause)) throw failure.cast(cause);
            if (cause instanceof RuntimeException r) throw r;
            if (cause instanceof Error err) throw err;
            throw new IllegalStateException(cause);
        } catch (TimeoutException e) {
            throw timedOut.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw timedOut.get();
        }
    }
}
