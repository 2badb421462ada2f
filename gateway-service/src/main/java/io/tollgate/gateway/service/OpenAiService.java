package io.tollgate.gateway.service;

import java.util.List;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.tollgate.gateway.client.RouterClient;

/** The metadata endpoints: embeddings and the model list. Same first stages as chat (authenticate, rate limit). */
@ApplicationScoped
public class OpenAiService {
    private final Authenticator authenticator;
    private final RateLimiter rateLimiter;
    private final RouterClient router;

    public OpenAiService(Authenticator authenticator, RateLimiter rateLimiter, RouterClient router) {
        this.authenticator = authenticator;
        this.rateLimiter = rateLimiter;
        this.router = router;
    }

    /** {@code request} yields the validated (model, inputs) pair. */
    public Embeddings embed(String authorization, Supplier<EmbedRequest> request, RequestTrace trace) {
        Caller caller = authenticator.authenticate(authorization);
        rateLimiter.acquire(caller);
        EmbedRequest embed = request.get();
        long start = System.nanoTime();
        try {
            return router.embed(new CallContext(trace.requestId(), caller), embed.model(), embed.inputs());
        } finally {
            trace.addUpstream(System.nanoTime() - start);
        }
    }

    public List<CatalogModel> models(String authorization) {
        Caller caller = authenticator.authenticate(authorization);
        rateLimiter.acquire(caller);
        return router.listModels();
    }

    /** A validated embeddings request. */
    public record EmbedRequest(String model, List<String> inputs) {
    }
}
