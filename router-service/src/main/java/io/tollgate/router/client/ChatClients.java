package io.tollgate.router.client;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.quarkus.runtime.Startup;
import io.tollgate.router.config.CatalogueEntry;
import io.tollgate.router.config.RouterConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;

/**
 * One LangChain4j client per (provider, model), built on first use and reused for the life of the service (the
 * clients are thread-safe and hold the HTTP connection pool). LangChain4j's own retries are off: retries, timeouts and
 * the breaker belong to {@link ProviderCaller}, so each attempt is counted once.
 *
 * <p>Non-streaming OpenAI-compatible calls go through {@link VertxHttpClient} (one pooled Vert.x client shared by every
 * model; see there why); streams and Anthropic keep LangChain4j's default JDK transport. Eager ({@code @Startup}): a bad
 * pool size stops start-up instead of failing the first call.
 */
@Startup
@ApplicationScoped
public class ChatClients {
    private final Map<String, ChatModel> chat = new ConcurrentHashMap<>();
    private final Map<String, StreamingChatModel> streaming = new ConcurrentHashMap<>();
    private final Duration timeout;
    private final HttpClient providerHttp;

    public ChatClients(RouterConfig config, Vertx vertx) {
        this.timeout = config.resilience().timeout();
        if (config.providerPoolSize() < 1) {
            throw new IllegalStateException("tollgate.router.provider-pool-size must be at least 1, got "
                    + config.providerPoolSize() + "; remove it for the default (1024)");
        }
        this.providerHttp = VertxHttpClient.pool(vertx, config.providerPoolSize());
    }

    public ChatModel chat(CatalogueEntry model) {
        return chat.computeIfAbsent(model.id(), id -> buildChat(model));
    }

    public StreamingChatModel streaming(CatalogueEntry model) {
        return streaming.computeIfAbsent(model.id(), id -> buildStreaming(model));
    }

    private ChatModel buildChat(CatalogueEntry m) {
        CatalogueEntry.Provider p = m.provider();
        return switch (p.type()) {
            case "openai-compatible" -> OpenAiChatModel.builder().baseUrl(p.baseUrl()).apiKey(p.apiKey())
                    .modelName(m.upstreamModel()).customHeaders(p.headers()).timeout(timeout).maxRetries(0)
                    .httpClientBuilder(new VertxHttpClient.Builder(providerHttp)).build();
            case "anthropic" -> anthropic(m);
            default -> throw new IllegalStateException("model " + m.id() + " is not a chat model of a chat provider");
        };
    }

    private ChatModel anthropic(CatalogueEntry m) {
        AnthropicChatModel.AnthropicChatModelBuilder b = AnthropicChatModel.builder().apiKey(m.provider().apiKey())
                .modelName(m.upstreamModel()).timeout(timeout).maxRetries(0);
        if (!m.provider().baseUrl().isBlank()) {
            b.baseUrl(m.provider().baseUrl());
        }
        return b.build();
    }

    private StreamingChatModel buildStreaming(CatalogueEntry m) {
        CatalogueEntry.Provider p = m.provider();
        return switch (p.type()) {
            case "openai-compatible" -> OpenAiStreamingChatModel.builder().baseUrl(p.baseUrl()).apiKey(p.apiKey())
                    .modelName(m.upstreamModel()).customHeaders(p.headers()).timeout(timeout).build();
            case "anthropic" -> {
                AnthropicStreamingChatModel.AnthropicStreamingChatModelBuilder b = AnthropicStreamingChatModel.builder()
                        .apiKey(p.apiKey()).modelName(m.upstreamModel()).timeout(timeout);
                if (!p.baseUrl().isBlank()) {
                    b.baseUrl(p.baseUrl());
                }
                yield b.build();
            }
            default -> throw new IllegalStateException("model " + m.id() + " is not a chat model of a chat provider");
        };
    }

    @PreDestroy
    void close() {
        providerHttp.close();
    }
}
