package io.tollgate.suite;

import java.util.List;
import java.util.Map;

/**
 * One service process of the suite: where its jar is, its ports, and its explicit memory and thread budget.
 *
 * @param name       short name used in logs and URLs
 * @param module     Maven module folder; the launcher runs {@code <module>/target/quarkus-app/quarkus-run.jar}
 * @param httpPort   HTTP port (health, metrics, REST)
 * @param grpcPort   gRPC server port, or 0 when the service serves no gRPC
 * @param heapMb     -Xmx in MiB
 * @param maxThreads Quarkus worker pool size ({@code quarkus.thread-pool.max-threads})
 * @param properties system properties for this service (ports and wiring are added by the launcher)
 */
public record ServiceSpec(String name, String module, int httpPort, int grpcPort, int heapMb, int maxThreads,
        Map<String, String> properties) {

    /** JVM flags every service gets. Five JVMs, Redis, PostgreSQL and a load generator share 2 cores and 24 GiB. */
    static final List<String> COMMON_JVM_FLAGS = List.of(
            "-Xss512k",
            // Serial GC: with heaps of a few hundred MiB its pauses are short, and it needs no GC threads.
            "-XX:+UseSerialGC",
            "-XX:MaxMetaspaceSize=192m",
            "-XX:ReservedCodeCacheSize=96m",
            "-XX:MaxDirectMemorySize=128m",
            // Give freed native memory (JIT arenas, Netty, ONNX Runtime scratch) back to the OS every 5 s.
            "-XX:TrimNativeHeapInterval=5000",
            // Size every pool from 2 CPUs even when the host reports more.
            "-XX:ActiveProcessorCount=2",
            "-XX:+ExitOnOutOfMemoryError",
            "--enable-native-access=ALL-UNNAMED",
            "-Djava.net.preferIPv4Stack=true");

    /**
     * Flags for one service on top of the common ones. The worker's work is native (ONNX Runtime): C1 alone compiles
     * its Java glue, and C2's compiler memory (arenas of up to 20 MiB while compiling) is not spent there. Its Java
     * live set is ~8 MiB, so a 6 MiB young generation (instead of a third of the heap) keeps ~9 MiB of heap pages
     * that every allocation cycle would touch out of its resident memory (docs/benchmarks.md, session 7).
     */
    List<String> jvmFlags() {
        return "worker".equals(name) ? List.of("-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=48m", "-Xmn6m") : List.of();
    }

    String url() {
        return "http://127.0.0.1:" + httpPort;
    }
}
