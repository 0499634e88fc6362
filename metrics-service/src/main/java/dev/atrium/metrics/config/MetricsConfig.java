package dev.atrium.metrics.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every setting of the metrics service ({@code atrium.metrics.*}); each key documents itself here. */
@ConfigMapping(prefix = "atrium.metrics")
public interface MetricsConfig {

    Ingest ingest();

    Rollup rollup();

    Query query();

    Adoption adoption();

    Ttfc ttfc();

    Discovery discovery();

    Dora dora();

    Catalog catalog();

    Engineers engineers();

    Webhooks webhooks();

    Chat chat();

    Prometheus prometheus();

    /** Event ingestion limits. */
    interface Ingest {
        /** Most events in one {@code POST /events} batch (the contract says 1000); more is 413. */
        @WithDefault("1000")
        int maxBatch();

        /** How far in the future an event's time may be (sender clocks drift); beyond is 400. */
        @WithDefault("5M")
        Duration maxClockSkew();

        /** How old an event may be; older is 400 (bounds how far back a late event reaches). */
        @WithDefault("P1100D")
        Duration maxAge();

        /** Longest id, actor, team or attribute string. */
        @WithDefault("4000")
        int maxStringLength();

        /** Most attributes on one event. */
        @WithDefault("50")
        int maxAttributes();
    }

    /** Weekly rollups recomputed for dirty weeks. */
    interface Rollup {
        /** How often dirty weeks are recomputed in the background ({@code off} disables; reads catch up anyway). */
        @WithDefault("10s")
        String interval();

        /** Most weeks recomputed in one pass. */
        @WithDefault("16")
        int weeksPerPass();
    }

    /** Metric queries. */
    interface Query {
        /** Range when {@code from} is not given: this long before {@code to}. */
        @WithDefault("P84D")
        Duration defaultRange();

        /** Longest range one query may ask for; longer is 400. */
        @WithDefault("P800D")
        Duration maxRange();
    }

    /** Portal adoption. */
    interface Adoption {
        /** Target rate; weeks below it are flagged. */
        @WithDefault("0.6")
        double target();

        /** Event types that count as using the portal. */
        @WithDefault("page.viewed,search.performed,search.result.clicked,task.finished,survey.answered")
        List<String> activeTypes();
    }

    /** Time to first contribution. */
    interface Ttfc {
        /** Target line in days. */
        @WithDefault("3")
        double targetDays();

        /** Cohorts smaller than this show counts only (no median) to anyone but platform admins. */
        @WithDefault("3")
        int minCohort();
    }

    /** Tool discovery. */
    interface Discovery {
        /** A click later than this after its search does not count as finding the result. */
        @WithDefault("30M")
        Duration maxClickDelay();
    }

    /** DORA metrics. */
    interface Dora {
        /** Environments whose deployments count. */
        @WithDefault("production,prod")
        List<String> productionEnvironments();

        /** For a service's first known deployment, changes merged this long before it count toward lead time. */
        @WithDefault("P30D")
        Duration leadTimeLookback();
    }

    /** Reading users and components from the catalog. */
    interface Catalog {
        /** How often users (start dates) and components are read ({@code off} disables). */
        @WithDefault("15m")
        String syncInterval();

        /** Entities per catalog page. */
        @WithDefault("500")
        int pageSize();

        /** Most entities of one kind read in one sync (bounds a runaway catalog). */
        @WithDefault("200000")
        int maxEntities();

        /** User annotation holding the start date (YYYY-MM-DD). */
        @WithDefault("atrium.dev/start-date")
        String startDateAnnotation();

        /** User annotations holding SCM logins, first found wins. */
        @WithDefault("github.com/user-login,gitlab.com/user-login")
        List<String> scmLoginAnnotations();

        /** Component annotations naming the repository, first found wins. */
        @WithDefault("github.com/project-slug,gitlab.com/project-slug")
        List<String> repositoryAnnotations();
    }

    /** The HR import. */
    interface Engineers {
        /** Most data rows in one CSV import. */
        @WithDefault("10000")
        int importMaxRows();
    }

    /** SCM webhook secrets (never logged). An unset secret refuses every delivery. */
    interface Webhooks {
        Github github();

        Gitlab gitlab();

        /** GitHub. */
        interface Github {
            /** Secret of the webhook, for X-Hub-Signature-256 (env ATRIUM_METRICS_GITHUB_WEBHOOK_SECRET). */
            Optional<String> secret();
        }

        /** GitLab. */
        interface Gitlab {
            /** Secret token of the webhook, compared with X-Gitlab-Token (env ATRIUM_METRICS_GITLAB_WEBHOOK_TOKEN). */
            Optional<String> token();
        }
    }

    /** Template feedback posted to chat incoming webhooks (Slack format; Mattermost accepts it). */
    interface Chat {
        /** Incoming webhooks by name; a webhook without url is off. The URLs are secrets and never logged. */
        Map<String, ChatWebhook> webhooks();

        /** How often the outbox relay runs ({@code off} disables). */
        @WithDefault("5s")
        String relayInterval();

        /** When the daily digest of yesterday's answers is queued (Quartz cron, UTC; {@code off} disables). */
        @WithDefault("0 0 8 * * ?")
        String digestCron();

        /** Delay before the first retry; doubles per attempt. */
        @WithDefault("10S")
        Duration backoffBase();

        /** Longest delay between retries (retries never stop: no answer is dropped). */
        @WithDefault("15M")
        Duration backoffMax();

        /** Connect and read timeout of one post. */
        @WithDefault("10S")
        Duration timeout();

        /** Rows one relay pass delivers. */
        @WithDefault("50")
        int batchSize();

        /** How long a row claimed by a relay pass stays away from other instances. */
        @WithDefault("2M")
        Duration lease();

        /** Improvement comments quoted per template in the daily digest. */
        @WithDefault("3")
        int digestComments();

        /** One incoming webhook. */
        interface ChatWebhook {
            /** Incoming-webhook URL. */
            Optional<String> url();

            /** Only answers for templates owned by one of these groups (empty: all templates). */
            Optional<List<String>> owners();
        }
    }

    /** Prometheus gauges at /q/metrics. */
    interface Prometheus {
        /** How often the gauges are recomputed ({@code off} disables). */
        @WithDefault("60s")
        String refreshInterval();

        /** Teams with their own label value (largest first); the rest are "other". */
        @WithDefault("20")
        int maxTeams();

        /** Workflows with their own label value (busiest first); the rest are "other". */
        @WithDefault("10")
        int maxWorkflows();
    }
}
