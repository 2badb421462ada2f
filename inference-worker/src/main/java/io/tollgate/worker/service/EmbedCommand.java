package io.tollgate.worker.service;

import java.util.List;

import io.grpc.Deadline;
import io.tollgate.worker.batch.Priority;

/**
 * One embed request in domain terms.
 *
 * @param model    blank = the worker's default model
 * @param deadline when the caller stops waiting (gRPC deadline); null = none
 */
public record EmbedCommand(Caller caller, String model, List<String> inputs, Priority priority, boolean skipCostEvent,
        Deadline deadline) {
}
