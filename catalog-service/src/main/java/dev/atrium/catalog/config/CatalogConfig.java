package dev.atrium.catalog.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Configuration of the catalog service ({@code atrium.catalog.*}). */
@ConfigMapping(prefix = "atrium.catalog")
public interface CatalogConfig {

    /** Directories that {@code file} locations may be read from; none means file locations are refused. */
    Optional<List<String>> fileRoots();

    /** The processing loop. */
    Processing processing();

    /** Reading of location targets. */
    Reading reading();

    /** Which kinds may be ingested. */
    Rules rules();

    /**
     * Git hosts whose {@code blob}/{@code tree} URLs are read through their API, keyed by any name
     * ({@code atrium.catalog.git-hosts.<name>.host=github.com}). github.com, gitlab.com and
     * bitbucket.org are built in; an entry for the same host replaces the built-in one.
     */
    Map<String, GitHost> gitHosts();

    /** Processing loop settings. */
    interface Processing {
        /** Whether this instance runs the processing loop at all. */
        @WithDefault("true")
        boolean enabled();

        /** How often a location is due again: its target re-read and its entities re-emitted. */
        @WithDefault("100S")
        Duration interval();

        /**
         * How often an entity without errors that no location changed is re-processed anyway. Its
         * processing depends only on its input, the model and the rules, and each of those
         * re-queues it when it changes, so this is a safety net, not the way changes arrive.
         */
        @WithDefault("24H")
        Duration entityInterval();

        /** How often the loop looks for due rows when idle. */
        @WithDefault("1S")
        Duration pollInterval();

        /** How many due rows one pass claims. */
        @WithDefault("500")
        int batchSize();

        /**
         * Passes this instance runs side by side while rows are due. Each worker already overlaps one pass's
         * write with the next pass's processing; more workers add concurrent writers, which queue on the hot
         * facet count rows (on two cores one worker ingested 10k entities in 20.0 s, two in 23.1 s).
         */
        @WithDefault("1")
        int workers();

        /**
         * Most entities the Location rows of one pass may emit. Once the children read so far reach it, the
         * claimed rows not yet processed go back to the queue for the next pass, so the memory of a pass stays
         * bounded however many large Locations are due at once (docs/decisions/0013).
         */
        @WithDefault("5000")
        int maxChildrenPerPass();

        /** How long a claimed row stays away from other instances if this one dies mid-pass. */
        @WithDefault("5M")
        Duration lease();

        /** What happens to entities no location emits any more: {@code keep} (marked orphan) or {@code delete}. */
        @WithDefault("keep")
        String orphanStrategy();

        /** Most errors reported for one entity (the rest are counted); bounds what a hostile file can make the catalog store. */
        @WithDefault("20")
        int maxErrorsPerEntity();

        /** Most errors reported by one pass of a Location, registration or dry run. */
        @WithDefault("1000")
        int maxErrorsPerPass();
    }

    /** Limits and allow-lists for reading catalog files. */
    interface Reading {
        /**
         * Largest catalog file (bytes) read from any location. Parsing a file takes about nine times its size
         * of heap while its documents are trees, so this bounds what one file can cost: 2 MiB (about 3,500
         * entities) fit the shipped 56 MB heap (compact object headers) next to everything else. Raise it together
         * with {@code -Xmx} (docs/decisions/0013, 0028).
         */
        @WithDefault("2097152")
        int maxBytes();

        /** Most YAML aliases one file may use (alias-bomb protection). */
        @WithDefault("50")
        int maxAliases();

        /** Deepest YAML/JSON nesting accepted. */
        @WithDefault("64")
        int maxNestingDepth();

        /** Most entities one file may hold. */
        @WithDefault("20000")
        int maxDocuments();

        /** Hosts url locations may read even though they resolve to loopback/private/link-local addresses. */
        Optional<List<String>> urlAllowedHosts();

        /** Hosts git locations may clone from ({@code file://} repositories must be under file-roots). */
        Optional<List<String>> gitAllowedHosts();

        /** Timeout for url reads and git clones. */
        @WithDefault("15S")
        Duration timeout();

        /** Largest git repository (bytes received while cloning, checked as they arrive). */
        @WithDefault("52428800")
        long maxRepositoryBytes();

        /**
         * Most YAML nodes one file may expand to, aliases expanded (expansion-bomb protection: the
         * alias cap alone lets 46 doubling aliases build 2^24 leaves).
         */
        @WithDefault("1000000")
        long maxExpandedNodes();

        /** Most bytes of scalar text one file may expand to, aliases expanded. */
        @WithDefault("16777216")
        long maxExpandedBytes();

        /** Most targets one Location entity may list. */
        @WithDefault("1000")
        int maxTargets();

        /** Most bytes one processing pass of a Location (or one dry run) may read: targets and placeholders together. */
        @WithDefault("536870912")
        long maxPassBytes();

        /** Time one processing pass of a Location (or one dry run) may spend reading, every target and placeholder together. */
        @WithDefault("120S")
        Duration passTimeout();

        /** Hosts an HTTP redirect may lead to besides the host that was asked (each hop is checked like a target). */
        Optional<List<String>> redirectAllowedHosts();

        /** Most redirects followed for one read. */
        @WithDefault("5")
        int maxRedirects();
    }

    /** A git host whose web URLs are read through its API. */
    interface GitHost {
        /** Host name of the web URLs, e.g. {@code github.com} or {@code gitlab.example.com}. */
        String host();

        /** {@code github}, {@code gitlab}, {@code bitbucket} (Cloud), {@code bitbucket-server} or {@code gitea}. */
        String type();

        /**
         * API base URL, e.g. {@code https://api.github.com}, {@code https://ghe.example.com/api/v3},
         * {@code https://gitlab.example.com/api/v4}. Defaults to the public API of the type for the
         * public hosts and to {@code https://<host>/api/v4} (gitlab), {@code /api/v1} (gitea),
         * {@code /rest/api/1.0} (bitbucket-server) or {@code /api/v3} (github) otherwise.
         */
        Optional<String> apiBaseUrl();

        /** User name for hosts that take basic credentials (Bitbucket app passwords); the token is the password. */
        Optional<String> username();

        /** Name of the environment variable holding the access token (the token itself is never in the configuration). */
        Optional<String> tokenEnv();

        /** File holding the access token, e.g. a mounted secret; read at each use, so a rotated token is picked up. */
        Optional<String> tokenFile();
    }

    /** The allow-list of kinds, like Backstage's {@code catalog.rules}. */
    interface Rules {
        /** Kinds allowed from any location; {@code *} (the default) allows every kind of the active model. */
        @WithDefault("*")
        List<String> allow();

        /** Per location type (file, url, git) allow-lists that replace {@link #allow()} for that type. */
        Map<String, List<String>> byLocationType();
    }
}
