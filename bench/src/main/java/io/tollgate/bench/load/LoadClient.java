package io.tollgate.bench.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * The HTTP/1.1 client the load generator sends with (keep-alive, as OpenAI clients use it). Two, so that the generator's
 * own share of an end-to-end figure can be told apart from the server's: the JDK's {@code HttpClient} (a selector
 * thread plus an executor; each request crosses both) and Vert.x's Netty client on one event loop of its own (a request
 * is written and its answer read on that thread, and the completion runs there too).
 */
public interface LoadClient extends AutoCloseable {

    /** A whole answer: status, headers (lower-case names, first value), body. */
    record Reply(int status, Map<String, String> headers, String body) {
        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }
    }

    String name();

    /** POSTs {@code body} as JSON; the future fails on a connection error or after {@code timeout}. */
    CompletableFuture<Reply> post(URI uri, Map<String, String> headers, String body, Duration timeout);

    @Override
    void close();

    /** {@code jdk} or {@code vertx}. */
    static LoadClient named(String name, ExecutorService executor) {
        return switch (name) {
            case "jdk" -> jdk(executor);
            case "vertx" -> vertx();
            default -> throw new IllegalArgumentException("unknown client " + name + " (jdk, vertx)");
        };
    }

    static LoadClient jdk(ExecutorService executor) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(Duration.ofSeconds(5)).build();
        return new LoadClient() {
            @Override
            public String name() {
                return "jdk";
            }

            @Override
            public CompletableFuture<Reply> post(URI uri, Map<String, String> headers, String body, Duration timeout) {
                HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
                headers.forEach(request::header);
                return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
                    Map<String, String> first = new HashMap<>();
                    r.headers().map().forEach((k, v) -> first.put(k.toLowerCase(Locale.ROOT), v.getFirst()));
                    return new Reply(r.statusCode(), first, r.body());
                });
            }

            @Override
            public void close() {
                http.close();
            }
        };
    }

    static LoadClient vertx() {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1).setInternalBlockingPoolSize(1));
        // as many connections as requests in flight (the JDK client's HTTP/1.1 pool is unbounded too): an open-loop
        // generator must never queue a request behind another one's connection
        io.vertx.core.http.HttpClient http = vertx.createHttpClient(
                new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true), new PoolOptions().setHttp1MaxSize(8192));
        return new LoadClient() {
            @Override
            public String name() {
                return "vertx";
            }

            @Override
            public CompletableFuture<Reply> post(URI uri, Map<String, String> headers, String body, Duration timeout) {
                RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(uri.toString())
                        .setTimeout(timeout.toMillis()).putHeader("content-type", "application/json");
                headers.forEach(options::putHeader);
                CompletableFuture<Reply> reply = new CompletableFuture<>();
                http.request(options)
                        .compose(request -> request.send(body))
                        .compose(response -> response.body().map(b -> new Reply(response.statusCode(), first(response.headers()), b.toString())))
                        .onComplete(done -> {
                            if (done.succeeded()) {
                                reply.complete(done.result());
                            } else {
                                reply.completeExceptionally(done.cause());
                            }
                        });
                return reply;
            }

            @Override
            public void close() {
                try {
                    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    // the generator is exiting anyway
                }
            }
        };
    }

    private static Map<String, String> first(MultiMap headers) {
        Map<String, String> out = new HashMap<>();
        headers.forEach(e -> out.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
        return out;
    }
}
