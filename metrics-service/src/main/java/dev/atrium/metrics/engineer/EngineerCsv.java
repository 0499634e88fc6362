package dev.atrium.metrics.engineer;

import dev.atrium.commons.error.FieldError;
import dev.atrium.commons.error.InputError;
import dev.atrium.commons.error.PayloadTooLargeError;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses the HR import: CSV (RFC 4180 quoting) with a header row naming at least {@code username} and
 * {@code startDate}, optionally {@code team}, {@code email}, {@code scmLogin}. Every bad row is reported
 * with its line number; one bad row rejects the whole file.
 */
public final class EngineerCsv {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}");
    private static final int MAX_FIELD = 200;
    private static final int MAX_REPORTED = 100;
    private static final Set<String> COLUMNS = Set.of("username", "startdate", "team", "email", "scmlogin");

    private EngineerCsv() {
    }

    /** One valid row. */
    public record Row(String username, LocalDate startDate, String team, String email, String scmLogin) {}

    public static List<Row> parse(String csv, int maxRows) {
        if (csv == null || csv.isBlank()) {
            throw new InputError("The CSV is empty: send a header row and at least one engineer");
        }
        List<List<String>> lines = records(csv);
        if (lines.size() - 1 > maxRows) {
            throw new PayloadTooLargeError("An import holds at most " + maxRows + " rows; this one has " + (lines.size() - 1));
        }
        List<String> header = lines.get(0).stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
        Map<String, Integer> col = new HashMap<>();
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            if (!COLUMNS.contains(header.get(i))) {
                errors.add(FieldError.of("header", "unknown column '" + clip(header.get(i)) + "'; known: username, startDate, team, email, scmLogin"));
            } else if (col.putIfAbsent(header.get(i), i) != null) {
                errors.add(FieldError.of("header", "column '" + header.get(i) + "' appears twice"));
            }
        }
        for (String required : List.of("username", "startdate")) {
            if (!col.containsKey(required)) {
                errors.add(FieldError.of("header", "column '" + (required.equals("startdate") ? "startDate" : required) + "' is required"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InputError("The CSV header is invalid; nothing was imported", errors);
        }
        if (lines.size() < 2) {
            throw new InputError("The CSV has a header but no rows");
        }
        List<Row> rows = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < lines.size(); i++) {
            List<String> r = lines.get(i);
            String at = "rows[" + (i + 1) + "].";
            if (r.size() != header.size()) {
                errors.add(FieldError.of("rows[" + (i + 1) + "]", "has " + r.size() + " fields, the header has " + header.size()));
                continue;
            }
            String username = value(r, col.get("username"));
            LocalDate start = null;
            if (username == null || !NAME.matcher(username).matches()) {
                errors.add(FieldError.of(at + "username", "must be 1-100 letters, digits, '.', '_', '@' or '-'"));
            } else if (!seen.add(username.toLowerCase(Locale.ROOT))) {
                errors.add(FieldError.of(at + "username", "'" + username + "' appears more than once"));
            }
            String startText = value(r, col.get("startdate"));
            try {
                start = LocalDate.parse(startText == null ? "" : startText);
            } catch (DateTimeParseException e) {
                errors.add(FieldError.of(at + "startDate", "must be a date (YYYY-MM-DD)"));
            }
            String team = optional(r, col.get("team"), at + "team", errors);
            String email = optional(r, col.get("email"), at + "email", errors);
            if (email != null && !email.contains("@")) {
                errors.add(FieldError.of(at + "email", "must be an e-mail address"));
            }
            String login = optional(r, col.get("scmlogin"), at + "scmLogin", errors);
            rows.add(new Row(username, start, team, email, login));
        }
        if (!errors.isEmpty()) {
            throw new InputError(errors.size() + " invalid field(s); nothing was imported",
                    errors.size() > MAX_REPORTED ? errors.subList(0, MAX_REPORTED) : errors);
        }
        return rows;
    }

    private static String value(List<String> r, Integer index) {
        if (index == null) {
            return null;
        }
        String v = r.get(index).trim();
        return v.isEmpty() ? null : v;
    }

    private static String optional(List<String> r, Integer index, String field, List<FieldError> errors) {
        String v = value(r, index);
        if (v != null && (v.length() > MAX_FIELD || v.chars().anyMatch(Character::isISOControl))) {
            errors.add(FieldError.of(field, "must be at most " + MAX_FIELD + " characters without control characters"));
            return null;
        }
        return v;
    }

    /** Splits CSV text into records of fields; blank lines are skipped. */
    static List<List<String>> records(String csv) {
        List<List<String>> out = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        String text = csv.startsWith("\uFEFF") ? csv.substring(1) : csv;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
                any = true;
            } else if (ch == ',') {
                fields.add(field.toString());
                field.setLength(0);
                any = true;
            } else if (ch == '\n' || ch == '\r') {
                if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (any || field.length() > 0) {
                    fields.add(field.toString());
                    out.add(fields);
                }
                fields = new ArrayList<>();
                field.setLength(0);
                any = false;
            } else {
                field.append(ch);
                any = true;
            }
        }
        if (quoted) {
            throw new InputError("The CSV ends inside a quoted field");
        }
        if (any || field.length() > 0) {
            fields.add(field.toString());
            out.add(fields);
        }
        if (out.isEmpty()) {
            throw new InputError("The CSV is empty: send a header row and at least one engineer");
        }
        return out;
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
