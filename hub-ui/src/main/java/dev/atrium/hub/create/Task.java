package dev.atrium.hub.create;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.hub.catalog.EntityRef;
import dev.atrium.hub.web.SafeUrl;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scaffolder task as the task page shows it: status, template, steps with their states, the log and
 * the output links and texts. Built from {@code GET /v2/tasks/{id}} and its events.
 */
public record Task(String id, String status, String templateRef, String createdBy, Instant createdAt, List<Step> steps,
        List<LogLine> log, List<OutputLink> links, List<OutputText> texts, String error, boolean surveyAnswered) {

    public record Step(String id, String name, String status) {
        public String badge() {
            return Task.badge(status);
        }

        public String label() {
            return "open".equals(status) ? "waiting" : status;
        }
    }

    public record LogLine(long eventId, String text, String stepId, String level, Instant at) {
        public String time() {
            return at == null ? "" : at.toString().substring(11, Math.min(19, at.toString().length()));
        }
    }

    /** An output link; {@code href} is a safe http(s) link or a hub catalog page, else null. */
    public record OutputLink(String title, String href) {
    }

    public record OutputText(String title, String content) {
        /** The content as HTML: the Markdown subset of {@link dev.atrium.hub.web.InlineMarkdown}, everything else escaped. */
        public io.quarkus.qute.RawString contentHtml() {
            return dev.atrium.hub.web.InlineMarkdown.toHtml(content);
        }
    }

    public static final java.util.Set<String> FINAL = java.util.Set.of("completed", "failed", "cancelled");

    public boolean finished() {
        return FINAL.contains(status);
    }

    public boolean completed() {
        return "completed".equals(status);
    }

    public String statusBadge() {
        return badge(status);
    }

    public String statusLabel() {
        return switch (status == null ? "" : status) {
            case "open" -> "Waiting to start";
            case "processing" -> "Running";
            case "completed" -> "Completed";
            case "failed" -> "Failed";
            case "cancelled" -> "Cancelled";
            default -> status == null ? "Unknown" : status;
        };
    }

    public String href() {
        return "/create/tasks/" + id;
    }

    /** When the task started, to the minute, e.g. "2026-12-02 10:15 UTC". */
    public String startedLabel() {
        if (createdAt == null) {
            return "";
        }
        String s = createdAt.toString();
        return s.substring(0, 10) + " " + s.substring(11, 16) + " UTC";
    }

    public long lastEventId() {
        return log.isEmpty() ? 0 : log.get(log.size() - 1).eventId();
    }

    public String templateName() {
        EntityRef ref = EntityRef.parse(templateRef, "template");
        return ref == null ? String.valueOf(templateRef) : ref.name();
    }

    static String badge(String status) {
        return switch (status == null ? "" : status) {
            case "completed" -> "ok";
            case "failed" -> "bad";
            case "processing", "open" -> "info";
            case "skipped", "cancelled" -> "neutral";
            default -> "neutral";
        };
    }

    /** Reads the task and its events so far. */
    public static Task from(JsonNode task, List<JsonNode> events) {
        JsonNode spec = task.path("spec");
        Map<String, Step> steps = new LinkedHashMap<>();
        for (JsonNode s : spec.path("steps")) {
            String id = s.path("id").asText();
            steps.put(id, new Step(id, s.path("name").asText(s.path("action").asText(id)), "open"));
        }
        // Atrium's task may carry step states itself
        for (JsonNode s : task.path("steps")) {
            String id = s.path("id").asText(s.path("stepId").asText());
            Step known = steps.get(id);
            steps.put(id, new Step(id, s.path("name").asText(known == null ? id : known.name()), s.path("status").asText("open")));
        }
        List<LogLine> log = new ArrayList<>();
        JsonNode output = task.path("output");
        String error = text(task.path("error"));
        String status = task.path("status").asText("open");
        for (JsonNode e : events) {
            LogLine line = line(e);
            if (line != null) {
                log.add(line);
            }
            JsonNode body = e.path("body");
            String stepId = text(body.path("stepId"));
            String stepStatus = text(body.path("status"));
            if (stepId != null && stepStatus != null && steps.containsKey(stepId)) {
                Step s = steps.get(stepId);
                steps.put(stepId, new Step(stepId, s.name(), stepStatus));
            }
            if ("completion".equals(e.path("type").asText())) {
                if (body.has("output")) {
                    output = body.path("output");
                }
                if (body.has("error") && error == null) {
                    error = text(body.path("error").path("message"));
                }
            }
        }
        Instant created = instant(task.path("createdAt"));
        String templateRef = text(spec.path("templateInfo").path("entityRef"));
        if (templateRef == null) {
            templateRef = text(task.path("templateRef"));
        }
        return new Task(task.path("id").asText(), status, templateRef, text(task.path("createdBy")), created,
                List.copyOf(steps.values()), log, links(output), texts(output), error, task.path("surveyAnswered").asBoolean(false));
    }

    /** The task as its final event describes it (for the live page, without another call). */
    public static Task finishedBy(String id, String eventType, JsonNode body) {
        String status = text(body.path("status"));
        if (status == null || !FINAL.contains(status)) {
            status = "cancelled".equals(eventType) ? "cancelled" : body.has("error") ? "failed" : "completed";
        }
        JsonNode output = body.path("output");
        return new Task(id, status, null, null, null, List.of(), List.of(), links(output), texts(output),
                text(body.path("error").path("message")), false);
    }

    /** One event as a log line, or null for events without a message. */
    public static LogLine line(JsonNode e) {
        JsonNode body = e.path("body");
        String msg = text(body.path("message"));
        if (msg == null) {
            return null;
        }
        String level = "failed".equals(text(body.path("status"))) || "error".equals(text(body.path("level"))) ? "err"
                : text(body.path("stepId")) != null && text(body.path("status")) != null ? "step" : "info";
        if (msg.length() > 4000) {
            msg = msg.substring(0, 4000) + "…";
        }
        return new LogLine(e.path("id").asLong(), msg, text(body.path("stepId")), level, instant(e.path("createdAt")));
    }

    static List<OutputLink> links(JsonNode output) {
        List<OutputLink> out = new ArrayList<>();
        for (JsonNode l : output.path("links")) {
            String title = text(l.path("title"));
            String href = SafeUrl.of(text(l.path("url")));
            if (href == null && text(l.path("entityRef")) != null) {
                EntityRef ref = EntityRef.parse(text(l.path("entityRef")), null);
                href = ref == null ? null : ref.href();
            }
            if (title == null) {
                title = href == null ? "Link" : href;
            }
            out.add(new OutputLink(title, href));
        }
        return out;
    }

    static List<OutputText> texts(JsonNode output) {
        List<OutputText> out = new ArrayList<>();
        for (JsonNode t : output.path("text")) {
            out.add(new OutputText(text(t.path("title")), text(t.path("content"))));
        }
        return out;
    }

    static Instant instant(JsonNode n) {
        String s = text(n);
        if (s == null) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (RuntimeException e) {
            try {
                return java.time.OffsetDateTime.parse(s).toInstant();
            } catch (RuntimeException e2) {
                return null;
            }
        }
    }

    static String text(JsonNode n) {
        return n == null || n.isMissingNode() || n.isNull() || !n.isValueNode() || n.asText().isEmpty() ? null : n.asText();
    }
}
