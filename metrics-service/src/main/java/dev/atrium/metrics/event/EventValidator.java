package dev.atrium.metrics.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.commons.error.FieldError;
import dev.atrium.commons.error.InputError;
import dev.atrium.commons.error.PayloadTooLargeError;
import dev.atrium.metrics.config.MetricsConfig;
import dev.atrium.metrics.event.EventType.Attr;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns a request body (one event object or an array of them) into {@link Event}s, or rejects the
 * whole body with every field error found: a batch with one bad event stores nothing.
 */
@ApplicationScoped
public class EventValidator {
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\t\\n\\r]]");
    private static final int MAX_KEY_LENGTH = 200;
    private static final int MAX_REPORTED_ERRORS = 100;

    @Inject
    MetricsConfig config;

    Clock clock = Clock.systemUTC();

    /** Validates a body of {@code POST /events}. */
    public List<Event> parse(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw new InputError("Request body is empty: send one event object or an array of events");
        }
        List<JsonNode> items = new ArrayList<>();
        boolean batch = body.isArray();
        if (batch) {
            if (body.size() > config.ingest().maxBatch()) {
                throw new PayloadTooLargeError("A batch holds at most " + config.ingest().maxBatch()
                        + " events; this one has " + body.size());
            }
            if (body.isEmpty()) {
                throw new InputError("The batch is empty");
            }
            body.forEach(items::add);
        } else if (body.isObject()) {
            items.add(body);
        } else {
            throw new InputError("Request body must be an event object or an array of events");
        }
        List<FieldError> errors = new ArrayList<>();
        List<Event> events = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Event e = one(items.get(i), batch ? "[" + i + "]." : "", errors);
            if (e != null) {
                events.add(e);
            }
        }
        if (!errors.isEmpty()) {
            List<FieldError> reported = errors.size() > MAX_REPORTED_ERRORS ? errors.subList(0, MAX_REPORTED_ERRORS) : errors;
            throw new InputError(errors.size() + " invalid field(s); nothing was stored", reported);
        }
        return events;
    }

    /** Validates one event built by a webhook mapper (same rules as the REST body). */
    public Event check(String id, String type, String actor, String team, Instant time, ObjectNode attributes) {
        ObjectNode node = attributes.objectNode();
        node.put("id", id);
        node.put("type", type);
        node.put("actor", actor);
        node.put("team", team);
        node.put("time", time == null ? null : time.toString());
        node.set("attributes", attributes);
        List<FieldError> errors = new ArrayList<>();
        Event e = one(node, "", errors);
        if (!errors.isEmpty()) {
            throw new InputError("The payload does not carry what a " + type + " event needs", errors);
        }
        return e;
    }

    private Event one(JsonNode node, String at, List<FieldError> errors) {
        if (!node.isObject()) {
            errors.add(FieldError.of(at.isEmpty() ? "body" : at.substring(0, at.length() - 1), "must be an event object"));
            return null;
        }
        int before = errors.size();
        String id = requiredText(node, "id", at, errors, MAX_KEY_LENGTH);
        String typeName = requiredText(node, "type", at, errors, MAX_KEY_LENGTH);
        EventType type = null;
        if (typeName != null) {
            type = EventType.byName(typeName).orElse(null);
            if (type == null) {
                errors.add(FieldError.of(at + "type", "unknown event type '" + clip(typeName) + "'; known: " + EventType.names()));
            }
        }
        String actor = optionalText(node, "actor", at, errors, MAX_KEY_LENGTH);
        if (type != null && type.actorRequired() && actor == null) {
            errors.add(FieldError.of(at + "actor", "is required for " + type.wireName()));
        }
        String team = optionalText(node, "team", at, errors, MAX_KEY_LENGTH);
        if (team != null) {
            team = IngestService.shortTeam(team).toLowerCase(java.util.Locale.ROOT);
        }
        Instant time = instant(node.get("time"), at + "time", errors, true);
        if (time != null) {
            Instant now = clock.instant();
            if (time.isAfter(now.plus(config.ingest().maxClockSkew()))) {
                errors.add(FieldError.of(at + "time", "is in the future (more than "
                        + config.ingest().maxClockSkew().toSeconds() + " s ahead of the server clock)"));
            } else if (time.isBefore(now.minus(config.ingest().maxAge()))) {
                errors.add(FieldError.of(at + "time", "is older than " + config.ingest().maxAge().toDays() + " days"));
            }
        }
        JsonNode attrs = node.get("attributes");
        ObjectNode attributes = null;
        if (attrs == null || attrs.isNull()) {
            errors.add(FieldError.of(at + "attributes", "is required"));
        } else if (!attrs.isObject()) {
            errors.add(FieldError.of(at + "attributes", "must be an object"));
        } else {
            attributes = (ObjectNode) attrs;
            checkShape(attributes, at + "attributes.", errors);
            if (type != null) {
                for (Attr a : type.required()) {
                    checkAttr(attributes, a, at + "attributes.", errors);
                }
                if (type == EventType.SURVEY_ANSWERED) {
                    checkSurvey(attributes, at + "attributes.", errors);
                }
            }
        }
        return errors.size() == before ? new Event(id, type, actor, team, time, attributes) : null;
    }

    private void checkSurvey(ObjectNode attributes, String at, List<FieldError> errors) {
        String survey = attributes.path("survey").asText("");
        List<Attr> shape = switch (survey) {
            case "template" -> List.of(Attr.text("taskId"), Attr.text("template"), Attr.text("templateOwner"),
                    Attr.bool("expected"), Attr.url("taskUrl"));
            case "discovery" -> List.of(Attr.bool("found"));
            default -> List.of();
        };
        shape.forEach(a -> checkAttr(attributes, a, at, errors));
        JsonNode improvement = attributes.get("improvement");
        if (improvement != null && !improvement.isNull() && !improvement.isTextual()) {
            errors.add(FieldError.of(at + "improvement", "must be text"));
        }
    }

    private void checkShape(ObjectNode attributes, String at, List<FieldError> errors) {
        if (attributes.size() > config.ingest().maxAttributes()) {
            errors.add(FieldError.of(at.substring(0, at.length() - 1), "has more than " + config.ingest().maxAttributes() + " attributes"));
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = attributes.fields(); it.hasNext(); ) {
            var field = it.next();
            if (field.getKey().length() > MAX_KEY_LENGTH) {
                errors.add(FieldError.of(at + clip(field.getKey()), "attribute name is too long"));
            }
            JsonNode v = field.getValue();
            if (v.isContainerNode()) {
                errors.add(FieldError.of(at + field.getKey(), "must be a text, number, boolean or null"));
            } else if (v.isTextual() && v.asText().length() > config.ingest().maxStringLength()) {
                errors.add(FieldError.of(at + field.getKey(), "is longer than " + config.ingest().maxStringLength() + " characters"));
            }
        }
    }

    private void checkAttr(ObjectNode attributes, Attr a, String at, List<FieldError> errors) {
        JsonNode v = attributes.get(a.name());
        String field = at + a.name();
        if (v == null || v.isNull()) {
            errors.add(FieldError.of(field, "is required"));
            return;
        }
        switch (a.kind()) {
            case TEXT -> {
                if (!v.isTextual() || v.asText().isBlank()) {
                    errors.add(FieldError.of(field, "must be non-empty text"));
                }
            }
            case ANY_TEXT -> {
                if (!v.isTextual()) {
                    errors.add(FieldError.of(field, "must be text"));
                }
            }
            case COUNT -> {
                if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 0) {
                    errors.add(FieldError.of(field, "must be a whole number of 0 or more"));
                }
            }
            case BOOLEAN -> {
                if (!v.isBoolean()) {
                    errors.add(FieldError.of(field, "must be true or false"));
                }
            }
            case DATE -> {
                try {
                    LocalDate.parse(v.asText());
                } catch (DateTimeParseException e) {
                    errors.add(FieldError.of(field, "must be a date (YYYY-MM-DD)"));
                }
            }
            case INSTANT -> instant(v, field, errors, true);
            case ONE_OF -> {
                if (!v.isTextual() || !a.allowed().contains(v.asText())) {
                    errors.add(FieldError.of(field, "must be one of " + String.join(", ", a.allowed())));
                }
            }
            case URL -> {
                if (!v.isTextual() || !isWebUrl(v.asText())) {
                    errors.add(FieldError.of(field, "must be an http or https URL"));
                }
            }
        }
    }

    static boolean isWebUrl(String s) {
        try {
            URI uri = new URI(s);
            return uri.getHost() != null && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()));
        } catch (Exception e) {
            return false;
        }
    }

    private static Instant instant(JsonNode v, String field, List<FieldError> errors, boolean required) {
        if (v == null || v.isNull()) {
            if (required) {
                errors.add(FieldError.of(field, "is required"));
            }
            return null;
        }
        try {
            return Instant.parse(v.asText());
        } catch (DateTimeParseException e) {
            errors.add(FieldError.of(field, "must be an ISO-8601 instant, e.g. 2026-12-02T10:00:00Z"));
            return null;
        }
    }

    private static String requiredText(JsonNode node, String name, String at, List<FieldError> errors, int max) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
            errors.add(FieldError.of(at + name, "is required"));
            return null;
        }
        return text(v, at + name, errors, max);
    }

    private static String optionalText(JsonNode node, String name, String at, List<FieldError> errors, int max) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
            return null;
        }
        return text(v, at + name, errors, max);
    }

    private static String text(JsonNode v, String field, List<FieldError> errors, int max) {
        if (!v.isTextual()) {
            errors.add(FieldError.of(field, "must be text"));
            return null;
        }
        String s = v.asText().trim();
        if (s.length() > max) {
            errors.add(FieldError.of(field, "is longer than " + max + " characters"));
            return null;
        }
        if (CONTROL.matcher(s).find()) {
            errors.add(FieldError.of(field, "must not contain control characters"));
            return null;
        }
        return s;
    }

    private static String clip(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
