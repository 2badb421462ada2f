package io.tollgate.worker.service;


import io.tollgate.common.ledger.CostEventStart;
import io.tollgate.common.ledger.CostRecorder;
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
        recorder.record(CostEventStart.of(caller.requestId(), caller.tenant(), caller.team(), caller.apiKeyId(), SERVICE,
                        Stage.STAGE_EMBED)
                .setBaselineModel(caller.baselineModel())
                .setProvider(PROVIDER)
                .setModel(result.model())
                .setInputTokens(result.inputTokens())
                .setComputeMicros(result.computeMicros())
                .setUnbatchedComputeMicros(result.unbatchedComputeMicros())
                .putAttributes("price_class", spec.priceClass())
                .putAttributes("batch_size", Integer.toString(result.batchSize()))
                .build());
    }
}
