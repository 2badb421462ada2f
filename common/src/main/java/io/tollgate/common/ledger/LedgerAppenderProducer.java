package io.tollgate.common.ledger;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.grpc.GrpcClient;
import io.tollgate.contracts.ledger.v1.LedgerServiceGrpc;

/**
 * Gives every service one {@link CostRecorder} bound to the gRPC client named {@code ledger}
 * ({@code quarkus.grpc.clients.ledger.host/port}).
 */
@ApplicationScoped
public class LedgerAppenderProducer {

    @GrpcClient("ledger")
    LedgerServiceGrpc.LedgerServiceBlockingStub ledger;

    @ConfigProperty(name = "tollgate.ledger-appender.capacity", defaultValue = "65536")
    int capacity;

    @ConfigProperty(name = "tollgate.ledger-appender.max-batch", defaultValue = "512")
    int maxBatch;

    @ConfigProperty(name = "tollgate.ledger-appender.max-delay", defaultValue = "PT0.05S")
    Duration maxDelay;

    @Produces
    @ApplicationScoped
    LedgerAppender appender() {
        return new LedgerAppender(req -> ledger.withDeadlineAfter(5, java.util.concurrent.TimeUnit.SECONDS).append(req),
                capacity, maxBatch, maxDelay);
    }

    void close(@Disposes LedgerAppender appender) {
        appender.close();
    }
}
