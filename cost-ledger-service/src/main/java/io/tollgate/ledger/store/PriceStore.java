package io.tollgate.ledger.store;

import java.io.IOException;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.tollgate.common.price.ModelPrice;
import io.tollgate.common.price.PriceCatalogue;

/** Prices added through the API, kept as their JSON entry (the catalogue file's shape). */
@ApplicationScoped
public class PriceStore {
    private final LedgerDataSource ds;
    private final LedgerStore ledger;
    private final ObjectMapper json = new ObjectMapper();

    PriceStore(LedgerDataSource ds, LedgerStore ledger) {
        this.ds = ds;
        this.ledger = ledger;
    }

    public void save(ModelPrice price, String entryJson) {
        ledger.write(c -> {
            try (PreparedStatement del = c.prepareStatement("delete from model_price where model = ? and effective_from = ?");
                    PreparedStatement ins = c.prepareStatement(
                            "insert into model_price (model, effective_from, entry_json, created_at) values (?,?,?,?)")) {
                del.setString(1, price.model());
                del.setDate(2, Date.valueOf(price.effectiveFrom()));
                del.executeUpdate();
                ins.setString(1, price.model());
                ins.setDate(2, Date.valueOf(price.effectiveFrom()));
                ins.setString(3, entryJson);
                ins.setTimestamp(4, Timestamp.valueOf(LocalDateTime.now(ZoneOffset.UTC)));
                ins.executeUpdate();
            }
            return null;
        });
    }

    public List<ModelPrice> loadAll() {
        try (Connection c = ds.connection();
                PreparedStatement ps = c.prepareStatement("select entry_json from model_price order by created_at");
                ResultSet rs = ps.executeQuery()) {
            List<ModelPrice> out = new ArrayList<>();
            while (rs.next()) {
                out.add(PriceCatalogue.fromJson(json.readTree(rs.getString(1))));
            }
            return out;
        } catch (SQLException e) {
            throw LedgerStore.storeFailure(e);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable stored price", e);
        }
    }
}
