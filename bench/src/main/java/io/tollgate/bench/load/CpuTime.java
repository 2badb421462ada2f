package io.tollgate.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * CPU time (user + system, {@code /proc/<pid>/stat} fields 14 and 15) of named processes, so that a run can say how
 * many CPU milliseconds each service spent per request: on a machine where every process shares two cores that,
 * not latency, is what sets the capacity of the path.
 */
final class CpuTime {
    /** Clock ticks per second of {@code /proc/<pid>/stat}: USER_HZ, 100 on every Linux this runs on. */
    private static final double TICKS_PER_SECOND = 100;

    private final Map<String, Long> pids;

    CpuTime(Map<String, Long> pids) {
        this.pids = new LinkedHashMap<>(pids);
        this.pids.put("loadgen", ProcessHandle.current().pid());
    }

    /** CPU seconds so far per process name; -1 where the process is gone. */
    Map<String, Double> snapshot() {
        Map<String, Double> out = new LinkedHashMap<>();
        pids.forEach((name, pid) -> out.put(name, seconds(pid)));
        return out;
    }

    /** CPU milliseconds per request between two snapshots, per process, and their sum over the services. */
    static String perRequest(Map<String, Double> before, Map<String, Double> after, long requests) {
        Map<String, String> parts = new LinkedHashMap<>();
        double services = 0;
        for (var e : after.entrySet()) {
            double ms = (e.getValue() - before.getOrDefault(e.getKey(), 0.0)) * 1000 / Math.max(1, requests);
            parts.put(e.getKey(), String.format(Locale.ROOT, "%.2f", ms));
            if (!e.getKey().equals("loadgen") && !e.getKey().equals("provider") && !e.getKey().equals("portkey")) {
                services += ms;
            }
        }
        return parts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))
                + String.format(Locale.ROOT, "; Tollgate services together %.2f", services);
    }

    static double seconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // the command name (field 2) may hold spaces: count fields from the closing parenthesis
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
