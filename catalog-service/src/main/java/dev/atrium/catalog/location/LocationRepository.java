package dev.atrium.catalog.location;

import dev.atrium.catalog.store.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Every statement against {@code locations}: the registered locations and who registered them. */
@ApplicationScoped
public class LocationRepository {

    @Inject
    Database db;

    /** A registered location and the stored identity of its registrant ({@code {subject, username, groups, admin}}). */
    public record Stored(Location location, String registrantJson) {
        UUID id() {
            return UUID.fromString(location.id());
        }
    }

    /** Inserts a location; false when the type and target are registered already. */
    public boolean insert(Connection c, UUID id, String type, String target, String registrantJson, String createdBy) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO locations (id, type, target, created_by, registrant) VALUES (?, ?, ?, ?, ?::jsonb) ON CONFLICT (type, target) DO NOTHING")) {
            ps.setObject(1, id);
            ps.setString(2, type);
            ps.setString(3, target);
            ps.setString(4, createdBy);
            ps.setString(5, registrantJson);
            return ps.executeUpdate() == 1;
        }
    }

    public List<Location> list() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, type, target FROM locations ORDER BY created_at, id");
                    ResultSet rs = ps.executeQuery()) {
                List<Location> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Location(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
                return out;
            }
        });
    }

    public Optional<Stored> byId(UUID id) {
        return one("id = ?", id, null);
    }

    public Optional<Stored> find(String type, String target) {
        return one("type = ? AND target = ?", type, target);
    }

    private Optional<Stored> one(String where, Object first, String second) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, type, target, registrant::text FROM locations WHERE " + where)) {
                ps.setObject(1, first);
                if (second != null) {
                    ps.setString(2, second);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Stored(new Location(rs.getString(1), rs.getString(2), rs.getString(3)), rs.getString(4)))
                            : Optional.empty();
                }
            }
        });
    }

    /**
     * Points a location at another type and target and records who did it; false when that type
     * and target are registered already (or the location is gone).
     */
    public boolean retarget(Connection c, UUID id, String type, String target, String registrantJson, String changedBy) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE locations SET type = ?, target = ?, created_by = ?, registrant = ?::jsonb
                WHERE id = ? AND NOT EXISTS (SELECT 1 FROM locations o WHERE o.type = ? AND o.target = ? AND o.id <> ?)""")) {
            ps.setString(1, type);
            ps.setString(2, target);
            ps.setString(3, changedBy);
            ps.setString(4, registrantJson);
            ps.setObject(5, id);
            ps.setString(6, type);
            ps.setString(7, target);
            ps.setObject(8, id);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    public void delete(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM locations WHERE id = ?")) {
            ps.setObject(1, id);
            ps.executeUpdate();
        }
    }
}
