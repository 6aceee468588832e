package io.chatpass.bench;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;

/**
 * Reads the JSON lines of a bench.sh run, prints the figures as ratios measured in that run (medians over the
 * interleaved rounds) with the targets of DESIGN.md, and draws getToken throughput against stored users.
 */
public final class Report {
    private static final Locale L = Locale.ROOT;

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        StringBuilder out = new StringBuilder();
        List<Map<String, Object>> load = read(dir.resolve("load.jsonl"));
        if (!load.isEmpty()) {
            out.append("## 1. Token endpoint under load\n\n| target | req/s (median) | p50 ms | p99 ms | non-2xx |\n|---|---|---|---|---|\n");
            Map<String, List<Map<String, Object>>> byTarget = group(load, m -> (String) m.get("target"));
            for (var e : byTarget.entrySet()) {
                out.append(String.format(L, "| %s | %,.0f | %.2f | %.2f | %d |%n", e.getKey(), median(e.getValue(), "rps"),
                        median(e.getValue(), "p50ms"), median(e.getValue(), "p99ms"),
                        e.getValue().stream().mapToLong(m -> num(m, "non2xx").longValue()).sum()));
            }
            Map<Integer, Map<String, Double>> rounds = new TreeMap<>();
            for (var m : load) rounds.computeIfAbsent(num(m, "round").intValue(), k -> new LinkedHashMap<>())
                    .put((String) m.get("target"), num(m, "rps").doubleValue());
            double vsNoop = medianOf(rounds, "chatpass-zendesk-jwt", "chatpass-noop");
            double vsSeed = medianOf(rounds, "chatpass-zendesk-jwt", "node-express-jsonwebtoken");
            double vsJose = medianOf(rounds, "chatpass-zendesk-jwt", "node-jose");
            double p99 = median(byTarget.getOrDefault("chatpass-zendesk-jwt", List.of()), "p99ms");
            long rss = load.stream().mapToLong(m -> num(m, "rssKiB").longValue()).max().orElse(0);
            out.append(String.format(L, "%nRatios (median of per-round ratios): minting / no-work route = %.2f (target >= 0.80, %s); "
                            + "minting / seeds' express+jsonwebtoken = %.1fx (target >= 40x, %s); minting / Node jose = %.1fx (target >= 8x, %s); "
                            + "minting p99 = %.2f ms at %s connections (target < 10 ms, %s). Chatpass resident memory under this load: max %.0f MiB.%n",
                    vsNoop, verdict(vsNoop >= 0.8), vsSeed, verdict(vsSeed >= 40), vsJose, verdict(vsJose >= 8), p99,
                    System.getenv().getOrDefault("CONNECTIONS", "64"), verdict(p99 < 10), rss / 1024.0));
        }
        List<Map<String, Object>> scaling = read(dir.resolve("getToken.jsonl"));
        if (!scaling.isEmpty()) {
            out.append("\n## 2. getToken with a cached token, by stored users\n\n| store | users | ops/s (median) | p50 ms | p99 ms |\n|---|---|---|---|---|\n");
            Map<String, Map<Integer, Double>> chart = new LinkedHashMap<>();
            for (var s : group(scaling, m -> m.get("store") + "|" + m.get("users")).entrySet()) {
                String[] k = s.getKey().split("\\|");
                double ops = median(s.getValue(), "opsPerSec");
                chart.computeIfAbsent(k[0], x -> new TreeMap<>()).put(Integer.parseInt(k[1]), ops);
                out.append(String.format(L, "| %s | %,d | %,.0f | %.3f | %.3f |%n", k[0], Integer.parseInt(k[1]), ops,
                        median(s.getValue(), "p50ms"), median(s.getValue(), "p99ms")));
            }
            for (var e : chart.entrySet()) {
                var m = (TreeMap<Integer, Double>) e.getValue();
                double ratio = m.firstEntry().getValue() / m.lastEntry().getValue();
                out.append(String.format(L, "%n%s: throughput at %,d users / at %,d users = %.2fx (target <= 1.5x, %s)", e.getKey(),
                        m.firstKey(), m.lastKey(), ratio, verdict(ratio <= 1.5)));
            }
            out.append('\n');
            chart(chart, dir.resolve("getToken-scaling.png"));
        }
        List<Map<String, Object>> jsondb = read(dir.resolve("jsondb.jsonl"));
        if (!jsondb.isEmpty()) {
            out.append("\nnode-json-db (seed tutorial): ");
            out.append(jsondb.stream().map(m -> String.format(L, "%,d users: %.1f ms per write, %.3f ms per read%s", num(m, "users").intValue(),
                    num(m, "writeMs").doubleValue(), num(m, "readMs").doubleValue(), Boolean.TRUE.equals(m.get("timedOut")) ? " (time bound hit)" : ""))
                    .collect(Collectors.joining("; ")));
            out.append('\n');
        }
        List<Map<String, Object>> coalescing = read(dir.resolve("coalescing.jsonl"));
        if (!coalescing.isEmpty()) {
            out.append("\n## 3. Coalescing\n\n");
            for (var m : coalescing) {
                out.append(String.format(L, "round %d: %d concurrent getFreshToken -> %d upstream call(s) (upstream answers in %d ms); p50 %.1f ms, p99 %.1f ms%n",
                        num(m, "round").intValue(), num(m, "calls").intValue(), num(m, "upstreamCalls").intValue(),
                        num(m, "upstreamDelayMs").intValue(), num(m, "p50ms").doubleValue(), num(m, "p99ms").doubleValue()));
            }
        }
        List<Map<String, Object>> start = read(dir.resolve("start.jsonl"));
        if (!start.isEmpty()) {
            out.append("\n## 4. Start to ready\n\n").append(start.stream().map(m -> "start " + num(m, "start").intValue() + ": "
                    + num(m, "ms").intValue() + " ms").collect(Collectors.joining(", "))).append(" (target < 2000 ms after the first start)\n");
        }
        Path jmh = dir.resolve("jmh.json");
        if (Files.exists(jmh)) {
            out.append("\n## 5. JMH\n\n| benchmark | ops/s | error |\n|---|---|---|\n");
            for (Object o : com.nimbusds.jose.util.JSONArrayUtils.parse(Files.readString(jmh))) {
                @SuppressWarnings("unchecked")
                Map<String, Object> b = (Map<String, Object>) o;
                @SuppressWarnings("unchecked")
                Map<String, Object> pm = (Map<String, Object>) b.get("primaryMetric");
                String name = ((String) b.get("benchmark")).replaceAll(".*\\.(\\w+\\.\\w+)$", "$1");
                out.append(String.format(L, "| %s | %,.0f | ± %,.0f |%n", name, num(pm, "score").doubleValue(), num(pm, "scoreError").doubleValue()));
            }
        }
        System.out.println(out);
        Files.writeString(dir.resolve("summary.md"), out);
    }

    private static String verdict(boolean ok) {
        return ok ? "met" : "MISSED";
    }

    private static List<Map<String, Object>> read(Path file) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        if (!Files.exists(file)) return rows;
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("{")) rows.add(JSONObjectUtils.parse(line));
        }
        return rows;
    }

    private static Map<String, List<Map<String, Object>>> group(List<Map<String, Object>> rows, Function<Map<String, Object>, String> key) {
        return rows.stream().collect(Collectors.groupingBy(key, LinkedHashMap::new, Collectors.toList()));
    }

    private static Number num(Map<String, Object> m, String k) {
        Object v = m.get(k);
        return v instanceof Number n ? n : Double.NaN;
    }

    private static double median(List<Map<String, Object>> rows, String k) {
        double[] v = rows.stream().mapToDouble(m -> num(m, k).doubleValue()).sorted().toArray();
        if (v.length == 0) return Double.NaN;
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static double medianOf(Map<Integer, Map<String, Double>> rounds, String a, String b) {
        double[] r = rounds.values().stream().filter(m -> m.containsKey(a) && m.containsKey(b)).mapToDouble(m -> m.get(a) / m.get(b))
                .sorted().toArray();
        if (r.length == 0) return Double.NaN;
        return r.length % 2 == 1 ? r[r.length / 2] : (r[r.length / 2 - 1] + r[r.length / 2]) / 2;
    }

    /** Grouped bars: getToken ops/s per stored-user count, one colour per store. */
    static void chart(Map<String, Map<Integer, Double>> series, Path png) throws Exception {
        int w = 900, h = 480, left = 90, bottom = 70, top = 60, right = 30;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        double max = series.values().stream().flatMap(m -> m.values().stream()).mapToDouble(Double::doubleValue).max().orElse(1) * 1.15;
        List<Integer> xs = series.values().stream().flatMap(m -> m.keySet().stream()).distinct().sorted().toList();
        Color[] colours = {new Color(0x2b6cb0), new Color(0xdd6b20), new Color(0x38a169)};
        g.setColor(new Color(0x1d2433));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.drawString("LiveChat getToken (cached token): throughput vs stored users", left, 32);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        int plotH = h - top - bottom, plotW = w - left - right;
        g.setColor(new Color(0xe3e6ee));
        for (int i = 0; i <= 5; i++) {
            int y = top + plotH - plotH * i / 5;
            g.drawLine(left, y, w - right, y);
        }
        g.setColor(new Color(0x6b7385));
        for (int i = 0; i <= 5; i++) {
            int y = top + plotH - plotH * i / 5;
            g.drawString(String.format(L, "%,.0f", max * i / 5), 10, y + 5);
        }
        g.drawString("ops/s", 10, top - 12);
        int groupW = plotW / Math.max(1, xs.size());
        int barW = (groupW - 40) / Math.max(1, series.size());
        int s = 0;
        for (var e : series.entrySet()) {
            g.setColor(colours[s % colours.length]);
            for (int i = 0; i < xs.size(); i++) {
                Double v = e.getValue().get(xs.get(i));
                if (v == null) continue;
                int bh = (int) (plotH * v / max);
                int x = left + i * groupW + 20 + s * barW;
                g.fillRect(x, top + plotH - bh, barW - 6, bh);
                g.setColor(new Color(0x1d2433));
                g.drawString(String.format(L, "%,.0f", v), x, top + plotH - bh - 6);
                g.setColor(colours[s % colours.length]);
            }
            g.fillRect(w - right - 160, top + 8 + s * 20, 12, 12);
            g.setColor(new Color(0x1d2433));
            g.drawString(e.getKey(), w - right - 140, top + 19 + s * 20);
            s++;
        }
        g.setColor(new Color(0x1d2433));
        g.setStroke(new BasicStroke(1.5f));
        g.drawLine(left, top + plotH, w - right, top + plotH);
        for (int i = 0; i < xs.size(); i++) {
            g.drawString(String.format(L, "%,d users", xs.get(i)), left + i * groupW + groupW / 2 - 35, top + plotH + 24);
        }
        g.dispose();
        ImageIO.write(img, "png", png.toFile());
    }
}
