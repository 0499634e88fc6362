package dev.atrium.scaffolder.expression;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.AdvancedFilter;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Backstage's built-in template filters: parseRepoUrl, parseEntityRef, pick and projectSlug. */
public final class TemplateFilters {

    /** Name and one-line description of each filter, as served by {@code /v2/templating-extensions}. */
    public static final Map<String, String> DESCRIPTIONS = Map.of(
            "parseRepoUrl", "Parses a RepoUrlPicker value (host?owner=o&repo=r) into {host, owner, repo, organization, workspace, project}",
            "parseEntityRef", "Parses an entity ref into {kind, namespace, name}; optional defaultKind and defaultNamespace",
            "pick", "Picks a (dot-separated) property of an object",
            "projectSlug", "Turns a RepoUrlPicker value into owner/repo");

    private TemplateFilters() {
    }

    static List<AdvancedFilter> all() {
        return List.of(new ParseRepoUrl(), new ParseEntityRef(), new Pick(), new ProjectSlug());
    }

    /** {@code github.com?owner=acme&repo=web} → {@code {host: github.com, owner: acme, repo: web}}. */
    public static Map<String, Object> parseRepoUrl(String value) {
        if (value == null || value.isBlank()) {
            throw new ExpressionError("parseRepoUrl: empty repository URL");
        }
        String s = value.strip();
        if (s.startsWith("https://") || s.startsWith("http://")) {
            s = s.substring(s.indexOf("://") + 3);
        }
        int q = s.indexOf('?');
        String host = q < 0 ? s : s.substring(0, q);
        if (host.isBlank() || host.contains("/")) {
            throw new ExpressionError("parseRepoUrl: invalid repo URL, expected host?owner=o&repo=r but got " + value);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("host", host);
        if (q >= 0) {
            for (String pair : s.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    String key = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
                    if (List.of("owner", "repo", "organization", "workspace", "project").contains(key)) {
                        out.put(key, URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        if (!out.containsKey("repo")) {
            throw new ExpressionError("parseRepoUrl: invalid repo URL passed, missing repo in " + value);
        }
        return out;
    }

    /** Parses {@code [kind:][namespace/]name}. */
    public static Map<String, Object> parseEntityRef(Object value, String defaultKind, String defaultNamespace) {
        String kind = null;
        String namespace = null;
        String name;
        if (value instanceof Map<?, ?> m) {
            kind = m.get("kind") == null ? null : m.get("kind").toString();
            namespace = m.get("namespace") == null ? null : m.get("namespace").toString();
            name = m.get("name") == null ? null : m.get("name").toString();
        } else {
            String ref = value == null ? "" : value.toString().strip();
            int colon = ref.indexOf(':');
            int slash = ref.indexOf('/');
            if (colon > 0 && (slash < 0 || colon < slash)) {
                kind = ref.substring(0, colon);
                ref = ref.substring(colon + 1);
            }
            slash = ref.indexOf('/');
            if (slash >= 0) {
                namespace = ref.substring(0, slash);
                ref = ref.substring(slash + 1);
            }
            name = ref;
        }
        kind = kind == null || kind.isBlank() ? defaultKind : kind;
        namespace = namespace == null || namespace.isBlank() ? (defaultNamespace == null ? "default" : defaultNamespace) : namespace;
        if (name == null || name.isBlank() || kind == null || kind.isBlank() || name.contains("/") || name.contains(":")) {
            throw new ExpressionError("parseEntityRef: entity reference \"" + value
                    + "\" was not on the form [<kind>:][<namespace>/]<name>" + (kind == null ? " (no kind and no defaultKind)" : ""));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", kind.toLowerCase(Locale.ROOT));
        out.put("namespace", namespace.toLowerCase(Locale.ROOT));
        out.put("name", name);
        return out;
    }

    static Object pick(Object value, String path) {
        Object current = value;
        for (String part : path.split("\\.")) {
            if (current instanceof Map<?, ?> m) {
                current = m.get(part);
            } else {
                return null;
            }
        }
        return current;
    }

    private static final class ParseRepoUrl implements AdvancedFilter {
        @Override
        public String getName() {
            return "parseRepoUrl";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            return parseRepoUrl(var == null ? null : var.toString());
        }
    }

    private static final class ProjectSlug implements AdvancedFilter {
        @Override
        public String getName() {
            return "projectSlug";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            Map<String, Object> parsed = parseRepoUrl(var == null ? null : var.toString());
            Object owner = parsed.getOrDefault("owner", parsed.getOrDefault("organization", parsed.get("workspace")));
            return owner == null ? parsed.get("repo") : owner + "/" + parsed.get("repo");
        }
    }

    private static final class ParseEntityRef implements AdvancedFilter {
        @Override
        public String getName() {
            return "parseEntityRef";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            String defaultKind = kwargs == null ? null : (String) stringOrNull(kwargs.get("defaultKind"));
            String defaultNamespace = kwargs == null ? null : (String) stringOrNull(kwargs.get("defaultNamespace"));
            if (args != null && args.length > 0 && args[0] instanceof Map<?, ?> options) {
                defaultKind = (String) stringOrNull(options.get("defaultKind"));
                defaultNamespace = (String) stringOrNull(options.get("defaultNamespace"));
            }
            return parseEntityRef(var, defaultKind, defaultNamespace);
        }

        private static Object stringOrNull(Object o) {
            return o == null ? null : o.toString();
        }
    }

    private static final class Pick implements AdvancedFilter {
        @Override
        public String getName() {
            return "pick";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            if (args == null || args.length == 0 || args[0] == null) {
                throw new ExpressionError("pick: a property path is required, e.g. pick('metadata.name')");
            }
            return pick(var, args[0].toString());
        }
    }
}
