package dev.atrium.scaffolder.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every {@code atrium.scaffolder.*} setting, grouped by feature; the README's table lists them. */
@ConfigMapping(prefix = "atrium.scaffolder")
public interface ScaffolderConfig {

    /** Task workers: claiming, heartbeats and recovery of tasks whose worker died. */
    Worker worker();

    /** Bounds on what one task, template or request may use. */
    Limits limits();

    /** The sandboxed expression engine. */
    Expressions expressions();

    /** Where skeletons may be read from. */
    Skeletons skeletons();

    /** publish:git and publish:github. */
    Publish publish();

    /** Secret parameters. */
    Secrets secrets();

    /** The metrics outbox relay. */
    Outbox outbox();

    /** Gate steps. */
    Gates gates();

    /** Base URL of the hub, used for task links sent with survey answers. */
    @WithDefault("http://localhost:8080")
    String hubUrl();

    /** Per-task working directories; each is deleted when its task run ends. */
    Optional<String> workspaceRoot();

    interface Worker {
        /** Run task workers on this instance. */
        @WithDefault("true")
        boolean enabled();

        /** Tasks run at the same time on this instance. */
        @WithDefault("4")
        int concurrency();

        /** Idle poll for claimable tasks. */
        @WithDefault("1S")
        Duration pollInterval();

        /** How often a worker renews the heartbeat of the tasks it runs. */
        @WithDefault("5S")
        Duration heartbeatInterval();

        /** A processing task whose heartbeat is older than this is taken over by another worker. */
        @WithDefault("30S")
        Duration heartbeatTimeout();

        /** Tasks taken over more often than this are failed instead of resumed. */
        @WithDefault("3")
        int maxRuns();

        /** Steps of one task run side by side at most. */
        @WithDefault("4")
        int stepParallelism();
    }

    interface Limits {
        /** Steps in one template. */
        @WithDefault("100")
        int maxSteps();

        /** Items one {@code each:} may expand to. */
        @WithDefault("100")
        int maxEachItems();

        /** Characters in one log message (longer ones are cut). */
        @WithDefault("8192")
        int maxLogMessage();

        /** Log events one task may write. */
        @WithDefault("5000")
        int maxEvents();

        /** Bytes a task workspace may hold. */
        @WithDefault("52428800")
        long maxWorkspaceBytes();

        /** Files a task workspace may hold. */
        @WithDefault("5000")
        int maxWorkspaceFiles();

        /** Bytes of one file read from a skeleton or written by catalog:write. */
        @WithDefault("4194304")
        long maxFileBytes();

        /** Longest a single step may run (debug:wait is capped by it, too). */
        @WithDefault("10M")
        Duration stepTimeout();

        /** Tasks listed per page at most. */
        @WithDefault("200")
        int maxPageSize();

        /** Files returned by a dry run at most. */
        @WithDefault("500")
        int maxDryRunFiles();
    }

    interface Expressions {
        /** Characters one rendered expression or file may produce. */
        @WithDefault("1048576")
        int maxOutputChars();

        /** Nesting depth of macros, includes and recursive rendering. */
        @WithDefault("10")
        int maxRenderDepth();

        /** Iterations of one {@code for} loop. */
        @WithDefault("1000")
        int maxLoopIterations();

        /** Wall-clock time one render may take. */
        @WithDefault("2S")
        Duration timeout();
    }

    interface Skeletons {
        /** Directories catalog-relative and {@code file:} skeletons may be read from (comma-separated). */
        Optional<List<String>> fileRoots();

        /** Hosts {@code https://} git skeleton URLs may be cloned from. */
        Optional<List<String>> gitAllowedHosts();

        /** Timeout for cloning a git skeleton. */
        @WithDefault("30S")
        Duration cloneTimeout();
    }

    interface Publish {
        /**
         * Git hosts publish:git may push to, by the host name used in {@code repoUrl}
         * ({@code git.example.com?owner=o&repo=r}): the remote is {@code <base-url>/<owner>/<repo>.git}.
         */
        Map<String, GitHost> gitHosts();

        /** Directories under which {@code file://} remotes may live (comma-separated). */
        Optional<List<String>> fileRemoteRoots();

        /** GitHub (or GitHub Enterprise) for publish:github. */
        Github github();

        /** Timeout of one push. */
        @WithDefault("60S")
        Duration pushTimeout();
    }

    interface GitHost {
        /** Base URL of the host's repositories, e.g. {@code file:///srv/git} or {@code https://git.example.com}. */
        String baseUrl();

        /** Create a missing {@code file://} bare repository on first push (dev and tests). */
        @WithDefault("false")
        boolean createRepositories();

        /** Base of the browsable URL of a repository; defaults to the remote URL. */
        Optional<String> webUrl();

        /** User name for https pushes. */
        Optional<String> username();

        /** Token or password for https pushes (never logged). */
        Optional<String> token();
    }

    interface Github {
        /** Host name in {@code repoUrl} that publish:github serves. */
        @WithDefault("github.com")
        String host();

        /** REST API base URL. */
        @WithDefault("https://api.github.com")
        String apiUrl();

        /** Token used for the REST API and the git push (never logged). */
        Optional<String> token();

        /** Timeout of one REST call. */
        @WithDefault("20S")
        Duration timeout();
    }

    interface Secrets {
        /**
         * Base64 AES key (16, 24 or 32 bytes) that encrypts secret parameters at rest. Without one, a
         * random key is made at start-up and secrets do not survive a restart.
         */
        Optional<String> key();
    }

    interface Outbox {
        /** Deliver outbox events to metrics-service from this instance. */
        @WithDefault("true")
        boolean enabled();

        /** Poll interval of the relay. */
        @WithDefault("5S")
        Duration interval();

        /** Events sent in one request. */
        @WithDefault("100")
        int batchSize();

        /** Longest wait between two attempts of an event that keeps failing. */
        @WithDefault("5M")
        Duration maxBackoff();
    }

    interface Gates {
        /** Timeout of gate:approval when the step sets none. */
        @WithDefault("7D")
        Duration defaultApprovalTimeout();

        /** Hosts gate:wait-for may poll although they resolve to private addresses. */
        Optional<List<String>> allowedHosts();

        /** Shortest poll interval gate:wait-for accepts. */
        @WithDefault("1S")
        Duration minPollInterval();
    }
}
