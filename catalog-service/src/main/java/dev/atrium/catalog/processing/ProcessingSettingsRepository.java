package dev.atrium.catalog.processing;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Every statement against {@code processing_settings}: what the database was last processed with. */
@ApplicationScoped
public class ProcessingSettingsRepository {

    /** The recorded fingerprint, locked until the transaction ends; null when none is recorded. */
    public String lockFingerprint(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM processing_settings WHERE key = 'fingerprint' FOR UPDATE");
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    public void saveFingerprint(Connection c, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO processing_settings (key, value) VALUES ('fingerprint', ?)
                ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value""")) {
            ps.setString(1, value);
            ps.executeUpdate();
        }
    }
}
