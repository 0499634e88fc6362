package dev.atrium.catalog.model;

import dev.atrium.catalog.store.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Every statement against {@code kind_models}: the versioned admin changes to the model. */
@ApplicationScoped
public class KindModelRepository {

    @Inject
    Database db;

    /** The latest stored version of one kind (lower-case key) as JSON. */
    public record StoredKind(String kind, int version, String definitionJson) {
    }

    /** The latest version of every changed kind. */
    public List<StoredKind> latest() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT DISTINCT ON (kind) kind, version, definition::text FROM kind_models ORDER BY kind, version DESC");
                    ResultSet rs = ps.executeQuery()) {
                List<StoredKind> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new StoredKind(rs.getString(1), rs.getInt(2), rs.getString(3)));
                }
                return out;
            }
        });
    }

    /** Stores the next version of a kind. */
    public void insert(Connection c, String kind, int version, String definitionJson, String user) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO kind_models (kind, version, definition, created_by) VALUES (?, ?, ?::jsonb, ?)")) {
            ps.setString(1, kind);
            ps.setInt(2, version);
            ps.setString(3, definitionJson);
            ps.setString(4, user);
            ps.executeUpdate();
        }
    }

    /** Serializes concurrent changes of one kind until the transaction ends. */
    public void lock(Connection c, String kind) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
            lock.setString(1, "kind-model:" + kind);
            lock.execute();
        }
    }
}
