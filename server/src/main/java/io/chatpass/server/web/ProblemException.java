package io.chatpass.server.web;

import java.util.Map;

/** Thrown by a handler to answer with a problem; the web layer writes it. No stack trace is kept. */
public final class ProblemException extends RuntimeException {
    private final Problem problem;
    private final Map<String, String> headers;

    public ProblemException(Problem problem) {
        this(problem, Map.of());
    }

    public ProblemException(Problem problem, Map<String, String> headers) {
        super(problem.code(), null, false, false);
        this.problem = problem;
        this.headers = Map.copyOf(headers);
    }

    public ProblemException(int status, String code, String title, String detail) {
        this(new Problem(status, code, title, detail));
    }

    public Problem problem() {
        return problem;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
