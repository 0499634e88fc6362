package dev.atrium.access.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atrium.access.catalog.EntityRefs;
import dev.atrium.access.config.AccessConfig;
import dev.atrium.access.key.ApiKey;
import dev.atrium.access.key.ApiKeyRepository;
import dev.atrium.access.key.KeyState;
import dev.atrium.commons.error.FieldError;
import dev.atrium.commons.error.InputError;
import dev.atrium.commons.error.UnprocessableError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Token usage: gateways report it per key, model and time, idempotently by id; every accepted record adds to
 * the key's monthly counter that verification checks the budget against. Reads aggregate it by team, model
 * or cost center for dashboards and cost allocation.
 */
@ApplicationScoped
public class UsageService {
    private static final long MAX_TOKENS = 1_000_000_000L;
    private static final int MAX_ID = 200;

    @Inject
    AccessConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    ApiKeyRepository keys;

    @Inject
    UsageRecordRepository records;

    @Inject
    KeyMonthUsageRepository counters;

    /** Validates every record first (nothing is stored when one is bad), then counts the new ones in one transaction. */
    @Transactional
    public UsageViews.Accepted report(JsonNode body) {
        List<UsageViews.Report> reports = parse(body);
        List<FieldError> errors = new ArrayList<>();
        Instant now = Instant.now();
        Map<UUID, ApiKey> keyById = new HashMap<>();
        List<UsageRecord> rows = new ArrayList<>();
        for (int i = 0; i < reports.size(); i++) {
            UsageViews.Report r = reports.get(i);
            String at = reports.size() == 1 && !body.isArray() ? "" : "[" + i + "].";
            if (r.id() == null || r.id().isBlank() || r.id().length() > MAX_ID) {
                errors.add(FieldError.of(at + "id", "must be 1 to " + MAX_ID + " characters"));
            }
            if (r.keyId() == null) {
                errors.add(FieldError.of(at + "keyId", "must not be null"));
            }
            if (r.tokens() == null || r.tokens() < 0 || r.tokens() > MAX_TOKENS) {
                errors.add(FieldError.of(at + "tokens", "must be between 0 and " + MAX_TOKENS));
            }
            Instant time = r.time() == null ? now : r.time();
            if (time.isBefore(now.minus(config.usage().maxAge())) || time.isAfter(now.plus(config.usage().maxFutureSkew()))) {
                errors.add(FieldError.of(at + "time", "must be within the last " + config.usage().maxAge().toDays() + " days"));
            }
            String model = null;
            try {
                model = EntityRefs.parse(r.model(), "aimodel", at + "model").toString();
            } catch (InputError e) {
                errors.addAll(e.fieldErrors());
            }
            if (r.keyId() != null && model != null) {
                ApiKey k = keyById.computeIfAbsent(r.keyId(), keys::findById);
                if (k == null) {
                    errors.add(FieldError.of(at + "keyId", "no such key"));
                } else if (!k.scope.containsKey(model)) {
                    errors.add(FieldError.of(at + "model", "is not in the key's scope"));
                } else if (r.id() != null && r.tokens() != null) {
                    UsageRecord row = new UsageRecord();
                    row.id = r.id().trim();
                    row.keyId = k.id;
                    row.team = k.team;
                    row.modelRef = model;
                    String cc = k.scope.get(model).costCenter();
                    row.costCenter = cc == null || cc.isBlank() ? "unassigned" : cc;
                    row.tokens = r.tokens();
                    row.occurredAt = time;
                    row.receivedAt = now;
                    rows.add(row);
                }
            }
        }
        if (!errors.isEmpty()) {
            boolean unknownOnly = errors.stream().allMatch(e -> e.message().equals("no such key") || e.message().equals("is not in the key's scope"));
            if (unknownOnly) {
                throw new UnprocessableError("Usage for unknown keys or models outside a key's scope", errors);
            }
            throw new InputError("Invalid usage report", errors);
        }
        int accepted = 0;
        for (UsageRecord row : rows) {
            if (records.insertIfAbsent(row)) {
                counters.add(row.keyId, KeyState.monthOf(row.occurredAt.toEpochMilli()), row.tokens);
                accepted++;
            }
        }
        return new UsageViews.Accepted(accepted, rows.size() - accepted);
    }

    private List<UsageViews.Report> parse(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw new InputError("Request body is required");
        }
        List<JsonNode> items = new ArrayList<>();
        if (body.isArray()) {
            if (body.isEmpty() || body.size() > config.usage().maxBatch()) {
                throw new InputError("A usage report holds 1 to " + config.usage().maxBatch() + " records");
            }
            body.forEach(items::add);
        } else if (body.isObject()) {
            items.add(body);
        } else {
            throw new InputError("A usage report is a JSON object or an array of them");
        }
        List<UsageViews.Report> reports = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            try {
                reports.add(json.treeToValue(items.get(i), UsageViews.Report.class));
            } catch (Exception e) {
                String at = body.isArray() ? "[" + i + "]" : "body";
                throw new InputError("Invalid usage report", List.of(FieldError.of(at, "must be {id, keyId (UUID), model, tokens, time (ISO-8601)}")));
            }
        }
        return reports;
    }

    /** Totals for {@code groupBy} over [{@code from}, {@code to}); default period: this month so far. */
    @Transactional
    public UsageViews.Summary summary(String groupBy, String bucket, String fromParam, String toParam, String team, String model) {
        boolean byDay = bucket != null && !bucket.isBlank();
        if (byDay && !"day".equals(bucket.trim())) {
            throw new InputError("Invalid bucket", List.of(FieldError.of("bucket", "must be day, or left out")));
        }
        String g = groupBy == null || groupBy.isBlank() ? "team" : groupBy.trim();
        String column = switch (g) {
            case "team" -> "team";
            case "model" -> "model_ref";
            case "costCenter" -> "cost_center";
            default -> throw new InputError("Invalid groupBy", List.of(FieldError.of("groupBy", "must be team, model or costCenter")));
        };
        Instant now = Instant.now();
        Instant from = fromParam == null || fromParam.isBlank()
                ? KeyState.monthOf(now.toEpochMilli()).atStartOfDay().toInstant(ZoneOffset.UTC) : time(fromParam, "from");
        Instant to = toParam == null || toParam.isBlank() ? now.plusSeconds(1) : time(toParam, "to");
        if (!to.isAfter(from)) {
            throw new InputError("Invalid period", List.of(FieldError.of("to", "must be after from")));
        }
        if (from.plus(config.usage().maxQueryPeriod()).isBefore(to)) {
            throw new InputError("Invalid period", List.of(FieldError.of("from", "the period may cover at most "
                    + config.usage().maxQueryPeriod().toDays() + " days")));
        }
        List<String> teams = null;
        if (team != null && !team.isBlank()) {
            List<FieldError> errors = new ArrayList<>();
            String ref = dev.atrium.access.key.KeyService.teamRef(team, errors);
            if (!errors.isEmpty()) {
                throw new InputError("Invalid team", errors);
            }
            teams = List.of(ref);
        }
        String modelRef = model == null || model.isBlank() ? null : EntityRefs.parse(model, "aimodel", "model").toString();
        List<UsageViews.Total> totals = records.totals(column, byDay, from, to, teams, modelRef).stream()
                .map(t -> new UsageViews.Total(t.group(), t.day(), t.tokens(), t.records())).toList();
        return new UsageViews.Summary(g, byDay ? "day" : null, from, to, totals.stream().mapToLong(UsageViews.Total::tokens).sum(), totals);
    }

    /** An ISO-8601 instant or date (a date means its start, UTC). */
    static Instant time(String value, String field) {
        String v = value.trim();
        try {
            return v.length() == 10 ? java.time.LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC) : Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new InputError("Invalid " + field, List.of(FieldError.of(field, "must be an ISO-8601 date or instant, e.g. 2026-12-01")));
        }
    }
}
