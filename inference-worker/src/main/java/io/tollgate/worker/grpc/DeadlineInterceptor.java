package io.tollgate.worker.grpc;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.quarkus.grpc.GlobalInterceptor;

/**
 * Makes the caller's deadline available to service methods as {@link #DEADLINE}. The gRPC context's own deadline is
 * not set on every server transport Quarkus uses, so the {@code grpc-timeout} header is read as a fallback; the
 * batcher drops requests whose deadline passed before they run.
 */
@GlobalInterceptor
@ApplicationScoped
public class DeadlineInterceptor implements ServerInterceptor {
    static final Context.Key<Deadline> DEADLINE = Context.key("tollgate-deadline");
    static final Metadata.Key<String> TIMEOUT = Metadata.Key.of("grpc-timeout", Metadata.ASCII_STRING_MARSHALLER);

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        Deadline deadline = Context.current().getDeadline();
        if (deadline == null) {
            deadline = parse(headers.get(TIMEOUT));
        }
        if (deadline == null) {
            return next.startCall(call, headers);
        }
        return Contexts.interceptCall(Context.current().withValue(DEADLINE, deadline), call, headers, next);
    }

    /** {@code grpc-timeout}: up to 8 digits and a unit, H M S m u n (gRPC over HTTP/2 spec); null when absent or malformed. */
    static Deadline parse(String value) {
        if (value == null || value.length() < 2 || value.length() > 9) {
            return null;
        }
        long amount;
        try {
            amount = Long.parseLong(value.substring(0, value.length() - 1));
        } catch (NumberFormatException e) {
            return null;
        }
        TimeUnit unit = switch (value.charAt(value.length() - 1)) {
            case 'H' -> TimeUnit.HOURS;
            case 'M' -> TimeUnit.MINUTES;
            case 'S' -> TimeUnit.SECONDS;
            case 'm' -> TimeUnit.MILLISECONDS;
            case 'u' -> TimeUnit.MICROSECONDS;
            case 'n' -> TimeUnit.NANOSECONDS;
            default -> null;
        };
        return unit == null ? null : Deadline.after(amount, unit);
    }

    /** The current call's deadline, or null when the caller set none. */
    static Deadline current() {
        Deadline d = DEADLINE.get();
        return d != null ? d : Context.current().getDeadline();
    }
}
