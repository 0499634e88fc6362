package dev.atrium.catalog.store;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Streams rows into a table with {@code COPY ... FROM STDIN} in PostgreSQL's text format: one round trip per
 * buffer instead of one parsed and planned insert per row (see docs/decisions/0014). Values are written with
 * {@link String#valueOf}, collections as text arrays; null is SQL NULL. Nothing else may run on the connection until {@link #close()}.
 */
public final class CopyRows implements AutoCloseable {
    private static final int FLUSH_AT = 64 * 1024;

    private final CopyIn copy;
    private final int columns;
    private final StringBuilder buffer = new StringBuilder(FLUSH_AT + 1024);
    private long rows;

    private CopyRows(CopyIn copy, int columns) {
        this.copy = copy;
        this.columns = columns;
    }

    /** Starts {@code COPY table (columns) FROM STDIN}; table and column names are trusted identifiers. */
    public static CopyRows open(Connection c, String table, String... columns) throws SQLException {
        String sql = "COPY " + table + " (" + String.join(", ", columns) + ") FROM STDIN";
        return new CopyRows(c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql), columns.length);
    }

    /** Adds one row; {@code values} in the column order given to {@link #open}. */
    public CopyRows row(Object... values) throws SQLException {
        if (values.length != columns) {
            throw new IllegalArgumentException("expected " + columns + " values, got " + values.length);
        }
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                buffer.append('\t');
            }
            appendValue(buffer, values[i]);
        }
        buffer.append('\n');
        rows++;
        if (buffer.length() >= FLUSH_AT) {
            flush();
        }
        return this;
    }

    /**
     * One value in COPY text format: {@code \N} for null, a collection as a text array, backslash escapes for the
     * characters COPY treats specially.
     */
    static void appendValue(StringBuilder out, Object value) {
        if (value == null) {
            out.append("\\N");
            return;
        }
        String s = value instanceof Collection<?> elements ? arrayLiteral(elements) : String.valueOf(value);
        if (plain(s)) {
            out.append(s);
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                // PostgreSQL text cannot hold NUL at all; drop it rather than fail the whole copy
                case '\0' -> {
                }
                default -> out.append(ch);
            }
        }
    }

    /** A text array literal: every element quoted (quotes and backslashes escaped), null as {@code NULL}. */
    static String arrayLiteral(Collection<?> elements) {
        StringBuilder a = new StringBuilder("{");
        for (Object e : elements) {
            if (a.length() > 1) {
                a.append(',');
            }
            if (e == null) {
                a.append("NULL");
            } else {
                a.append('"').append(String.valueOf(e).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        }
        return a.append('}').toString();
    }

    /** Whether {@code s} holds none of the characters that need escaping (the common case). */
    private static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\\' || ch < ' ') {
                return false;
            }
        }
        return true;
    }

    private void flush() throws SQLException {
        if (buffer.isEmpty()) {
            return;
        }
        byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        buffer.setLength(0);
    }

    /** Rows added so far. */
    public long rows() {
        return rows;
    }

    /** Sends what is left and ends the copy; the rows are then part of the connection's transaction. */
    @Override
    public void close() throws SQLException {
        if (!copy.isActive()) {
            return;
        }
        try {
            flush();
            copy.endCopy();
        } catch (SQLException | RuntimeException e) {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
            throw e;
        }
    }
}
