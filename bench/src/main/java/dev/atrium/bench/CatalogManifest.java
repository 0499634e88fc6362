package dev.atrium.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Describes a generated catalog directory (size, seed, files) so the load driver can rebuild its entity refs. */
public record CatalogManifest(int entities, long seed, int entitiesPerFile, EntityCounts counts,
                              String rootFile, List<String> parts) {

    /** File name of the manifest inside a generated catalog directory. */
    public static final String FILE_NAME = "bench-manifest.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Reads the manifest of the catalog generated into {@code dir}. */
    public static CatalogManifest read(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        try {
            return JSON.readValue(file.toFile(), CatalogManifest.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " (generate the catalog first)", e);
        }
    }

    /** Writes this manifest into {@code dir}. */
    public void write(Path dir) throws IOException {
        Files.writeString(dir.resolve(FILE_NAME), JSON.writeValueAsString(this) + "\n");
    }
}
