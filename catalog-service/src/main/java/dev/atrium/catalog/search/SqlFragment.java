package dev.atrium.catalog.search;

import java.util.List;

/** A piece of SQL with its positional parameters (String, String[] for arrays, or other JDBC values). */
public record SqlFragment(String sql, List<Object> params) {
    public static final SqlFragment TRUE = new SqlFragment("TRUE", List.of());
}
