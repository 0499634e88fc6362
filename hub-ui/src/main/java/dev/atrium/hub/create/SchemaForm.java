package dev.atrium.hub.create;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A template's parameter pages (JSON Schema, Backstage style) turned into HTML form fields, and the
 * submitted form turned back into typed values with field errors. Covers what golden paths use: strings
 * (pattern, minLength, maxLength, enum, textarea), integers and numbers (minimum, maximum), booleans,
 * arrays of enum strings, defaults, required, and the OwnerPicker, EntityPicker and RepoUrlPicker fields.
 * scaffolder-service validates again; this gives errors next to the fields before a task is created.
 */
public final class SchemaForm {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Prefix of every parameter's form field, so parameters never collide with the form's own fields. */
    public static final String PREFIX = "p.";
    public static final int MAX_FIELDS = 60;
    public static final int MAX_VALUE = 10_000;

    public enum Kind { TEXT, TEXTAREA, NUMBER, INTEGER, BOOLEAN, SELECT, MULTI, OWNER, ENTITY, REPO_URL, UNSUPPORTED }

    /** A choice of a select, a picker or a multi-select. */
    public record Option(String value, String label) {
    }

    public record Field(String name, String title, String description, Kind kind, boolean required, String pattern,
            Integer minLength, Integer maxLength, Double minimum, Double maximum, List<Option> options, String defaultValue,
            List<String> defaultValues, JsonNode catalogFilter, List<String> allowedHosts) {

        public String inputName() {
            return PREFIX + name;
        }

        public String inputId() {
            return "param-" + name.replaceAll("[^A-Za-z0-9_-]", "-");
        }

        public Field withOptions(List<Option> opts) {
            return new Field(name, title, description, kind, required, pattern, minLength, maxLength, minimum, maximum, opts,
                    defaultValue, defaultValues, catalogFilter, allowedHosts);
        }

        public String minText() {
            return minimum == null ? null : format(minimum);
        }

        public String maxText() {
            return maximum == null ? null : format(maximum);
        }

        public boolean isPicker() {
            return kind == Kind.OWNER || kind == Kind.ENTITY;
        }
    }

    public record Page(String title, String description, List<Field> fields) {
    }

    /** A field as the form shows it: its definition, what is in it now and its error. */
    public record FieldState(Field field, String value, List<String> values, String error, Map<String, String> parts) {
        public boolean checked() {
            return "true".equals(value);
        }

        public boolean selected(String option) {
            return field.kind() == Kind.MULTI ? values.contains(option) : option.equals(value);
        }

        public String part(String name) {
            return parts.getOrDefault(name, "");
        }

        public String describedBy() {
            String ids = field.description() == null ? "" : field.inputId() + "-hint";
            if (error != null) {
                ids = (ids + " " + field.inputId() + "-error").trim();
            }
            return ids;
        }
    }

    public record PageState(Page page, List<FieldState> fields) {
    }

    /** The form after a submission: the typed values to send, or the errors to show. */
    public record Submission(ObjectNode values, List<PageState> pages, Map<String, String> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    private final String title;
    private final String description;
    private final List<Page> pages;

    private SchemaForm(String title, String description, List<Page> pages) {
        this.title = title;
        this.description = description;
        this.pages = pages;
    }

    /** Reads {@code GET /v2/templates/.../parameter-schema}: {@code {title, description, steps:[{title, schema}]}}. */
    public static SchemaForm parse(JsonNode parameterSchema) {
        List<Page> pages = new ArrayList<>();
        int count = 0;
        for (JsonNode step : parameterSchema.path("steps")) {
            JsonNode schema = step.path("schema");
            Set<String> required = new java.util.HashSet<>();
            schema.path("required").forEach(r -> required.add(r.asText()));
            List<Field> fields = new ArrayList<>();
            var props = schema.path("properties").fields();
            while (props.hasNext() && count < MAX_FIELDS) {
                var p = props.next();
                fields.add(field(p.getKey(), p.getValue(), required.contains(p.getKey())));
                count++;
            }
            String pageTitle = text(step.path("title"));
            if (pageTitle == null) {
                pageTitle = text(schema.path("title"));
            }
            pages.add(new Page(pageTitle == null ? "Please enter the following information" : pageTitle,
                    text(step.path("description")) != null ? text(step.path("description")) : text(schema.path("description")), fields));
        }
        return new SchemaForm(text(parameterSchema.path("title")), text(parameterSchema.path("description")), pages);
    }

    static Field field(String name, JsonNode s, boolean required) {
        String type = text(s.path("type"));
        String uiField = text(s.path("ui:field"));
        String widget = text(s.path("ui:widget"));
        JsonNode uiOptions = s.path("ui:options");
        Kind kind;
        List<Option> options = new ArrayList<>();
        List<String> defaults = new ArrayList<>();
        if ("OwnerPicker".equals(uiField)) {
            kind = Kind.OWNER;
        } else if ("EntityPicker".equals(uiField)) {
            kind = Kind.ENTITY;
        } else if ("RepoUrlPicker".equals(uiField)) {
            kind = Kind.REPO_URL;
        } else if (s.has("enum") && ("string".equals(type) || "integer".equals(type) || "number".equals(type) || type == null)) {
            kind = Kind.SELECT;
            JsonNode names = s.path("enumNames");
            int i = 0;
            for (JsonNode v : s.path("enum")) {
                String label = names.has(i) ? names.get(i).asText() : v.asText();
                options.add(new Option(v.asText(), label));
                i++;
            }
        } else if ("array".equals(type) && s.path("items").has("enum")) {
            kind = Kind.MULTI;
            for (JsonNode v : s.path("items").path("enum")) {
                options.add(new Option(v.asText(), v.asText()));
            }
            s.path("default").forEach(d -> defaults.add(d.asText()));
        } else if ("boolean".equals(type)) {
            kind = Kind.BOOLEAN;
        } else if ("integer".equals(type)) {
            kind = Kind.INTEGER;
        } else if ("number".equals(type)) {
            kind = Kind.NUMBER;
        } else if ("string".equals(type) || type == null) {
            kind = "textarea".equals(widget) ? Kind.TEXTAREA : Kind.TEXT;
        } else {
            kind = Kind.UNSUPPORTED;
        }
        List<String> hosts = new ArrayList<>();
        uiOptions.path("allowedHosts").forEach(h -> hosts.add(h.asText()));
        JsonNode dflt = s.path("default");
        String defaultValue = dflt.isMissingNode() || dflt.isNull() || dflt.isContainerNode() ? null : dflt.asText();
        String title = text(s.path("title"));
        return new Field(name, title == null ? name : title, text(s.path("description")), kind, required, text(s.path("pattern")),
                intOrNull(s.path("minLength")), intOrNull(s.path("maxLength")), numOrNull(s.path("minimum")), numOrNull(s.path("maximum")),
                List.copyOf(options), defaultValue, List.copyOf(defaults), uiOptions.path("catalogFilter"), List.copyOf(hosts));
    }

    public String title() {
        return title;
    }

    public String description() {
        return description;
    }

    public List<Page> pages() {
        return pages;
    }

    public List<Field> fields() {
        List<Field> out = new ArrayList<>();
        pages.forEach(p -> out.addAll(p.fields()));
        return out;
    }

    /** The same form with the pickers' options filled in. */
    public SchemaForm withOptions(Map<String, List<Option>> byField) {
        List<Page> out = new ArrayList<>();
        for (Page p : pages) {
            List<Field> fields = new ArrayList<>();
            for (Field f : p.fields()) {
                fields.add(byField.containsKey(f.name()) ? f.withOptions(byField.get(f.name())) : f);
            }
            out.add(new Page(p.title(), p.description(), fields));
        }
        return new SchemaForm(title, description, out);
    }

    /** The empty form with its defaults. */
    public List<PageState> initial() {
        List<PageState> out = new ArrayList<>();
        for (Page p : pages) {
            List<FieldState> fields = new ArrayList<>();
            for (Field f : p.fields()) {
                String v = f.defaultValue() == null ? "" : f.defaultValue();
                fields.add(new FieldState(f, v, f.defaultValues(), null, Map.of()));
            }
            out.add(new PageState(p, fields));
        }
        return out;
    }

    /** Checks a submitted form; {@code form} maps field names to their submitted values. */
    public Submission read(Map<String, List<String>> form) {
        ObjectNode values = JSON.createObjectNode();
        Map<String, String> errors = new LinkedHashMap<>();
        List<PageState> states = new ArrayList<>();
        for (Page p : pages) {
            List<FieldState> fields = new ArrayList<>();
            for (Field f : p.fields()) {
                fields.add(readField(f, form, values, errors));
            }
            states.add(new PageState(p, fields));
        }
        return new Submission(values, states, errors);
    }

    private FieldState readField(Field f, Map<String, List<String>> form, ObjectNode values, Map<String, String> errors) {
        String key = f.inputName();
        String raw = first(form.get(key));
        String error = null;
        Map<String, String> parts = Map.of();
        List<String> chosen = List.of();
        switch (f.kind()) {
            case BOOLEAN -> {
                boolean on = raw != null && (raw.equals("true") || raw.equals("on"));
                values.put(f.name(), on);
                raw = on ? "true" : "false";
            }
            case MULTI -> {
                List<String> in = form.getOrDefault(key, List.of());
                Set<String> allowed = new java.util.HashSet<>();
                f.options().forEach(o -> allowed.add(o.value()));
                List<String> ok = new ArrayList<>();
                for (String v : in) {
                    if (!allowed.contains(v)) {
                        error = "Choose from the list.";
                    } else if (!ok.contains(v)) {
                        ok.add(v);
                    }
                }
                chosen = ok;
                if (error == null && f.required() && ok.isEmpty()) {
                    error = "Choose at least one.";
                }
                if (error == null && !ok.isEmpty()) {
                    ArrayNode arr = values.putArray(f.name());
                    ok.forEach(arr::add);
                }
            }
            case REPO_URL -> {
                String host = trim(first(form.get(key + ".host")));
                String owner = trim(first(form.get(key + ".owner")));
                String repo = trim(first(form.get(key + ".repo")));
                parts = Map.of("host", host, "owner", owner, "repo", repo);
                raw = "";
                if (host.isEmpty() && owner.isEmpty() && repo.isEmpty()) {
                    if (f.required()) {
                        error = "Enter the host, owner and repository name.";
                    }
                } else if (host.isEmpty() || owner.isEmpty() || repo.isEmpty()) {
                    error = "Enter the host, owner and repository name.";
                } else if (!f.allowedHosts().isEmpty() && !f.allowedHosts().contains(host)) {
                    error = "Choose one of the allowed hosts.";
                } else if (!REPO_PART.matcher(owner).matches() || !REPO_PART.matcher(repo).matches() || !HOST.matcher(host).matches()) {
                    error = "Owner and repository may contain letters, digits, '.', '_' and '-'.";
                } else {
                    raw = host + "?owner=" + owner + "&repo=" + repo;
                    values.put(f.name(), raw);
                }
            }
            case UNSUPPORTED -> {
                // shown as "not supported here"; the template's default (if any) is left to the scaffolder
            }
            default -> {
                String v = raw == null ? "" : raw.strip();
                raw = v;
                if (v.isEmpty()) {
                    if (f.required()) {
                        error = f.isPicker() ? "Choose one." : "This is required.";
                    }
                } else if (v.length() > MAX_VALUE) {
                    error = "This is too long.";
                } else {
                    error = check(f, v, values);
                }
            }
        }
        if (error != null) {
            errors.put(f.name(), error);
        }
        return new FieldState(f, raw == null ? "" : raw, chosen, error, parts);
    }

    private static final Pattern REPO_PART = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,252}(:[0-9]{1,5})?");

    /** Type, enum, pattern and bounds; puts the typed value into {@code values} when it passes. */
    private static String check(Field f, String v, ObjectNode values) {
        switch (f.kind()) {
            case INTEGER -> {
                long n;
                try {
                    n = Long.parseLong(v);
                } catch (NumberFormatException e) {
                    return "Enter a whole number.";
                }
                String bound = bounds(f, n);
                if (bound != null) {
                    return bound;
                }
                values.put(f.name(), n);
                return null;
            }
            case NUMBER -> {
                double n;
                try {
                    n = Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    return "Enter a number.";
                }
                if (Double.isNaN(n) || Double.isInfinite(n)) {
                    return "Enter a number.";
                }
                String bound = bounds(f, n);
                if (bound != null) {
                    return bound;
                }
                values.put(f.name(), n);
                return null;
            }
            case SELECT, OWNER, ENTITY -> {
                if (f.kind() == Kind.SELECT || !f.options().isEmpty()) {
                    boolean known = f.options().stream().anyMatch(o -> o.value().equals(v));
                    if (!known) {
                        return "Choose from the list.";
                    }
                }
            }
            default -> {
            }
        }
        if (f.minLength() != null && v.length() < f.minLength()) {
            return "Enter at least " + f.minLength() + " characters.";
        }
        if (f.maxLength() != null && v.length() > f.maxLength()) {
            return "Enter at most " + f.maxLength() + " characters.";
        }
        if (f.pattern() != null) {
            try {
                if (!Pattern.compile(f.pattern()).matcher(v).find()) {
                    return "This does not have the expected form" + (f.description() == null ? "." : ": " + f.description());
                }
            } catch (PatternSyntaxException e) {
                // a pattern Java cannot read is left to the scaffolder
            }
        }
        values.put(f.name(), v);
        return null;
    }

    private static String bounds(Field f, double n) {
        if (f.minimum() != null && n < f.minimum()) {
            return "Enter " + format(f.minimum()) + " or more.";
        }
        if (f.maximum() != null && n > f.maximum()) {
            return "Enter " + format(f.maximum()) + " or less.";
        }
        return null;
    }

    static String format(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    /** The catalog filters of a picker: {@code catalogFilter} as an object (one filter) or an array (any of them). */
    public static List<String> catalogFilters(Field f, String defaultKind) {
        List<String> out = new ArrayList<>();
        JsonNode cf = f.catalogFilter();
        if (cf == null || cf.isMissingNode() || cf.isNull()) {
            out.add("kind=" + defaultKind);
            return out;
        }
        if (cf.isArray()) {
            cf.forEach(one -> out.add(filter(one)));
        } else {
            out.add(filter(cf));
        }
        out.removeIf(String::isEmpty);
        if (out.isEmpty()) {
            out.add("kind=" + defaultKind);
        }
        return out;
    }

    private static String filter(JsonNode one) {
        List<String> parts = new ArrayList<>();
        var it = one.fields();
        while (it.hasNext()) {
            var e = it.next();
            String key = e.getKey();
            if (!SAFE_KEY.matcher(key).matches()) {
                continue;
            }
            if (e.getValue().isArray()) {
                e.getValue().forEach(v -> addPart(parts, key, v.asText()));
            } else if (e.getValue().isValueNode()) {
                addPart(parts, key, e.getValue().asText());
            }
        }
        return String.join(",", parts);
    }

    private static final Pattern SAFE_KEY = Pattern.compile("[A-Za-z0-9._/-]{1,100}");
    private static final Pattern SAFE_VALUE = Pattern.compile("[A-Za-z0-9:/._-]{1,100}");

    private static void addPart(List<String> parts, String key, String value) {
        if (SAFE_VALUE.matcher(value).matches()) {
            parts.add(key + "=" + value.toLowerCase(Locale.ROOT));
        }
    }

    private static String first(List<String> values) {
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static String trim(String s) {
        return s == null ? "" : s.trim();
    }

    static String text(JsonNode n) {
        return n == null || n.isMissingNode() || n.isNull() || !n.isValueNode() || n.asText().isEmpty() ? null : n.asText();
    }

    private static Integer intOrNull(JsonNode n) {
        return n.isNumber() ? n.asInt() : null;
    }

    private static Double numOrNull(JsonNode n) {
        return n.isNumber() ? n.asDouble() : null;
    }
}
