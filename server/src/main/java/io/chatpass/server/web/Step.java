package io.chatpass.server.web;

/**
 * One rule of the web layer, run by the {@link Chain} for every request on either request path (the fast path's
 * Jetty handler, Javalin). Before the route, steps run in the chain's order; after the answer, in the reverse order,
 * so a step's {@code after} sees what the steps after it set up still in place.
 */
interface Step {
    /**
     * @return false when the request is answered here (a CORS preflight): no later step and no route runs
     * @throws RuntimeException a refusal ({@link ProblemException}, a rate limit), answered as problem+json
     */
    default boolean before(Exchange x) {
        return true;
    }

    /**
     * After the answer is decided, whatever happened before: also when a step or the route threw.
     *
     * @param route  the route's pattern ("unmatched" when none)
     * @param millis time from the start of the request
     * @param fast   whether the fast path served it
     */
    default void after(Exchange x, String route, int status, float millis, boolean fast) {
    }
}
