package io.tollgate.ledger;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tollgate.contracts.ledger.v1.LedgerServiceGrpc;

/** {@link RollupScenario} on the embedded store (the main job's default: H2, row-at-a-time writes). */
@QuarkusTest
@TestProfile(EmbeddedRollupTest.Embedded.class)
class EmbeddedRollupTest {
    public static final class Embedded implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tollgate.ledger.store", "embedded", "quarkus.datasource.embedded.jdbc.url",
                    "jdbc:h2:mem:rollup-test;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        }
    }

    @GrpcClient("ledger")
    LedgerServiceGrpc.LedgerServiceBlockingStub ledger;

    @Test
    void dailyAndHourlyRollupsAgreeAndPriceTheBatchingLever() {
        RollupScenario.run(ledger);
    }
}
