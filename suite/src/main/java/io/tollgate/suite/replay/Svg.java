package io.tollgate.suite.replay;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** Minimal SVG charts for the self-contained report page. */
final class Svg {
    private static final int W = 720;
    private static final int H = 260;
    private static final int PAD = 50;

    private Svg() {
    }

    static String lines(List<List<double[]>> series, List<String> names, List<String> colours, String xLabel, String yLabel) {
        double maxX = 1e-9;
        double maxY = 1e-12;
        for (List<double[]> s : series) {
            for (double[] p : s) {
                maxX = Math.max(maxX, p[0]);
                maxY = Math.max(maxY, p[1]);
            }
        }
        StringBuilder b = open();
        axes(b, xLabel, yLabel, maxX, maxY);
        for (int i = 0; i < series.size(); i++) {
            b.append("<polyline fill=none stroke='").append(colours.get(i)).append("' stroke-width=2 points='");
            for (double[] p : series.get(i)) {
                b.append(String.format("%.1f,%.1f ", x(p[0], maxX), y(p[1], maxY)));
            }
            b.append("'/>");
            b.append(String.format("<text x=%d y=%d fill='%s'>%s</text>", W - 150, 20 + 16 * i, colours.get(i), names.get(i)));
        }
        return b.append("</svg>").toString();
    }

    static String bars(Map<String, BigDecimal> values) {
        double max = values.values().stream().mapToDouble(BigDecimal::doubleValue).max().orElse(0);
        max = Math.max(max, 1e-12);
        StringBuilder b = open();
        int n = Math.max(1, values.size());
        int bw = (W - 2 * PAD) / n;
        int i = 0;
        for (var e : values.entrySet()) {
            double v = Math.max(0, e.getValue().doubleValue());
            double top = y(v, max);
            b.append(String.format("<rect x=%d y=%.1f width=%d height=%.1f fill='#2980b9'/>", PAD + i * bw + 10, top, bw - 20, H - PAD - top));
            // a lever that cost money (batching at low load can) keeps its sign in the label; its bar stays at zero
            b.append(String.format("<text x=%d y=%d%s>%s: %.6f</text>", PAD + i * bw + 10, H - PAD + 16,
                    e.getValue().signum() < 0 ? " fill='#c0392b'" : "", e.getKey(), e.getValue().doubleValue()));
            i++;
        }
        return b.append("</svg>").toString();
    }

    static String histogram(double[] values, int buckets) {
        StringBuilder b = open();
        if (values.length == 0) {
            return b.append("</svg>").toString();
        }
        double max = java.util.Arrays.stream(values).max().orElse(1);
        int[] counts = new int[buckets];
        for (double v : values) {
            counts[Math.min(buckets - 1, (int) (v / max * buckets))]++;
        }
        int maxCount = java.util.Arrays.stream(counts).max().orElse(1);
        axes(b, "ms", "requests", max, maxCount);
        double bw = (W - 2.0 * PAD) / buckets;
        for (int i = 0; i < buckets; i++) {
            double top = y(counts[i], maxCount);
            b.append(String.format("<rect x=%.1f y=%.1f width=%.1f height=%.1f fill='#8e44ad'/>", PAD + i * bw, top, bw - 1, H - PAD - top));
        }
        return b.append("</svg>").toString();
    }

    private static StringBuilder open() {
        return new StringBuilder(String.format("<svg xmlns='http://www.w3.org/2000/svg' width=%d height=%d font-size=11>", W, H));
    }

    private static void axes(StringBuilder b, String xLabel, String yLabel, double maxX, double maxY) {
        b.append(String.format("<line x1=%d y1=%d x2=%d y2=%d stroke='#333'/>", PAD, H - PAD, W - PAD, H - PAD));
        b.append(String.format("<line x1=%d y1=%d x2=%d y2=%d stroke='#333'/>", PAD, PAD / 2, PAD, H - PAD));
        b.append(String.format("<text x=%d y=%d>%s (max %.4g)</text>", W / 2 - 40, H - 12, xLabel, maxX));
        b.append(String.format("<text x=4 y=%d>%s</text><text x=4 y=%d>%.4g</text>", PAD / 2 - 6, yLabel, PAD / 2 + 8, maxY));
    }

    private static double x(double v, double max) {
        return PAD + v / max * (W - 2 * PAD);
    }

    private static double y(double v, double max) {
        return H - PAD - v / max * (H - 1.5 * PAD);
    }
}
