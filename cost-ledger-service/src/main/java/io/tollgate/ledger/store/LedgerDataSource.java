package io.tollgate.ledger.store;

import java.sql.Connection;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.InjectableInstance;
import io.tollgate.ledger.config.LedgerConfig;

/**
 * The one active datasource. Both are built in (Quarkus fixes a datasource's db-kind at build time); the
 * {@code tollgate.ledger.store} setting activates one of them at start-up (see application.properties), and only that
 * one is ever looked up: looking up an inactive datasource fails.
 */
@ApplicationScoped
public class LedgerDataSource {
    private final AgroalDataSource dataSource;
    private final Dialect dialect;

    LedgerDataSource(LedgerConfig config, @DataSource("embedded") InjectableInstance<AgroalDataSource> embedded,
            @DataSource("postgresql") InjectableInstance<AgroalDataSource> postgresql) {
        if (config.store() == LedgerConfig.Store.POSTGRESQL) {
            this.dataSource = postgresql.get();
            this.dialect = Dialect.POSTGRESQL;
        } else {
            this.dataSource = embedded.get();
            this.dialect = Dialect.H2;
        }
    }

    Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    Dialect dialect() {
        return dialect;
    }
}
