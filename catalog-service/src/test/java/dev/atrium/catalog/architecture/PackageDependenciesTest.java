package dev.atrium.catalog.architecture;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reads the compiled classes of {@code dev.atrium.catalog} (every class, field, method and
 * signature reference in their constant pools) and checks the dependencies between its feature
 * packages: the entity read side sits above ingestion and history, never the other way round.
 */
class PackageDependenciesTest {
    private static final Path CLASSES = Path.of("target/classes/dev/atrium/catalog");
    private static final Pattern REFERENCE = Pattern.compile("dev/atrium/catalog/([a-z]+)/");

    /**
     * Edges that close cycles through other packages and are not this test's subject: processing
     * still uses the location readers (location ⇄ processing). The transitive checks ignore them.
     */
    private static final Set<String> OTHER_CYCLES = Set.of("processing->location");

    private static Map<String, Set<String>> graph;

    @BeforeAll
    static void readClasses() throws IOException {
        assertTrue(Files.isDirectory(CLASSES), "compiled classes expected under " + CLASSES.toAbsolutePath());
        graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(CLASSES)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                String pkg = CLASSES.relativize(file).getName(0).toString();
                if (file.getParent().equals(CLASSES)) {
                    continue; // classes directly in dev.atrium.catalog
                }
                Set<String> deps = graph.computeIfAbsent(pkg, k -> new TreeSet<>());
                for (String utf8 : constantPoolStrings(file)) {
                    Matcher m = REFERENCE.matcher(utf8);
                    while (m.find()) {
                        if (!m.group(1).equals(pkg)) {
                            deps.add(m.group(1));
                        }
                    }
                }
            }
        }
    }

    @Test
    void processingDoesNotDependOnTheEntityReadSide() {
        assertNoCycle("entity", "processing");
    }

    @Test
    void historyDoesNotDependOnTheEntityReadSide() {
        assertNoCycle("history", "entity");
        assertFalse(reaches("history", "entity", Set.of()), "history must not reach entity at all: " + graph);
    }

    @Test
    void theGraphIsReadFromRealClasses() {
        // guards against a parser that finds nothing and so passes every check
        assertTrue(graph.getOrDefault("entity", Set.of()).containsAll(List.of("search", "store", "ref")), graph::toString);
        assertTrue(graph.getOrDefault("processing", Set.of()).contains("ref"), graph::toString);
    }

    private static void assertNoCycle(String a, String b) {
        boolean direct = graph.getOrDefault(a, Set.of()).contains(b) && graph.getOrDefault(b, Set.of()).contains(a);
        assertFalse(direct, a + " and " + b + " depend on each other directly: " + graph);
        boolean transitive = reaches(a, b, OTHER_CYCLES) && reaches(b, a, OTHER_CYCLES);
        assertFalse(transitive, a + " and " + b + " are on one dependency cycle: " + graph);
    }

    private static boolean reaches(String from, String to, Set<String> ignoredEdges) {
        Set<String> seen = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(from));
        while (!todo.isEmpty()) {
            String p = todo.pop();
            for (String next : graph.getOrDefault(p, Set.of())) {
                if (ignoredEdges.contains(p + "->" + next) || !seen.add(next)) {
                    continue;
                }
                if (next.equals(to)) {
                    return true;
                }
                todo.push(next);
            }
        }
        return false;
    }

    /** The UTF-8 entries of a class file's constant pool (class names, descriptors, signatures). */
    static List<String> constantPoolStrings(Path classFile) {
        try (InputStream in = Files.newInputStream(classFile); DataInputStream data = new DataInputStream(in)) {
            if (data.readInt() != 0xCAFEBABE) {
                throw new IllegalStateException("not a class file: " + classFile);
            }
            data.readUnsignedShort();
            data.readUnsignedShort();
            int count = data.readUnsignedShort();
            List<String> out = new java.util.ArrayList<>();
            for (int i = 1; i < count; i++) {
                int tag = data.readUnsignedByte();
                switch (tag) {
                    case 1 -> out.add(data.readUTF());
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> data.skipBytes(4);
                    case 5, 6 -> {
                        data.skipBytes(8);
                        i++; // takes two slots
                    }
                    case 7, 8, 16, 19, 20 -> data.skipBytes(2);
                    case 15 -> data.skipBytes(3);
                    default -> throw new IllegalStateException("unknown constant pool tag " + tag + " in " + classFile);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
