package io.tollgate.common.ledger;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.runtime.LaunchMode;
import io.tollgate.contracts.ledger.v1.LedgerServiceGrpc;

/**
 * Gives every service one {@link CostRecorder} bound to the gRPC client named {@code ledger}
 * ({@code quarkus.grpc.clients.ledger.host/port}), durable through an on-disk outbox by default.
 *
 * <p>{@code tollgate.ledger-appender.outbox-dir}: unset = {@code ./data/outbox/<quarkus.application.name>} (in the
 * test launch mode: memory only, so test runs do not leave outboxes behind); empty or {@code none} = memory only. A folder locked by
 * another process (two instances on one folder) falls back to memory only, with an error log.
 */
@ApplicationScoped
public class LedgerAppenderProducer {
    private static final Logger LOG = Logger.getLogger(LedgerAppenderProducer.class);

    @GrpcClient("ledger")
    LedgerServiceGrpc.LedgerServiceBlockingStub ledger;

    @ConfigProperty(name = "tollgate.ledger-appender.capacity", defaultValue = "65536")
    int capacity;

    @ConfigProperty(name = "tollgate.ledger-appender.max-batch", defaultValue = "1024")
    int maxBatch;

    @ConfigProperty(name = "tollgate.ledger-appender.max-delay", defaultValue = "PT0.05S")
    Duration maxDelay;

    @ConfigProperty(name = "quarkus.application.name", defaultValue = "tollgate")
    String applicationName;

    /** 256 MiB: about a million cost events (~250 bytes each), hours of ledger outage at gateway rates. */
    @ConfigProperty(name = "tollgate.ledger-appender.outbox-max-bytes", defaultValue = "268435456")
    long outboxMaxBytes;

    @ConfigProperty(name = "tollgate.ledger-appender.outbox-segment-bytes", defaultValue = "8388608")
    long segmentBytes;

    @ConfigProperty(name = "tollgate.ledger-appender.fsync", defaultValue = "false")
    boolean fsync;

    @Produces
    @ApplicationScoped
    LedgerAppender appender(Instance<MeterRegistry> registry) {
        LedgerAppender.Builder builder = LedgerAppender
                .builder(req -> ledger.withDeadlineAfter(5, TimeUnit.SECONDS).append(req))
                .capacity(capacity).maxBatch(maxBatch).maxDelay(maxDelay)
                .outboxMaxBytes(outboxMaxBytes).segmentBytes(segmentBytes).fsync(fsync);
        Path dir = resolveOutboxDir();
        LedgerAppender appender;
        try {
            appender = builder.outbox(dir).build();
        } catch (UncheckedIOException e) {
            LOG.errorf("ledger outbox unavailable (%s); cost events are kept in memory only", e.getCause().getMessage());
            appender = builder.outbox(null).build();
        }
        if (registry.isResolvable()) {
            MeterRegistry r = registry.get();
            FunctionCounter.builder("tollgate.ledger.appender.dropped.events", appender, LedgerAppender::droppedCount)
                    .description("Cost events dropped because the outbox or queue was full").register(r);
            FunctionCounter.builder("tollgate.ledger.appender.sent.events", appender, LedgerAppender::sentCount)
                    .description("Cost events acknowledged by the ledger").register(r);
            Gauge.builder("tollgate.ledger.appender.pending.events", appender, LedgerAppender::queued)
                    .description("Cost events recorded and not yet acknowledged").register(r);
            Gauge.builder("tollgate.ledger.appender.outbox.bytes", appender, LedgerAppender::outboxBytes)
                    .baseUnit("bytes").description("Bytes held in the durable outbox").register(r);
        }
        return appender;
    }

    private Path resolveOutboxDir() {
        // read raw: MicroProfile Config turns an empty value into "absent", but empty here means memory only
        ConfigValue configured = ConfigProvider.getConfig().getConfigValue("tollgate.ledger-appender.outbox-dir");
        if (configured.getRawValue() != null) {
            String v = configured.getRawValue().strip();
            return v.isEmpty() || v.equals("none") ? null : Path.of(v);
        }
        if (LaunchMode.current() == LaunchMode.TEST) {
            return null;
        }
        return Path.of("data", "outbox", applicationName);
    }

    void close(@Disposes LedgerAppender appender) {
        appender.close();
    }
}
