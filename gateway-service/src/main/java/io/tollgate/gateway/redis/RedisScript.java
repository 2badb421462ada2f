package io.tollgate.gateway.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

/**
 * A Lua script run by its SHA-1 ({@code EVALSHA}): Redis gets 40 bytes instead of the script's text and does not hash
 * that text again on every call. The first call on a Redis that has not seen the script (a new server, a restart, a
 * {@code SCRIPT FLUSH}) answers {@code NOSCRIPT}; the script then runs once with {@code EVAL}, which loads it.
 */
public final class RedisScript {
    private final String source;
    private final String sha;

    public RedisScript(String source) {
        this.source = source;
        try {
            this.sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every JVM", e);
        }
    }

    public String sha() {
        return sha;
    }

    /**
     * Runs the script; {@code keysAndArgs} is what follows the script in {@code EVAL}: the number of keys, the keys,
     * then the arguments. Blocks at most {@code timeout} per attempt.
     */
    public Response run(ReactiveRedisDataSource redis, Duration timeout, String... keysAndArgs) {
        return runAsync(redis, timeout, keysAndArgs).await().indefinitely();
    }

    /**
     * The same without blocking: the reply (or the failure, or a timeout after {@code timeout} per attempt) arrives on
     * the Redis client's event loop, or on Mutiny's timer thread for a timeout.
     */
    public Uni<Response> runAsync(ReactiveRedisDataSource redis, Duration timeout, String... keysAndArgs) {
        String[] args = new String[keysAndArgs.length + 1];
        System.arraycopy(keysAndArgs, 0, args, 1, keysAndArgs.length);
        args[0] = sha;
        return attempt(redis, "EVALSHA", args, timeout).onFailure(RedisScript::noScript).recoverWithUni(() -> {
            String[] withSource = args.clone();
            withSource[0] = source;
            return attempt(redis, "EVAL", withSource, timeout);
        });
    }

    private static Uni<Response> attempt(ReactiveRedisDataSource redis, String command, String[] args, Duration timeout) {
        return redis.execute(command, args).ifNoItem().after(timeout).fail();
    }

    static boolean noScript(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c.getMessage() != null && c.getMessage().startsWith("NOSCRIPT")) {
                return true;
            }
        }
        return false;
    }
}
