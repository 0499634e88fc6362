package dev.atrium.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package structure the code is meant to have, checked on the sources (imports and fully
 * qualified names alike): which feature packages may not depend on which.
 */
class PackageDependenciesTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/atrium/catalog");
    private static final Pattern REFERENCE = Pattern.compile("dev\\.atrium\\.catalog\\.([a-z]+)\\.");

    /** package -> the packages it uses (its own excluded). */
    static Map<String, Set<String>> dependencies() throws IOException {
        Map<String, Set<String>> deps = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = SOURCES.relativize(f).getName(0).toString();
                Set<String> used = deps.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher m = REFERENCE.matcher(Files.readString(f));
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        used.add(m.group(1));
                    }
                }
            }
        }
        return deps;
    }

    /** Dependencies that would close a cycle, as {@code from -> to}. */
    private static final List<String> FORBIDDEN = List.of(
            // processing uses location only through reading; location registers through processing
            "processing -> location",
            // the model knows nothing of how entities are processed
            "model -> processing",
            // reading and the refresh queue sit below every feature package
            "reading -> processing", "reading -> location", "reading -> entity", "reading -> model", "reading -> refresh",
            "refresh -> processing", "refresh -> location", "refresh -> entity", "refresh -> model", "refresh -> reading");

    @Test
    void noCyclesBetweenProcessingLocationAndModel() throws IOException {
        Map<String, Set<String>> deps = dependencies();
        List<String> found = new ArrayList<>();
        for (String rule : FORBIDDEN) {
            String[] p = rule.split(" -> ");
            if (deps.getOrDefault(p[0], Set.of()).contains(p[1])) {
                found.add(rule);
            }
        }
        assertEquals(List.of(), found, "package dependencies: " + deps);
    }

    @Test
    void sqlLivesOnlyInRepositoriesOfTheIngestionPackages() throws IOException {
        List<String> outside = new ArrayList<>();
        for (String pkg : List.of("location", "processing", "model", "reading", "refresh")) {
            try (Stream<Path> files = Files.walk(SOURCES.resolve(pkg))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    if (!f.getFileName().toString().endsWith("Repository.java") && Files.readString(f).contains("prepareStatement(")) {
                        outside.add(SOURCES.relativize(f).toString());
                    }
                }
            }
        }
        assertEquals(List.of(), outside);
    }

    @Test
    void theRefreshQueueIsWrittenOnlyByItsRepository() throws IOException {
        List<String> writers = new ArrayList<>();
        Pattern write = Pattern.compile("(?i)(insert\\s+into|update|delete\\s+from)\\s+refresh_state");
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (write.matcher(Files.readString(f)).find()) {
                    writers.add(SOURCES.relativize(f).toString());
                }
            }
        }
        assertEquals(List.of("refresh/RefreshStateRepository.java"), writers);
    }
}
