package dev.atrium.catalog.search;

import java.util.Arrays;
import java.util.List;

/** A piece of SQL with its positional parameters (String, String[] for arrays, or other JDBC values). */
public record SqlFragment(String sql, List<Object> params) {
    public static final SqlFragment TRUE = new SqlFragment("TRUE", List.of());

    /** The SQL and its parameters as one string, equal for two fragments that select the same rows by the same statement: a cache key. */
    public String identity() {
        StringBuilder key = new StringBuilder(sql);
        for (Object p : params) {
            key.append('\u0000').append(p instanceof Object[] arr ? Arrays.toString(arr) : String.valueOf(p));
        }
        return key.toString();
    }
}
