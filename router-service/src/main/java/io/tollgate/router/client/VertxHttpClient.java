package io.tollgate.router.client;

import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * LangChain4j's HTTP transport on the Vert.x HTTP client Quarkus already runs, for the non-streaming OpenAI-compatible
 * chat client. At 1,000 requests/s the default transport, the JDK {@code HttpClient}, cost about 28 % of the router's
 * CPU: each call hops from the caller to its executor, its worker threads and its selector thread and back. Here the
 * caller (a virtual or worker thread, never an event loop) hands the request to a connection's event loop once and
 * blocks on the answer; HTTP/1.1 connections are kept alive in one pool per provider endpoint (host, port, TLS).
 *
 * <p>As LangChain4j sees it, this behaves like {@code JdkHttpClient}: the same request (method, URL, headers, body); a
 * non-2xx answer throws {@link HttpException}(status, body); a timeout throws LangChain4j's {@link TimeoutException};
 * any other failure (connection refused, connection closed) a RuntimeException around its cause.
 *
 * <p>{@code connectTimeout} bounds getting a connection: a new TCP/TLS one, or a free one from a full pool (a TCP
 * connect also gives up after Vert.x's default 60 s). {@code readTimeout} bounds silence on the connection: no byte for
 * that long fails the call (the JDK's bounds the wait for the response head; for a non-streamed answer, sent whole when
 * ready, the two coincide). Streams stay on the JDK transport (see {@link ChatClients}); multipart bodies (audio
 * uploads) are not supported.
 */
public final class VertxHttpClient implements HttpClient {
    /** Idle connections close after this long: the JDK client's default ({@code jdk.httpclient.keepalive.timeout}). */
    static final int KEEP_ALIVE_TIMEOUT_SECONDS = 30;

    private final io.vertx.core.http.HttpClient http;
    private final Duration connectTimeout;
    private final Duration readTimeout;

    private VertxHttpClient(Builder b) {
        this.http = b.http;
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
    }

    /** The shared Vert.x client: at most {@code maxConnections} open connections per provider endpoint. */
    public static io.vertx.core.http.HttpClient pool(Vertx vertx, int maxConnections) {
        HttpClientOptions options = new HttpClientOptions().setName("tollgate-providers")
                .setProtocolVersion(HttpVersion.HTTP_1_1).setKeepAlive(true).setPipelining(false)
                .setKeepAliveTimeout(KEEP_ALIVE_TIMEOUT_SECONDS);
        return vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(maxConnections));
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException(
                    "blocking provider call on a Vert.x event loop; make it from a worker or virtual thread");
        }
        Future<HttpClientRequest> opened = http.request(options(request));
        // read() is nested so that it runs in the tick the response head arrives in: a body handler set later (a
        // flat compose chain) misses chunks already delivered, and the body comes back short
        Future<SuccessfulHttpResponse> answer = opened.compose(r ->
                (request.body() == null ? r.send() : r.send(request.body())).compose(VertxHttpClient::read));
        try {
            return answer.toCompletionStage().toCompletableFuture().get();
        } catch (InterruptedException e) {
            // the caller gave up (the guard's timeout interrupts it): reset the exchange so the connection is freed
            opened.onSuccess(HttpClientRequest::reset);
            Thread.currentThread().interrupt();
            throw new RuntimeException(e);
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        }
    }

    /** Not used: {@link ChatClients} builds the streaming chat models on LangChain4j's default (JDK) transport. */
    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        throw new UnsupportedOperationException(
                "VertxHttpClient serves non-streaming calls only; streaming models use LangChain4j's JDK transport");
    }

    private RequestOptions options(HttpRequest request) {
        if (!request.formDataFields().isEmpty() || !request.formDataFiles().isEmpty()) {
            throw new UnsupportedOperationException("VertxHttpClient does not send multipart form data");
        }
        RequestOptions o = new RequestOptions().setMethod(HttpMethod.valueOf(request.method().name()))
                .setAbsoluteURI(request.url());
        request.headers().forEach((name, values) -> {
            if (values != null) {
                values.forEach(v -> o.addHeader(name, v));
            }
        });
        if (connectTimeout != null) {
            o.setConnectTimeout(connectTimeout.toMillis());
        }
        if (readTimeout != null) {
            o.setIdleTimeout(readTimeout.toMillis());
        }
        return o;
    }

    private static Future<SuccessfulHttpResponse> read(HttpClientResponse response) {
        return response.body().map(body -> {
            int status = response.statusCode();
            if (status < 200 || status >= 300) {
                throw new HttpException(status, body.toString(StandardCharsets.UTF_8));
            }
            return SuccessfulHttpResponse.builder().statusCode(status).headers(headers(response.headers()))
                    .body(body.getBytes()).build();
        });
    }

    private static Map<String, List<String>> headers(MultiMap headers) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (String name : headers.names()) {
            map.put(name, headers.getAll(name));
        }
        return map;
    }

    /** Maps a failure as JdkHttpClient does, so LangChain4j's ExceptionMapper and ProviderCaller see the same types. */
    static RuntimeException failure(Throwable t) {
        if (t instanceof HttpException h) {
            return h;
        }
        if (t instanceof java.util.concurrent.TimeoutException || t instanceof ConnectTimeoutException) {
            return new TimeoutException(t);
        }
        if (t instanceof UnknownHostException) {
            // the JDK reports an unknown host as UnresolvedAddressException, which LangChain4j maps on its own
            return new RuntimeException(t.getMessage(), new UnresolvedAddressException());
        }
        return new RuntimeException(t);
    }

    /** One per chat model (it carries that model's timeouts); every builder shares one pooled Vert.x client. */
    public static final class Builder implements HttpClientBuilder {
        private final io.vertx.core.http.HttpClient http;
        private Duration connectTimeout;
        private Duration readTimeout;

        public Builder(io.vertx.core.http.HttpClient http) {
            this.http = http;
        }

        @Override
        public Duration connectTimeout() {
            return connectTimeout;
        }

        @Override
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        @Override
        public Duration readTimeout() {
            return readTimeout;
        }

        @Override
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = timeout;
            return this;
        }

        @Override
        public VertxHttpClient build() {
            return new VertxHttpClient(this);
        }
    }
}
