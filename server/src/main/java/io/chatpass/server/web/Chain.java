package io.chatpass.server.web;

import java.util.List;

/**
 * The web layer's rules as one ordered list of small steps, run for every request by whichever request path carries
 * it: the same steps in the same order on the fast path and on Javalin, so parity comes from the structure.
 * Failures of a step or a route are answered by {@link WebLayer#answerProblem} in one place.
 */
final class Chain {
    private final Step[] steps;

    Chain(List<Step> steps) {
        this.steps = steps.toArray(Step[]::new);
    }

    /** @return false when a step answered the request itself */
    boolean before(Exchange x) {
        for (Step s : steps) {
            if (!s.before(x)) return false;
        }
        return true;
    }

    /** Every step's after, in the reverse order; one failing does not keep the others from running. */
    void after(Exchange x, String route, int status, float millis, boolean fast) {
        RuntimeException first = null;
        for (int i = steps.length - 1; i >= 0; i--) {
            try {
                steps[i].after(x, route, status, millis, fast);
            } catch (RuntimeException e) {
                if (first == null) first = e;
            }
        }
        if (first != null) throw first;
    }

    /** The steps' names in order (for the ADR's list and its test). */
    List<String> names() {
        return java.util.Arrays.stream(steps).map(s -> s.getClass().getSimpleName()).toList();
    }
}
