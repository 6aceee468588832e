package io.chatpass.bench;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints the fresh-token benchmark (scripts/bench-fresh.sh) as a table of medians over the interleaved rounds, then
 * the targets as ratios of medians measured in the same run: against Go at its best (issue 22: at least 1.3x its
 * throughput, at most 0.75x its CPU per request, at most 2x the bare Jetty handler's CPU, p99 at most 1.5x the bare
 * handler's and at most Go's, first visits at least 85% of steady), and the older ones against Node (issue 11).
 */
public final class FreshReport {
    private static final Locale L = Locale.ROOT;
    private static final String[] ORDER = {"chatpass-steady", "chatpass-first", "chatpass-repeated", "chatpass-nolog", "chatpass-noop",
        "go-best", "node-cluster-jose", "javalin-hello", "jetty-core-hello", "jetty-core-hello-tokens", "go-hello", "node-best-jose", "node-best-jwt", "seeds-express",
        "node-hello"};

    public static void main(String[] args) throws Exception {
        Map<String, List<Map<String, Object>>> byTarget = new LinkedHashMap<>();
        Map<String, Object> memory = null;
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            if (line.isBlank()) continue;
            Map<String, Object> m = JSONObjectUtils.parse(line);
            if ("memory".equals(m.get("bench"))) memory = m;
            else byTarget.computeIfAbsent((String) m.get("target"), k -> new ArrayList<>()).add(m);
        }
        StringBuilder out = new StringBuilder();
        // wrk's threads change how the two cores are shared between the client and the server (issue 22 measured with 1)
        if (memory != null && memory.get("wrkThreads") != null) {
            out.append(String.format(L, "wrk threads sending the load: %d%n%n", ((Number) memory.get("wrkThreads")).intValue()));
        }
        out.append("| target | req/s | p99 ms | server CPU per request (us) | wrk CPU per request (us) | non-2xx | tokens reused |\n"
                + "|---|---|---|---|---|---|---|\n");
        for (String t : ORDER) {
            List<Map<String, Object>> runs = byTarget.get(t);
            if (runs == null) continue;
            out.append(String.format(L, "| %s | %,.0f | %.2f | %.0f | %.0f | %d | %d |%n", t, median(runs, "rps"), median(runs, "p99ms"),
                    median(runs, "cpuUsPerReq"), median(runs, "wrkCpuUsPerReq"), runs.stream().mapToLong(m -> ((Number) m.get("non2xx")).longValue()).sum(),
                    runs.stream().mapToLong(m -> ((Number) m.get("tokensReused")).longValue()).sum()));
        }
        double steady = med(byTarget, "chatpass-steady", "rps");
        // Node at its best: whichever of the two Node stacks did the job faster in this run.
        String best = med(byTarget, "node-best-jwt", "rps") > med(byTarget, "node-best-jose", "rps") ? "node-best-jwt" : "node-best-jose";
        double jose = med(byTarget, best, "rps");
        double steadyCpu = med(byTarget, "chatpass-steady", "cpuUsPerReq");
        double joseCpu = med(byTarget, best, "cpuUsPerReq");
        double first = med(byTarget, "chatpass-first", "rps");
        double p99 = med(byTarget, "chatpass-steady", "p99ms");
        double helloP99 = med(byTarget, "javalin-hello", "p99ms");
        out.append(String.format(L, "%nTargets (medians of this run; Node at its best = " + best + "): steady minting / Node best = %.2fx req/s (target >= 1.5x, %s) "
                        + "and %.2fx CPU per request (target <= 0.65x, %s); first visits / steady = %.2f (target >= 0.5, %s); "
                        + "minting p99 / bare Javalin hello p99 = %.2fx (target <= 2x, %s).%n",
                steady / jose, ok(steady / jose >= 1.5), steadyCpu / joseCpu, ok(steadyCpu / joseCpu <= 0.65), first / steady,
                ok(first / steady >= 0.5), p99 / helloP99, ok(p99 / helloP99 <= 2)));
        if (byTarget.containsKey("go-best")) {
            double go = med(byTarget, "go-best", "rps");
            double goCpu = med(byTarget, "go-best", "cpuUsPerReq");
            double goP99 = med(byTarget, "go-best", "p99ms");
            double jettyCpu = med(byTarget, "jetty-core-hello", "cpuUsPerReq");
            double plainP99 = med(byTarget, "jetty-core-hello", "p99ms");
            // The floor's tail with the same client work as the targets that do the job (wrk sending the token requests);
            // the plain hello's wrk costs less than half as much per request, so it leaves the server more of the cores.
            boolean sameClient = byTarget.containsKey("jetty-core-hello-tokens");
            double jettyP99 = sameClient ? med(byTarget, "jetty-core-hello-tokens", "p99ms") : plainP99;
            out.append(String.format(L, "Against Go at its best (issue 22): steady minting / Go = %.2fx req/s (target >= 1.3x, %s) and %.2fx CPU per "
                            + "request (target <= 0.75x, %s); CPU per request / bare Jetty handler's = %.2fx (target <= 2x, %s); p99 %.2f ms / "
                            + "bare Jetty %s %.2f ms = %.2fx (target <= 1.5x, %s; %.2fx the plain hello's %.2f ms), / Go %.2f ms = %.2fx "
                            + "(target <= 1x, %s); first visits / steady = %.2f (target >= 0.85, %s).%n",
                    steady / go, ok(steady / go >= 1.3), steadyCpu / goCpu, ok(steadyCpu / goCpu <= 0.75), steadyCpu / jettyCpu,
                    ok(steadyCpu / jettyCpu <= 2), p99, sameClient ? "(same client)" : "(plain wrk)", jettyP99, p99 / jettyP99,
                    ok(p99 / jettyP99 <= 1.5), p99 / plainP99, plainP99, goP99, p99 / goP99, ok(p99 <= goP99),
                    first / steady, ok(first / steady >= 0.85)));
        }
        if (byTarget.containsKey("chatpass-nolog")) {
            double nolog = med(byTarget, "chatpass-nolog", "rps");
            out.append(String.format(L, "Access log cost: %.1f%% of throughput (target <= 10%%, %s).%n", 100 * (1 - steady / nolog),
                    ok(steady / nolog >= 0.9)));
        }
        if (memory != null) {
            // The target is that RSS stays at or under 256 MiB: judged by the peak where the run recorded it.
            double rss = ((Number) memory.get("rssKiB")).doubleValue() / 1024;
            double peak = memory.containsKey("rssPeakKiB") ? ((Number) memory.get("rssPeakKiB")).doubleValue() / 1024 : rss;
            out.append(String.format(L, "Chatpass after the run: RSS %.0f MiB, peak %.0f MiB (target <= 256, %s), heap in use %.0f MiB of a %.0f MiB limit.%n",
                    rss, peak, ok(peak <= 256),
                    ((Number) memory.get("heapUsedKiB")).doubleValue() / 1024, ((Number) memory.get("maxHeapBytes")).doubleValue() / 1048576));
        }
        System.out.print(out);
    }

    private static String ok(boolean met) {
        return met ? "met" : "MISSED";
    }

    private static double med(Map<String, List<Map<String, Object>>> by, String target, String key) {
        List<Map<String, Object>> runs = by.get(target);
        return runs == null ? Double.NaN : median(runs, key);
    }

    /** The median of a field over a target's runs (0 for runs without it: result files older than wrkCpuUsPerReq). */
    private static double median(List<Map<String, Object>> runs, String key) {
        double[] v = runs.stream().mapToDouble(m -> ((Number) m.getOrDefault(key, 0)).doubleValue()).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
