package io.tollgate.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Samples the resident set size ({@code VmRSS} of {@code /proc/<pid>/status}) of named processes on a daemon thread
 * and keeps the peak since the last {@link #reset()}: the peak under load is what a memory limit has to hold.
 */
final class ResidentMemory implements AutoCloseable {
    private static final long SAMPLE_MILLIS = 250;

    private final Map<String, Long> pids;
    private final Map<String, Long> peakKb = new ConcurrentHashMap<>();
    private final Thread sampler;
    private volatile boolean running = true;

    ResidentMemory(Map<String, Long> pids) {
        this.pids = new LinkedHashMap<>(pids);
        this.sampler = Thread.ofPlatform().daemon().name("rss-sampler").start(this::loop);
    }

    private void loop() {
        while (running) {
            pids.forEach((name, pid) -> {
                long kb = rssKb(pid);
                if (kb > 0) {
                    peakKb.merge(name, kb, Math::max);
                }
            });
            try {
                Thread.sleep(SAMPLE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process is gone or not on Linux: no sample
        }
        return -1;
    }

    void reset() {
        peakKb.clear();
    }

    /** Peak RSS in MiB per process name since the last reset, in the order the processes were given. */
    Map<String, Long> peakMb() {
        Map<String, Long> out = new LinkedHashMap<>();
        pids.keySet().forEach(name -> out.put(name, peakKb.getOrDefault(name, 0L) / 1024));
        return out;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
