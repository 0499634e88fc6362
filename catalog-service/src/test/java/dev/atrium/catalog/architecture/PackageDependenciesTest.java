package dev.atrium.catalog.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
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
 * The structure of {@code dev.atrium.catalog}, checked on the real code:
 * <ul>
 * <li>no dependency cycles between its feature packages (read from the compiled classes: every class, field,
 * method and signature reference in their constant pools), and the foundation packages depend on nothing above
 * them;</li>
 * <li>SQL only in the repositories, one owner per table (read from the string literals of the sources): every
 * table of the migrations has one owning repository, only that repository writes it, and no other class holds
 * SQL or opens statements. Repositories may read other tables (joins, existence checks).</li>
 * </ul>
 */
class PackageDependenciesTest {
    private static final Path CLASSES = Path.of("target/classes/dev/atrium/catalog");
    private static final Path SOURCES = Path.of("src/main/java/dev/atrium/catalog");
    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
    private static final Pattern REFERENCE = Pattern.compile("dev/atrium/catalog/([a-z]+)/");

    /** Packages every feature builds on; they depend only on each other. */
    private static final Set<String> FOUNDATION = Set.of("config", "ref", "store", "reading", "refresh");

    /** The one repository (path under {@link #SOURCES}) that writes each table of the migrations. */
    static final Map<String, String> OWNERS = Map.ofEntries(
            Map.entry("locations", "location/LocationRepository.java"),
            Map.entry("refresh_state", "refresh/RefreshStateRepository.java"),
            Map.entry("refresh_state_references", "refresh/RefreshStateRepository.java"),
            Map.entry("entities", "entity/EntityRepository.java"),
            Map.entry("relations", "entity/RelationRepository.java"),
            Map.entry("search", "search/SearchRepository.java"),
            Map.entry("facet_keys", "search/SearchRepository.java"),
            Map.entry("facet_counts", "search/SearchRepository.java"),
            Map.entry("search_columns", "search/SearchRepository.java"),
            Map.entry("history", "history/HistoryRepository.java"),
            Map.entry("kind_models", "model/KindModelRepository.java"),
            Map.entry("processing_settings", "processing/ProcessingSettingsRepository.java"));

    /**
     * Classes besides the owners that may hold SQL, and why. The query planner builds the read-only WHERE and
     * ORDER BY fragments that {@code EntityRepository} runs; the change listener's own connection only listens;
     * {@code CopyRows} copies into the table its caller names (counted as that caller's write).
     */
    static final Map<String, String> READ_ONLY_SQL = Map.of("search/QueryPlanner.java", "filter and sort fragments over entities");
    static final Map<String, String> TABLE_FREE_SQL = Map.of(
            "entity/EntityChangeListener.java", "LISTEN and heartbeat on its own connection",
            "store/CopyRows.java", "COPY into the table its caller names");

    /** A literal that is (part of) an SQL statement: keywords are upper case in this code base. */
    private static final Pattern SQL = Pattern.compile("\\b(SELECT|INSERT INTO|UPDATE|DELETE FROM|COPY|ANALYZE|LOCK TABLE|TRUNCATE|LISTEN|WITH \\w+ AS)\\b");
    private static final Pattern WRITE = Pattern.compile(
            "(?i)\\b(?:INSERT\\s+INTO|UPDATE|DELETE\\s+FROM|COPY|TRUNCATE(?:\\s+TABLE)?|LOCK\\s+TABLE|ANALYZE)\\s+(?:ONLY\\s+)?([a-z_]+)");
    private static final Pattern READ = Pattern.compile("(?i)\\b(?:FROM|JOIN)\\s+([a-z_]+)");
    /** Table names handed to {@code CopyRows.open(connection, "table", ...)}, which writes them. */
    private static final Pattern COPY_OPEN = Pattern.compile("CopyRows\\.open\\(\\s*\\w+\\s*,\\s*\"([a-z_]+)\"");
    private static final Pattern STATEMENT_API = Pattern.compile("\\b(prepareStatement|createStatement|prepareCall|getCopyAPI|CopyRows\\.open)\\(");

    private static Map<String, Set<String>> graph;
    private static Map<String, String> sources;

    @BeforeAll
    static void read() throws IOException {
        assertTrue(Files.isDirectory(CLASSES), "compiled classes expected under " + CLASSES.toAbsolutePath());
        graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(CLASSES)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                if (file.getParent().equals(CLASSES)) {
                    continue; // classes directly in dev.atrium.catalog
                }
                String pkg = CLASSES.relativize(file).getName(0).toString();
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
        sources = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                sources.put(SOURCES.relativize(f).toString().replace('\\', '/'), Files.readString(f));
            }
        }
    }

    // ---- packages --------------------------------------------------------------------------------------------

    @Test
    void noPackageIsOnADependencyCycle() {
        List<String> cycles = new ArrayList<>();
        graph.forEach((from, deps) -> {
            for (String to : deps) {
                if (reaches(to, from)) {
                    cycles.add(from + " -> " + to + " -> ... -> " + from);
                }
            }
        });
        assertEquals(List.of(), cycles, "package dependencies: " + graph);
    }

    @Test
    void theFoundationDependsOnNothingAboveIt() {
        List<String> upward = new ArrayList<>();
        for (String pkg : FOUNDATION) {
            for (String dep : graph.getOrDefault(pkg, Set.of())) {
                if (!FOUNDATION.contains(dep)) {
                    upward.add(pkg + " -> " + dep);
                }
            }
        }
        assertEquals(List.of(), upward, "package dependencies: " + graph);
        assertFalse(reaches("history", "entity"), "history sits below the entity read side: " + graph);
    }

    @Test
    void theGraphIsReadFromRealClasses() {
        // guards against a parser that finds nothing and so passes every check
        assertTrue(graph.getOrDefault("entity", Set.of()).containsAll(List.of("search", "store", "ref")), graph::toString);
        assertTrue(graph.getOrDefault("processing", Set.of()).containsAll(List.of("entity", "refresh", "ref")), graph::toString);
    }

    private static boolean reaches(String from, String to) {
        Set<String> seen = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(from));
        while (!todo.isEmpty()) {
            for (String next : graph.getOrDefault(todo.pop(), Set.of())) {
                if (next.equals(to)) {
                    return true;
                }
                if (seen.add(next)) {
                    todo.push(next);
                }
            }
        }
        return false;
    }

    // ---- SQL -------------------------------------------------------------------------------------------------

    @Test
    void everyTableHasOneOwningRepository() throws IOException {
        Set<String> tables = new TreeSet<>();
        Pattern create = Pattern.compile("(?i)CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?([a-z_]+)");
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".sql")).toList()) {
                Matcher m = create.matcher(Files.readString(f));
                while (m.find()) {
                    tables.add(m.group(1).toLowerCase());
                }
            }
        }
        assertEquals(tables, new TreeSet<>(OWNERS.keySet()), "tables of the migrations and their owners");
        for (String owner : new TreeSet<>(OWNERS.values())) {
            assertTrue(sources.containsKey(owner), owner + " exists");
        }
    }

    @Test
    void sqlLivesOnlyInRepositories() {
        List<String> outside = new ArrayList<>();
        Set<String> owners = Set.copyOf(OWNERS.values());
        sources.forEach((file, code) -> {
            boolean mayHoldSql = owners.contains(file) || READ_ONLY_SQL.containsKey(file) || TABLE_FREE_SQL.containsKey(file);
            for (String literal : stringLiterals(code)) {
                if (!mayHoldSql && SQL.matcher(literal).find()) {
                    outside.add(file + ": " + abbreviated(literal));
                }
                if (TABLE_FREE_SQL.containsKey(file) && !tables(READ, literal).isEmpty()) {
                    outside.add(file + " reads a table: " + abbreviated(literal));
                }
            }
            boolean mayOpenStatements = owners.contains(file) || TABLE_FREE_SQL.containsKey(file) || file.startsWith("store/");
            if (!mayOpenStatements && STATEMENT_API.matcher(code).find()) {
                outside.add(file + " runs statements");
            }
        });
        assertEquals(List.of(), outside, "SQL outside the repositories");
    }

    @Test
    void eachTableIsWrittenOnlyByItsOwner() {
        Map<String, Set<String>> writers = writers();
        List<String> foreign = new ArrayList<>();
        writers.forEach((table, files) -> {
            for (String file : files) {
                if (!file.equals(OWNERS.get(table))) {
                    foreign.add(table + " written by " + file + " (owner: " + OWNERS.get(table) + ")");
                }
            }
        });
        assertEquals(List.of(), foreign);
        // guards against a scanner that finds nothing: every table is written somewhere, by its owner
        for (String table : OWNERS.keySet()) {
            assertTrue(writers.getOrDefault(table, Set.of()).contains(OWNERS.get(table)), "a write to " + table + " found in its owner: " + writers);
        }
    }

    /** table → the source files whose SQL writes it. */
    private static Map<String, Set<String>> writers() {
        Map<String, Set<String>> writers = new TreeMap<>();
        sources.forEach((file, code) -> {
            for (String literal : stringLiterals(code)) {
                tables(WRITE, literal).forEach(t -> writers.computeIfAbsent(t, k -> new TreeSet<>()).add(file));
            }
            Matcher copy = COPY_OPEN.matcher(code);
            while (copy.find()) {
                if (OWNERS.containsKey(copy.group(1))) {
                    writers.computeIfAbsent(copy.group(1), k -> new TreeSet<>()).add(file);
                }
            }
        });
        return writers;
    }

    private static Set<String> tables(Pattern pattern, String sql) {
        Set<String> out = new TreeSet<>();
        Matcher m = pattern.matcher(sql);
        while (m.find()) {
            String t = m.group(1).toLowerCase();
            if (OWNERS.containsKey(t)) {
                out.add(t);
            }
        }
        return out;
    }

    private static String abbreviated(String s) {
        String one = s.replaceAll("\\s+", " ").trim();
        return one.length() > 80 ? one.substring(0, 80) + "…" : one;
    }

    /** The contents of the string literals and text blocks of a Java source (comments and char literals skipped). */
    static List<String> stringLiterals(String code) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = code.length();
        while (i < n) {
            char ch = code.charAt(i);
            if (ch == '/' && i + 1 < n && code.charAt(i + 1) == '/') {
                int end = code.indexOf('\n', i);
                i = end < 0 ? n : end;
            } else if (ch == '/' && i + 1 < n && code.charAt(i + 1) == '*') {
                int end = code.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (ch == '\'') {
                i++;
                while (i < n && code.charAt(i) != '\'') {
                    i += code.charAt(i) == '\\' ? 2 : 1;
                }
                i++;
            } else if (code.startsWith("\"\"\"", i)) {
                int start = i + 3;
                int j = start;
                while (j < n && !code.startsWith("\"\"\"", j)) {
                    j += code.charAt(j) == '\\' ? 2 : 1;
                }
                out.add(code.substring(start, Math.min(j, n)));
                i = j + 3;
            } else if (ch == '"') {
                int j = i + 1;
                while (j < n && code.charAt(j) != '"' && code.charAt(j) != '\n') {
                    j += code.charAt(j) == '\\' ? 2 : 1;
                }
                out.add(code.substring(i + 1, Math.min(j, n)));
                i = j + 1;
            } else {
                i++;
            }
        }
        return out;
    }

    @Test
    void theLiteralScannerSeesStringsAndTextBlocksButNotComments() {
        List<String> found = stringLiterals("""
                // "SELECT 1 FROM entities" in a comment
                /* "DELETE FROM search" */
                char q = '"'; String a = "UPDATE history SET x = 1 WHERE y = \\"z\\"";
                String b = \"""
                    INSERT INTO relations
                    \""";
                """);
        assertEquals(2, found.size(), found::toString);
        assertEquals(Set.of("history"), tables(WRITE, found.get(0)));
        assertEquals(Set.of("relations"), tables(WRITE, found.get(1)));
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
            List<String> out = new ArrayList<>();
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
