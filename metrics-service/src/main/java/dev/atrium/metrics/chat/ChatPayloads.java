package dev.atrium.metrics.chat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.List;

/**
 * Builds Slack incoming-webhook bodies ({@code text} plus legacy {@code attachments} with
 * {@code title_link} and {@code fields}), the subset Mattermost's incoming webhooks accept unchanged.
 * Text from users is escaped so it can neither format links nor mention {@code @channel}.
 */
public final class ChatPayloads {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_COMMENT = 500;

    private ChatPayloads() {
    }

    /** A template survey answer. */
    public static String answer(String template, String owner, boolean expected, String improvement, String taskUrl) {
        String name = shortRef(template);
        String verdict = expected ? "did what they expected" : "did NOT do what they expected";
        ObjectNode body = JSON.createObjectNode();
        body.put("text", "Template feedback for " + escape(name) + " (owner " + escape(shortRef(owner)) + "): "
                + verdict + ". Task: " + taskUrl);
        ObjectNode att = body.putArray("attachments").addObject();
        att.put("fallback", "Template " + escape(name) + ": " + (expected ? "yes" : "no"));
        att.put("color", expected ? "#2eb886" : "#e01e5a");
        att.put("title", "Task of template " + escape(name));
        att.put("title_link", taskUrl);
        ArrayNode fields = att.putArray("fields");
        field(fields, "Template", escape(template), true);
        field(fields, "Owner", escape(owner), true);
        field(fields, "Did it do what you expected?", expected ? "Yes" : "No", true);
        if (improvement != null && !improvement.isBlank()) {
            field(fields, "What would make it better?", escape(clip(improvement)), false);
        }
        return body.toString();
    }

    /** One template's line in the daily digest. */
    public record DigestLine(String template, String owner, long answers, long expected, List<String> comments) {}

    /** The daily digest of one day's answers. */
    public static String digest(LocalDate day, List<DigestLine> lines) {
        long total = lines.stream().mapToLong(DigestLine::answers).sum();
        ObjectNode body = JSON.createObjectNode();
        body.put("text", "Template feedback digest for " + day + ": " + total + " answer(s) for "
                + lines.size() + " template(s).");
        ArrayNode atts = body.putArray("attachments");
        for (DigestLine l : lines) {
            ObjectNode att = atts.addObject();
            long pct = l.answers() == 0 ? 0 : Math.round(100.0 * l.expected() / l.answers());
            att.put("fallback", escape(shortRef(l.template())) + ": " + pct + " % as expected");
            att.put("color", pct >= 80 ? "#2eb886" : pct >= 50 ? "#daa038" : "#e01e5a");
            att.put("title", escape(shortRef(l.template())) + " (owner " + escape(shortRef(l.owner())) + ")");
            ArrayNode fields = att.putArray("fields");
            field(fields, "Answers", Long.toString(l.answers()), true);
            field(fields, "Did what they expected", pct + " %", true);
            if (!l.comments().isEmpty()) {
                StringBuilder sb = new StringBuilder();
                l.comments().forEach(c -> sb.append("• ").append(escape(clip(c))).append('\n'));
                field(fields, "Latest improvement comments", sb.toString().strip(), false);
            }
        }
        return body.toString();
    }

    private static void field(ArrayNode fields, String title, String value, boolean isShort) {
        ObjectNode f = fields.addObject();
        f.put("title", title);
        f.put("value", value);
        f.put("short", isShort);
    }

    /** Slack's three mandatory escapes, plus a zero-width space after {@code @} so no mention fires. */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("@", "@\u200B");
    }

    private static String clip(String s) {
        String t = s.strip();
        return t.length() > MAX_COMMENT ? t.substring(0, MAX_COMMENT) + "…" : t;
    }

    /** {@code template:default/nodejs-microservice} → {@code nodejs-microservice}. */
    static String shortRef(String ref) {
        if (ref == null) {
            return "unknown";
        }
        int slash = ref.lastIndexOf('/');
        int colon = ref.lastIndexOf(':');
        return ref.substring(Math.max(slash, colon) + 1);
    }
}
