package dev.atrium.catalog.support;

import static io.restassured.RestAssured.given;

import dev.atrium.catalog.processing.ProcessingLoop;
import dev.atrium.commons.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.agroal.api.AgroalDataSource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Helpers for catalog tests: tokens, registering locations, running the processing loop to quiescence. */
public abstract class CatalogTestSupport {
    public static final Path FIXTURES = Path.of("src/test/resources/fixtures").toAbsolutePath();
    public static final Path SCRATCH = Path.of("target/test-locations").toAbsolutePath();

    @Inject
    protected ProcessingLoop loop;

    protected static String alice() {
        return TestTokens.user("alice", "payments-team");
    }

    protected static String bob() {
        return TestTokens.user("bob", "checkout-team");
    }

    protected static String admin() {
        return TestTokens.admin("pat");
    }

    protected static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    @Inject
    protected AgroalDataSource dataSource;

    /**
     * Runs processing passes until nothing is due and no pass of the scheduled loop is in flight
     * (its claimed rows carry a lease far beyond the refresh interval).
     */
    protected void settle() {
        long deadline = System.currentTimeMillis() + 30_000;
        int quiet = 0;
        while (quiet < 2 && System.currentTimeMillis() < deadline) {
            if (loop.runOnce() > 0) {
                quiet = 0;
            } else if (busy() > 0) {
                quiet = 0;
                sleep();
            } else {
                quiet++;
            }
        }
    }

    private int busy() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM refresh_state WHERE next_update_at <= now() "
                        // leased by a pass in flight: the 5-minute lease, beyond the 100 s location interval
                // and well short of the 24 h entity interval
                + "OR next_update_at BETWEEN now() + interval '200 seconds' AND now() + interval '6 minutes'")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Registers the fixture catalog once per test run (idempotent). */
    protected void ensureFixtureCatalog() {
        String target = FIXTURES.resolve("demo/catalog-info.yaml").toString();
        int status = as(admin()).body(Map.of("type", "file", "target", target)).post("/api/catalog/locations").statusCode();
        if (status != 201 && status != 409) {
            throw new IllegalStateException("fixture catalog registration failed: " + status);
        }
        settle();
    }

    /** Writes a catalog file into a fresh scratch directory and returns its absolute path. */
    protected static Path writeCatalog(String yaml) {
        try {
            Path dir = SCRATCH.resolve(UUID.randomUUID().toString());
            Files.createDirectories(dir);
            Path file = dir.resolve("catalog-info.yaml");
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected static void rewrite(Path file, String yaml) {
        try {
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Registers a file location as {@code token} and returns its id. */
    protected static String register(String token, Path file) {
        return as(token).body(Map.of("type", "file", "target", file.toString()))
                .post("/api/catalog/locations").then().statusCode(201).extract().path("location.id");
    }

    protected static int locationCount() {
        List<?> all = as(admin()).get("/api/catalog/locations").then().statusCode(200).extract().as(List.class);
        return all.size();
    }

    /** A component YAML document with a unique name. */
    protected static String component(String name, String owner) {
        return """
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata:
                  name: %s
                spec:
                  type: service
                  lifecycle: production
                  owner: %s
                """.formatted(name, owner);
    }

    /**
     * An expansion bomb of about 1 KB: 24 levels of doubling lists use 46 aliases (under the alias
     * cap of 50) and expand to 2^24 leaves.
     */
    public static String expansionBomb() {
        StringBuilder y = new StringBuilder("l0: &l0 [leaf, leaf]\n");
        for (int i = 1; i < 24; i++) {
            y.append("l").append(i).append(": &l").append(i).append(" [*l").append(i - 1).append(", *l").append(i - 1).append("]\n");
        }
        return y.toString();
    }

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
