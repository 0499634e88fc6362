package dev.atrium.catalog.location;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atrium.catalog.config.CatalogConfig;
import dev.atrium.commons.error.InputError;
import dev.atrium.commons.error.PayloadTooLargeError;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Safe parsing of multi-document catalog YAML: size, alias, nesting-depth and document-count limits,
 * duplicate keys refused. Every failure is an {@link InputError} naming what was wrong.
 */
public final class YamlDocuments {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final LoaderOptions options;
    private final int maxBytes;
    private final int maxDocuments;

    public YamlDocuments(CatalogConfig.Reading limits) {
        this(limits.maxBytes(), limits.maxAliases(), limits.maxNestingDepth(), limits.maxDocuments());
    }

    public YamlDocuments(int maxBytes, int maxAliases, int maxDepth, int maxDocuments) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(maxAliases);
        options.setNestingDepthLimit(maxDepth);
        options.setCodePointLimit(Math.max(maxBytes, 1024));
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        this.options = options;
        this.maxBytes = maxBytes;
        this.maxDocuments = maxDocuments;
    }

    /** Parses all documents; empty documents (e.g. a trailing {@code ---}) are skipped. */
    public List<JsonNode> parse(byte[] content, String source) {
        if (content.length > maxBytes) {
            throw new PayloadTooLargeError(source + " is " + content.length + " bytes, over the limit of " + maxBytes + " bytes");
        }
        List<JsonNode> docs = new ArrayList<>();
        // SnakeYAML's composer resolves anchors and aliases (real catalog files use them) and
        // enforces the alias, depth and size limits; Jackson then turns each document into a tree.
        Yaml yaml = new Yaml(new StringConstructor(options));
        try {
            for (Object doc : yaml.loadAll(new String(content, StandardCharsets.UTF_8))) {
                if (doc == null) {
                    continue;
                }
                if (docs.size() >= maxDocuments) {
                    throw new PayloadTooLargeError(source + " holds more than " + maxDocuments + " documents");
                }
                docs.add(JSON.valueToTree(doc));
            }
        } catch (RuntimeException e) {
            if (e instanceof InputError || e instanceof PayloadTooLargeError) {
                throw (RuntimeException) e;
            }
            throw new InputError("Malformed YAML in " + source + ": " + firstLine(e));
        }
        return docs;
    }

    /** Safe constructor that keeps timestamps as the strings they were written as. */
    private static final class StringConstructor extends SafeConstructor {
        StringConstructor(LoaderOptions options) {
            super(options);
            this.yamlConstructors.put(Tag.TIMESTAMP, new ConstructYamlStr());
        }
    }

    private static String firstLine(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && t.getMessage() == null) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        m = m.replace("\r", "");
        int nl = m.indexOf('\n');
        String head = nl > 0 ? m.substring(0, nl) : m;
        // keep the "line N, column M" part that SnakeYAML / Jackson add further down
        int at = m.indexOf(" line ");
        if (nl > 0 && at > nl) {
            int end = m.indexOf('\n', at);
            head = head + " (" + m.substring(at + 1, end > 0 ? end : m.length()).trim() + ")";
        }
        return head.length() > 300 ? head.substring(0, 300) + "…" : head;
    }
}
