package io.tollgate.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.tollgate.suite.Suite;

/**
 * JFR recordings of running suite services, started and stopped with {@code jcmd} (the launcher's JVM flags stay as
 * they are). Profile settings: method samples every 10-20 ms, allocation samples, thread parks and monitor waits.
 */
final class Jfr {
    private final List<String[]> recordings; // {pid, file}
    private final String jcmd;

    private Jfr(List<String[]> recordings, String jcmd) {
        this.recordings = recordings;
        this.jcmd = jcmd;
    }

    /** {@code services}: comma-separated suite service names, or empty for none. */
    static Jfr start(String services, Suite suite, Path dir) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String jcmd = Path.of(java).resolveSibling("jcmd").toString();
        List<String[]> recordings = new ArrayList<>();
        if (!services.isBlank()) {
            Files.createDirectories(dir);
            for (String service : services.split(",")) {
                String pid = String.valueOf(suite.pid(service.strip()));
                String file = dir.resolve(service.strip() + ".jfr").toAbsolutePath().toString();
                run(jcmd, pid, "JFR.start", "name=bench", "settings=profile", "filename=" + file);
                recordings.add(new String[] {pid, file});
                System.out.println("JFR recording " + service + " -> " + file);
            }
        }
        return new Jfr(recordings, jcmd);
    }

    void stop() throws IOException, InterruptedException {
        for (String[] r : recordings) {
            run(jcmd, r[0], "JFR.stop", "name=bench", "filename=" + r[1]);
        }
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
    }
}
