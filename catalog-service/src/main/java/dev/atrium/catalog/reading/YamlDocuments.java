package dev.atrium.catalog.reading;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.atrium.catalog.config.CatalogConfig;
import dev.atrium.commons.error.InputError;
import dev.atrium.commons.error.PayloadTooLargeError;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Safe parsing of multi-document catalog YAML: size, alias, nesting-depth and document-count limits,
 * duplicate keys refused, and a bound on the <em>expanded</em> size. Every failure is an
 * {@link InputError} (or a {@link PayloadTooLargeError} for size) naming what was wrong.
 *
 * <p>SnakeYAML composes aliases as shared nodes, so a small file can describe a huge tree (46
 * doubling aliases, under the alias cap, make 2^24 leaves). Each document's node graph is measured
 * with aliases expanded (scalar aliases included) before anything is built from it, in time and
 * memory proportional to the file, and refused when it expands beyond the node or byte bound.
 */
public final class YamlDocuments {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final LoaderOptions options;
    private final int maxBytes;
    private final int maxDocuments;
    private final long maxNodes;
    private final long maxExpandedBytes;

    public YamlDocuments(CatalogConfig.Reading limits) {
        this(limits.maxBytes(), limits.maxAliases(), limits.maxNestingDepth(), limits.maxDocuments(),
                limits.maxExpandedNodes(), limits.maxExpandedBytes());
    }

    public YamlDocuments(int maxBytes, int maxAliases, int maxDepth, int maxDocuments) {
        this(maxBytes, maxAliases, maxDepth, maxDocuments, 100L * maxBytes, 2L * maxBytes);
    }

    public YamlDocuments(int maxBytes, int maxAliases, int maxDepth, int maxDocuments, long maxNodes, long maxExpandedBytes) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(maxAliases);
        options.setNestingDepthLimit(maxDepth);
        options.setCodePointLimit(Math.max(maxBytes, 1024));
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        this.options = options;
        this.maxBytes = maxBytes;
        this.maxDocuments = maxDocuments;
        this.maxNodes = maxNodes;
        this.maxExpandedBytes = maxExpandedBytes;
    }

    /** Parses all documents; empty documents (e.g. a trailing {@code ---}) are skipped. */
    public List<JsonNode> parse(byte[] content, String source) {
        if (content.length > maxBytes) {
            throw new PayloadTooLargeError(source + " is " + content.length + " bytes, over the limit of " + maxBytes + " bytes");
        }
        List<JsonNode> docs = new ArrayList<>();
        StringConstructor constructor = new StringConstructor(options);
        Yaml yaml = new Yaml(constructor, new Representer(new DumperOptions()), new DumperOptions(), options);
        Expansion expansion = new Expansion(source);
        try {
            for (Node node : yaml.composeAll(new StringReader(new String(content, StandardCharsets.UTF_8)))) {
                if (node == null || isEmptyDocument(node)) {
                    continue;
                }
                if (docs.size() >= maxDocuments) {
                    throw new PayloadTooLargeError(source + " holds more than " + maxDocuments + " documents");
                }
                expansion.measure(node);
                Object doc = constructor.construct(node);
                if (doc != null) {
                    docs.add(JSON.valueToTree(doc));
                }
            }
        } catch (InputError | PayloadTooLargeError e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw new InputError("Malformed YAML in " + source + ": " + firstLine(e));
        }
        return docs;
    }

    /** Parses text holding exactly one document (a {@code $yaml} placeholder); an empty text is null. */
    public JsonNode parseSingle(byte[] content, String source) {
        List<JsonNode> docs = parse(content, source);
        if (docs.size() > 1) {
            throw new InputError(source + " holds " + docs.size() + " YAML documents; a $yaml placeholder reads exactly one");
        }
        return docs.isEmpty() ? NullNode.getInstance() : docs.get(0);
    }

    private static boolean isEmptyDocument(Node node) {
        return node instanceof ScalarNode s && Tag.NULL.equals(s.getTag()) && s.getValue().isEmpty();
    }

    /** Node and byte counts of documents with aliases expanded, per file. */
    private final class Expansion {
        private final String source;
        private final Map<Node, long[]> sizes = new IdentityHashMap<>();
        private final Map<Node, Boolean> open = new IdentityHashMap<>();
        private long nodes;
        private long bytes;

        Expansion(String source) {
            this.source = source;
        }

        void measure(Node root) {
            long[] size = size(root);
            check(size[0], size[1]);
            nodes = saturatedAdd(nodes, size[0]);
            bytes = saturatedAdd(bytes, size[1]);
        }

        /** {nodes, bytes} of a node with every alias under it expanded; shared nodes are measured once. */
        private long[] size(Node node) {
            long[] known = sizes.get(node);
            if (known != null) {
                return known;
            }
            if (open.put(node, Boolean.TRUE) != null) {
                throw new InputError("Malformed YAML in " + source + ": an alias refers to a node that contains it");
            }
            long n = 1;
            long b = 0;
            switch (node) {
                case ScalarNode s -> b = s.getValue().length();
                case SequenceNode seq -> {
                    for (Node child : seq.getValue()) {
                        long[] c = size(child);
                        n = saturatedAdd(n, c[0]);
                        b = saturatedAdd(b, c[1]);
                        check(n, b);
                    }
                }
                case MappingNode map -> {
                    for (NodeTuple t : map.getValue()) {
                        for (Node child : List.of(t.getKeyNode(), t.getValueNode())) {
                            long[] c = size(child);
                            n = saturatedAdd(n, c[0]);
                            b = saturatedAdd(b, c[1]);
                            check(n, b);
                        }
                    }
                }
                default -> {
                }
            }
            open.remove(node);
            long[] result = {n, b};
            sizes.put(node, result);
            return result;
        }

        /** Refuses a subtree of {@code n} nodes and {@code b} bytes on top of the documents measured before. */
        private void check(long n, long b) {
            if (saturatedAdd(nodes, n) > maxNodes) {
                throw new PayloadTooLargeError(source + " expands to more than " + maxNodes
                        + " YAML nodes once its aliases are resolved (atrium.catalog.reading.max-expanded-nodes)");
            }
            if (saturatedAdd(bytes, b) > maxExpandedBytes) {
                throw new PayloadTooLargeError(source + " expands to more than " + maxExpandedBytes
                        + " bytes of text once its aliases are resolved (atrium.catalog.reading.max-expanded-bytes)");
            }
        }
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return r < 0 ? Long.MAX_VALUE : r;
    }

    /** Safe constructor that keeps timestamps as the strings they were written as, and builds from a composed node. */
    private static final class StringConstructor extends SafeConstructor {
        StringConstructor(LoaderOptions options) {
            super(options);
            this.yamlConstructors.put(Tag.TIMESTAMP, new ConstructYamlStr());
        }

        Object construct(Node node) {
            return constructDocument(node);
        }
    }

    private static String firstLine(Throwable e) {
        if (e instanceof StackOverflowError) {
            return "nested too deeply";
        }
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
