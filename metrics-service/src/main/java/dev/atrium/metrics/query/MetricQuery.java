package dev.atrium.metrics.query;

import dev.atrium.commons.error.FieldError;
import dev.atrium.commons.error.InputError;
import dev.atrium.metrics.config.MetricsConfig;
import dev.atrium.metrics.event.Weeks;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The parsed parameters of a metric read. {@code team} is null (organisation), a team name, or
 * {@code groupBy=team} for every team plus the organisation; {@code dimension} filters one workflow,
 * service or template; {@code groupBy=workflow|service|template} lists each.
 */
public record MetricQuery(LocalDate from, LocalDate to, String granularity, String team, boolean byTeam,
        String dimension, boolean byDimension, int comments, boolean admin) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@-]{0,199}");
    private static final int MAX_COMMENTS = 50;

    /** Organisation-wide rows are stored with this team. */
    public static final String ORG = "*";

    public static MetricQuery parse(Metric metric, String from, String to, String granularity, String team, String workflow,
            String service, String template, String groupBy, String comments, boolean admin, MetricsConfig config, Clock clock) {
        List<FieldError> errors = new ArrayList<>();
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        LocalDate t = date(to, "to", errors, today);
        LocalDate f = date(from, "from", errors, t.minusDays(config.query().defaultRange().toDays()));
        if (errors.isEmpty()) {
            if (f.isAfter(t)) {
                errors.add(FieldError.of("from", "must not be after to"));
            } else if (Duration.between(f.atStartOfDay(), t.atStartOfDay()).compareTo(config.query().maxRange()) > 0) {
                errors.add(FieldError.of("from", "range is longer than " + config.query().maxRange().toDays() + " days"));
            }
        }
        String g = granularity == null || granularity.isBlank() ? null : granularity.trim().toLowerCase(Locale.ROOT);
        List<String> allowed = switch (metric) {
            case TIME_TO_FIRST_CONTRIBUTION -> List.of("month", "week");
            case TEMPLATE_FEEDBACK -> List.of("total", "week");
            default -> List.of("week");
        };
        if (g == null) {
            g = allowed.get(0);
        } else if (!allowed.contains(g)) {
            errors.add(FieldError.of("granularity", "must be one of " + String.join(", ", allowed) + " for " + metric.wireName()));
        }
        String teamName = name(team, "team", errors);
        if ("all".equals(teamName)) {
            teamName = ORG;
        } else if (teamName != null) {
            teamName = dev.atrium.metrics.event.IngestService.shortTeam(teamName).toLowerCase(Locale.ROOT);
        }
        String dimensionParam = switch (metric.dimension()) {
            case WORKFLOW -> "workflow";
            case SERVICE -> "service";
            case TEMPLATE -> "template";
            case NONE -> null;
        };
        String dim = null;
        for (String[] p : new String[][] {{"workflow", workflow}, {"service", service}, {"template", template}}) {
            String v = name(p[1], p[0], errors);
            if (v != null) {
                if (!p[0].equals(dimensionParam)) {
                    errors.add(FieldError.of(p[0], metric.wireName() + " is not split by " + p[0]));
                } else {
                    dim = p[0].equals("service") ? dev.atrium.metrics.event.EventStore.serviceName(v) : v.toLowerCase(Locale.ROOT);
                }
            }
        }
        boolean byTeam = false;
        boolean byDim = false;
        if (groupBy != null && !groupBy.isBlank()) {
            String gb = groupBy.trim().toLowerCase(Locale.ROOT);
            if (gb.equals("team")) {
                byTeam = true;
            } else if (gb.equals(dimensionParam)) {
                byDim = true;
            } else {
                errors.add(FieldError.of("groupBy", "must be team" + (dimensionParam == null ? "" : " or " + dimensionParam)));
            }
            if (byTeam && teamName != null) {
                errors.add(FieldError.of("team", "cannot be combined with groupBy=team"));
            }
        }
        int n = 5;
        if (comments != null && !comments.isBlank()) {
            try {
                n = Integer.parseInt(comments.trim());
                if (n < 0 || n > MAX_COMMENTS) {
                    errors.add(FieldError.of("comments", "must be between 0 and " + MAX_COMMENTS));
                }
            } catch (NumberFormatException e) {
                errors.add(FieldError.of("comments", "must be a whole number"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InputError("Invalid query parameters", errors);
        }
        if (metric.weekly()) {
            f = Weeks.of(f);
        }
        return new MetricQuery(f, t, g, teamName, byTeam, dim, byDim, n, admin);
    }

    private static LocalDate date(String value, String field, List<FieldError> errors, LocalDate fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        String v = value.trim();
        try {
            return v.length() > 10 ? java.time.OffsetDateTime.parse(v).atZoneSameInstant(ZoneOffset.UTC).toLocalDate() : LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            errors.add(FieldError.of(field, "must be a date (YYYY-MM-DD) or an ISO-8601 date-time"));
            return fallback;
        }
    }

    private static String name(String value, String field, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        if (!NAME.matcher(v).matches()) {
            errors.add(FieldError.of(field, "must be a name or entity ref (letters, digits, . _ : / @ -; at most 200)"));
            return null;
        }
        return v;
    }
}
