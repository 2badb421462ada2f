package io.tollgate.worker.grpc;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class DeadlineInterceptorTest {
    @Test
    void parsesGrpcTimeoutUnits() {
        assertTrue(DeadlineInterceptor.parse("5S").timeRemaining(TimeUnit.MILLISECONDS) > 4_000);
        assertTrue(DeadlineInterceptor.parse("200m").timeRemaining(TimeUnit.MILLISECONDS) <= 200);
        assertTrue(DeadlineInterceptor.parse("1H").timeRemaining(TimeUnit.MINUTES) >= 59);
    }

    @Test
    void malformedTimeoutsMeanNoDeadline() {
        assertNull(DeadlineInterceptor.parse(null));
        assertNull(DeadlineInterceptor.parse("12"));
        assertNull(DeadlineInterceptor.parse("12x"));
        assertNull(DeadlineInterceptor.parse("123456789S"));
    }
}
