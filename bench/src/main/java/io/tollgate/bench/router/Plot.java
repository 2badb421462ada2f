package io.tollgate.bench.router;

import java.util.List;
import java.util.Locale;

/** A small SVG scatter plot: cost (% of premium's) on x, quality on y; the per-intent frontier and the router as lines. */
final class Plot {
    private static final int W = 640;
    private static final int H = 420;
    private static final int PAD = 60;

    private Plot() {
    }

    static String svg(String title, Policies.Point prem, Policies.Point cheap, Policies.Point oracle,
            List<Policies.Point> frontier, List<Policies.Point> router) {
        double qMin = Math.floor(Math.min(cheap.quality(), router.stream().mapToDouble(Policies.Point::quality).min().orElse(1)) * 20) / 20;
        double qMax = Math.ceil(Math.max(oracle.quality(), prem.quality()) * 20) / 20;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n", W, H));
        s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", W, H));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"14\">%s</text>%n", PAD, title));
        for (int pct = 0; pct <= 100; pct += 20) {
            double x = x(pct / 100.0);
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/><text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d%%</text>%n",
                    x, PAD, x, H - PAD, x, H - PAD + 16, pct));
        }
        for (double q = qMin; q <= qMax + 1e-9; q += 0.05) {
            double y = y(q, qMin, qMax);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/><text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.2f</text>%n",
                    PAD, y, W - PAD, y, PAD - 6, y + 4, q));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">cost, %% of always-premium</text>%n", W / 2, H - 20));
        s.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%d\" transform=\"rotate(-90 16 %d)\" text-anchor=\"middle\">quality (mean 0/1 score)</text>%n", H / 2, H / 2));
        // random mixing of cheapest and premium
        s.append(polyline(List.of(cheap, prem), prem, qMin, qMax, "#999", "4 3"));
        s.append(polyline(frontier, prem, qMin, qMax, "#e08000", ""));
        s.append(polyline(router, prem, qMin, qMax, "#0060d0", ""));
        for (Policies.Point p : router) {
            s.append(dot(p, prem, qMin, qMax, "#0060d0"));
        }
        s.append(dot(prem, prem, qMin, qMax, "black")).append(dot(cheap, prem, qMin, qMax, "black"))
                .append(dot(oracle, prem, qMin, qMax, "green"));
        String[][] legend = { { "#0060d0", "Tollgate router (quality targets)" }, { "#e08000", "per-intent static frontier" },
                { "#999", "random mix cheapest/premium" }, { "green", "oracle" } };
        for (int i = 0; i < legend.length; i++) {
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>%n",
                    W - PAD - 220, H - PAD - 70 + i * 16, legend[i][0], W - PAD - 205, H - PAD - 61 + i * 16, legend[i][1]));
        }
        return s.append("</svg>\n").toString();
    }

    private static double x(double costFraction) {
        return PAD + Math.min(1.05, costFraction) * (W - 2 * PAD);
    }

    private static double y(double q, double qMin, double qMax) {
        return H - PAD - (q - qMin) / (qMax - qMin) * (H - 2 * PAD);
    }

    private static String polyline(List<Policies.Point> pts, Policies.Point prem, double qMin, double qMax, String colour, String dash) {
        StringBuilder s = new StringBuilder("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"" + colour + "\""
                + (dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\"") + " points=\"");
        for (Policies.Point p : pts) {
            s.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(p.cost() / prem.cost()), y(p.quality(), qMin, qMax)));
        }
        return s.append("\"/>\n").toString();
    }

    private static String dot(Policies.Point p, Policies.Point prem, double qMin, double qMax, String colour) {
        return String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"><title>%s</title></circle>%n",
                x(p.cost() / prem.cost()), y(p.quality(), qMin, qMax), colour, p.name().replace("*", ""));
    }
}
