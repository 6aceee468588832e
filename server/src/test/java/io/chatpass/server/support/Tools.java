package io.chatpass.server.support;

/** What the test run is: under CI (CI=true), a missing tool fails the run instead of skipping the tests that need it. */
public final class Tools {
    private Tools() {
    }

    public static boolean underCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }
}
