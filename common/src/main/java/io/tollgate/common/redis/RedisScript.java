package io.tollgate.common.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

import io.smallrye.mutiny.Uni;

/**
 * A Lua script run by its SHA-1 ({@code EVALSHA}): Redis gets 40 bytes instead of the script's text and does not hash
 * that text again on every call. The first call on a Redis that has not seen the script (a new server, a restart, a
 * {@code SCRIPT FLUSH}) answers {@code NOSCRIPT}; the script then runs once with {@code EVAL}, which loads it.
 *
 * <p>The client comes in as an {@link Execute} (with Quarkus's client: {@code redis::execute}), so this module needs
 * no Redis client of its own; the gateway and the cache service each pass theirs.
 */
public final class RedisScript {
    /** Sends one command, its name and its arguments, and answers its reply ({@code ReactiveRedisDataSource::execute}). */
    @FunctionalInterface
    public interface Execute<R> {
        Uni<R> execute(String command, String... args);
    }

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
    public <R> R run(Execute<R> redis, Duration timeout, String... keysAndArgs) {
        return runAsync(redis, timeout, keysAndArgs).await().indefinitely();
    }

    /**
     * The same without blocking: the reply (or the failure, or a timeout after {@code timeout} per attempt) arrives on
     * the Redis client's event loop, or on Mutiny's timer thread for a timeout.
     */
    public <R> Uni<R> runAsync(Execute<R> redis, Duration timeout, String... keysAndArgs) {
        String[] args = new String[keysAndArgs.length + 1];
        System.arraycopy(keysAndArgs, 0, args, 1, keysAndArgs.length);
        args[0] = sha;
        return attempt(redis, "EVALSHA", args, timeout).onFailure(RedisScript::noScript).recoverWithUni(() -> {
            String[] withSource = args.clone();
            withSource[0] = source;
            return attempt(redis, "EVAL", withSource, timeout);
        });
    }

    private static <R> Uni<R> attempt(Execute<R> redis, String command, String[] args, Duration timeout) {
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
