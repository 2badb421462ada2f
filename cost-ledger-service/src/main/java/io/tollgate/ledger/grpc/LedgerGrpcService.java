package io.tollgate.ledger.grpc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.MDC;

import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.tollgate.common.error.GrpcExceptionMapper;
import io.tollgate.common.error.TollgateException;
import io.tollgate.contracts.ledger.v1.AppendRequest;
import io.tollgate.contracts.ledger.v1.AppendResponse;
import io.tollgate.contracts.ledger.v1.CostEvent;
import io.tollgate.contracts.ledger.v1.GetRequestCostsRequest;
import io.tollgate.contracts.ledger.v1.LedgerServiceGrpc;
import io.tollgate.contracts.ledger.v1.Rejection;
import io.tollgate.contracts.ledger.v1.RequestCosts;
import io.tollgate.ledger.config.LedgerConfig;
import io.tollgate.ledger.mapping.EventMapper;
import io.tollgate.ledger.service.LedgerService;
import io.tollgate.ledger.service.UsageEvent;

/** gRPC {@code LedgerService}: JDBC work, so every method runs on a worker thread. */
@GrpcService
@Blocking
public class LedgerGrpcService extends LedgerServiceGrpc.LedgerServiceImplBase {
    private final LedgerService ledger;
    private final LedgerConfig config;

    LedgerGrpcService(LedgerService ledger, LedgerConfig config) {
        this.ledger = ledger;
        this.config = config;
    }

    @Override
    public void append(AppendRequest request, StreamObserver<AppendResponse> reply) {
        try {
            if (request.getEventsCount() == 0) {
                throw TollgateException.invalid("events", "events is empty: send at least one cost event");
            }
            if (request.getEventsCount() > config.maxBatch()) {
                throw TollgateException.invalid("events", "at most " + config.maxBatch() + " events per Append");
            }
            Instant now = Instant.now();
            List<UsageEvent> valid = new ArrayList<>(request.getEventsCount());
            AppendResponse.Builder response = AppendResponse.newBuilder();
            for (int i = 0; i < request.getEventsCount(); i++) {
                CostEvent e = request.getEvents(i);
                try {
                    valid.add(EventMapper.toDomain(e, now));
                } catch (TollgateException invalid) {
                    response.addRejected(Rejection.newBuilder().setIndex(i).setEventId(e.getEventId())
                            .setField(invalid.param()).setReason(invalid.getMessage()));
                }
            }
            LedgerService.AppendResult result = ledger.append(valid);
            reply.onNext(response.setAccepted(result.accepted()).setDuplicates(result.duplicates()).build());
            reply.onCompleted();
        } catch (RuntimeException e) {
            reply.onError(GrpcExceptionMapper.toStatus(e));
        }
    }

    @Override
    public void getRequestCosts(GetRequestCostsRequest request, StreamObserver<RequestCosts> reply) {
        MDC.put("requestId", request.getRequestId());
        try {
            if (!EventMapper.isId(request.getRequestId())) {
                throw TollgateException.invalid("request_id", "request_id is required: 1-64 characters of A-Z a-z 0-9 . _ : -");
            }
            io.tollgate.ledger.service.RequestCosts costs = ledger.requestCosts(request.getRequestId());
            RequestCosts.Builder out = RequestCosts.newBuilder().setRequestId(costs.requestId())
                    .setTotalCostNanos(costs.totalCostNanos())
                    .setTotalBaselineCostNanos(costs.totalBaselineCostNanos());
            costs.stages().forEach(r -> out.addStages(EventMapper.toProto(r)));
            reply.onNext(out.build());
            reply.onCompleted();
        } catch (RuntimeException e) {
            reply.onError(GrpcExceptionMapper.toStatus(e));
        } finally {
            MDC.remove("requestId");
        }
    }
}
