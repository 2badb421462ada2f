package io.tollgate.worker.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.tollgate.common.id.Ids;
import io.tollgate.common.ledger.CostRecorder;
import io.tollgate.contracts.ledger.v1.CostEvent;
import io.tollgate.contracts.ledger.v1.Stage;
import io.tollgate.worker.runtime.ModelSpec;

/**
 * Builds the worker's {@code embed} cost event: usage only (tokens and this request's share of compute time); the
 * ledger prices compute seconds at the instance-hour price of the model's price class.
 */
public final class CostEvents {
    static final String SERVICE = "worker";
    static final String PROVIDER = "self-hosted";

    private final CostRecorder recorder;

    public CostEvents(CostRecorder recorder) {
        this.recorder = recorder;
    }

    void recordEmbed(Caller caller, ModelSpec spec, EmbedResult result) {
        Instant now = Instant.now();
        recorder.record(CostEvent.newBuilder()
                .setEventId(Ids.newId())
                .setRequestId(caller.requestId())
                .setTimeUnixMicros(ChronoUnit.MICROS.between(Instant.EPOCH, now))
                .setTenant(caller.tenant())
                .setTeam(caller.team())
                .setApiKeyId(caller.apiKeyId())
                .setBaselineModel(caller.baselineModel())
                .setService(SERVICE)
                .setProvider(PROVIDER)
                .setModel(result.model())
                .setStage(Stage.STAGE_EMBED)
                .setInputTokens(result.inputTokens())
                .setComputeMicros(result.computeMicros())
                .putAttributes("price_class", spec.priceClass())
                .putAttributes("batch_size", Integer.toString(result.batchSize()))
                .build());
    }
}
