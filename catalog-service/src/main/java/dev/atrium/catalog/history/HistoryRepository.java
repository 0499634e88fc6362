package dev.atrium.catalog.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atrium.catalog.store.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;

/** Writes and pages the entity history (added / changed / removed events). */
@ApplicationScoped
public class HistoryRepository {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Database db;

    /** One history event as served by the API. */
    public record Event(long id, String entityRef, String event, List<String> changedFields, java.time.OffsetDateTime at) {
    }

    /** Pending event to be written in a batch. */
    public record Pending(String entityRef, UUID entityId, String event, List<String> changedFields) {
    }

    public static void write(Connection c, List<Pending> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO history (entity_ref, entity_id, event, changed_fields) VALUES (?, ?, ?, ?::jsonb)")) {
            for (Pending e : events) {
                ps.setString(1, e.entityRef());
                ps.setObject(2, e.entityId());
                ps.setString(3, e.event());
                if (e.changedFields() == null) {
                    ps.setNull(4, Types.VARCHAR);
                } else {
                    ps.setString(4, JSON.writeValueAsString(e.changedFields()));
                }
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Events newest first, after the keyset {@code beforeId} (exclusive), optionally for one entity
     * or one event type.
     */
    public List<Event> page(Long beforeId, String entityRef, String event, int limit) {
        StringBuilder sql = new StringBuilder("SELECT id, entity_ref, event, changed_fields::text, at FROM history WHERE true");
        List<Object> params = new ArrayList<>();
        if (beforeId != null) {
            sql.append(" AND id < ?");
            params.add(beforeId);
        }
        if (entityRef != null) {
            sql.append(" AND entity_ref = ?");
            params.add(entityRef);
        }
        if (event != null) {
            sql.append(" AND event = ?");
            params.add(event);
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        params.add(limit);
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < params.size(); i++) {
                    ps.setObject(i + 1, params.get(i));
                }
                List<Event> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        List<String> fields = null;
                        if (rs.getString(4) != null) {
                            fields = new ArrayList<>();
                            for (JsonNode f : JSON.readTree(rs.getString(4))) {
                                fields.add(f.asText());
                            }
                        }
                        out.add(new Event(rs.getLong(1), rs.getString(2), rs.getString(3), fields,
                                rs.getObject(5, java.time.OffsetDateTime.class)));
                    }
                }
                return out;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Dot paths (to depth 3) whose values differ between two versions of an entity. */
    public static List<String> changedFields(JsonNode before, JsonNode after) {
        TreeSet<String> out = new TreeSet<>();
        diff("", before, after, out, 0);
        out.remove("metadata.uid");
        return new ArrayList<>(out);
    }

    private static void diff(String path, JsonNode a, JsonNode b, TreeSet<String> out, int depth) {
        if (Objects.equals(a, b)) {
            return;
        }
        if (a == null || b == null || !a.isObject() || !b.isObject() || depth >= 3) {
            out.add(path);
            return;
        }
        TreeSet<String> keys = new TreeSet<>();
        for (Iterator<String> it = a.fieldNames(); it.hasNext();) {
            keys.add(it.next());
        }
        for (Iterator<String> it = b.fieldNames(); it.hasNext();) {
            keys.add(it.next());
        }
        for (String k : keys) {
            if (path.isEmpty() && (k.equals("relations") || k.equals("status"))) {
                continue;
            }
            diff(path.isEmpty() ? k : path + "." + k, a.get(k), b.get(k), out, depth + 1);
        }
    }

}
