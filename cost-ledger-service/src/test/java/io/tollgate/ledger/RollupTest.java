package io.tollgate.ledger;

import org.junit.jupiter.api.Test;

import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.tollgate.contracts.ledger.v1.LedgerServiceGrpc;

/** {@link RollupScenario} on PostgreSQL (the batch-at-once {@code unnest} write path). */
@QuarkusTest
class RollupTest {
    @GrpcClient("ledger")
    LedgerServiceGrpc.LedgerServiceBlockingStub ledger;

    @Test
    void dailyAndHourlyRollupsAgreeAndPriceTheBatchingLever() {
        RollupScenario.run(ledger);
    }
}
