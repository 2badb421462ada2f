package io.tollgate.common.grpc;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.grpc.GlobalInterceptor;
import io.quarkus.runtime.ShutdownEvent;

/**
 * Lets in-flight gRPC calls finish when the process is asked to stop (SIGTERM on a rolling upgrade).
 *
 * <p>Quarkus' graceful shutdown drains HTTP requests, but its gRPC server is closed by a shutdown task that cancels
 * calls still running. This interceptor counts calls from start to close, and the {@link ShutdownEvent} observer,
 * which Quarkus runs before its shutdown tasks, waits until none are left (bounded by
 * {@code tollgate.shutdown.drain-timeout}). Calls arriving during the drain are refused with UNAVAILABLE so that
 * clients retry elsewhere.
 */
@ApplicationScoped
@GlobalInterceptor
public class GracefulDrain implements ServerInterceptor {
    private static final Logger LOG = Logger.getLogger(GracefulDrain.class);

    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean draining;

    @ConfigProperty(name = "tollgate.shutdown.drain-timeout", defaultValue = "PT30S")
    Duration drainTimeout;

    public GracefulDrain(MeterRegistry metrics) {
        Gauge.builder("tollgate_grpc_server_inflight_calls", inFlight, AtomicInteger::get)
                .description("gRPC calls being served; what a SIGTERM waits for").register(metrics);
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        if (draining) {
            call.close(Status.UNAVAILABLE.withDescription("shutting down"), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        inFlight.incrementAndGet();
        AtomicBoolean done = new AtomicBoolean();
        Runnable finish = () -> {
            if (done.compareAndSet(false, true)) {
                inFlight.decrementAndGet();
            }
        };
        ServerCall<Q, R> counted = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                try {
                    super.close(status, trailers);
                } finally {
                    finish.run();
                }
            }
        };
        try {
            return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(counted, headers)) {
                @Override
                public void onCancel() {
                    try {
                        super.onCancel();
                    } finally {
                        finish.run();
                    }
                }
            };
        } catch (RuntimeException e) {
            finish.run();
            throw e;
        }
    }

    public int inFlight() {
        return inFlight.get();
    }

    void drain(@Observes ShutdownEvent event) {
        draining = true;
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        int left = inFlight.get();
        if (left > 0) {
            LOG.infof("draining %d in-flight gRPC calls (up to %s)", left, drainTimeout);
        }
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (inFlight.get() > 0) {
            LOG.warnf("%d gRPC calls still running after %s; stopping anyway", inFlight.get(), drainTimeout);
        }
    }
}
