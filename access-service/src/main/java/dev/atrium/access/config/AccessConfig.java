package dev.atrium.access.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Configuration of the access service ({@code atrium.access.*}); every key is listed in the module README. */
@ConfigMapping(prefix = "atrium.access")
public interface AccessConfig {

    /** Approval rules by access tier. */
    Policy policy();

    /** Limits on access requests. */
    Requests requests();

    /** API keys and their verification cache. */
    Keys keys();

    /** The provisioning outbox and its adapters. */
    Provisioning provisioning();

    /** Token usage reports. */
    Usage usage();

    /** Periodic re-approval of active grants. */
    Recertification recertification();

    /** Model status probes. */
    Status status();

    /** Events sent to metrics-service. */
    Events events();

    /** The forward-auth endpoint gateways call. */
    @WithName("forward-auth")
    ForwardAuth forwardAuth();

    /** Approval thresholds (DESIGN §7). */
    interface Policy {
        /**
         * Largest expected monthly token volume a {@code standard}-tier model grants without the owner's
         * approval; above it the model's owner group must approve.
         */
        @WithDefault("1000000")
        long standardAutoApproveMaxMonthlyTokens();
    }

    /** Bounds on what a request may ask for. */
    interface Requests {
        /** Largest expected monthly token volume accepted in a request. */
        @WithDefault("10000000000")
        long maxExpectedMonthlyTokens();

        /** Longest use-case text accepted. */
        @WithDefault("2000")
        int maxUseCaseLength();

        /** Longest decision reason accepted. */
        @WithDefault("1000")
        int maxReasonLength();
    }

    /** API keys. */
    interface Keys {
        /**
         * Server pepper for the keyed hash (HMAC-SHA-256) of API keys; at least 32 characters. Either this or
         * {@code pepper-file} must be set.
         */
        Optional<String> pepper();

        /** File holding the pepper (e.g. a mounted Kubernetes secret). */
        Optional<String> pepperFile();

        /** Lifetime of a key when none is asked for, and of keys issued by provisioning. */
        @WithDefault("90D")
        Duration defaultTtl();

        /** Longest lifetime a key may be given. */
        @WithDefault("365D")
        Duration maxTtl();

        /** Most live keys one team may hold. */
        @WithDefault("200")
        int maxLiveKeysPerTeam();

        /** How often the expiry job marks expired keys (verification checks the expiry itself, always). */
        @WithDefault("60S")
        Duration expiryInterval();

        /** The verification cache. */
        Cache cache();

        /** Verification cache settings. */
        interface Cache {
            /** Most keys (including unknown ones) held. */
            @WithDefault("100000")
            int maxEntries();

            /** Age after which a cached key is re-read in the background while the old value is still served. */
            @WithDefault("250MS")
            Duration refreshAfter();

            /**
             * Hard bound on how old a cached key may be. Database notifications invalidate a changed key at once;
             * this bounds staleness when notifications are lost (listener reconnecting).
             */
            @WithDefault("1S")
            Duration maxStaleness();
        }
    }

    /** Provisioning. */
    interface Provisioning {
        /** Idle poll of the outbox; approvals also wake the worker at once. */
        @WithDefault("1S")
        Duration pollInterval();

        /** Jobs this instance runs side by side. */
        @WithDefault("4")
        int concurrency();

        /** How long a claimed job stays away from other instances if this one dies while running it. */
        @WithDefault("2M")
        Duration lease();

        /** First retry delay after a failed step; doubles with every failure (±20 % jitter). */
        @WithDefault("1S")
        Duration backoffInitial();

        /** Longest retry delay. */
        @WithDefault("5M")
        Duration backoffMax();

        /** Failed attempts after which a job gives up and the request becomes FAILED. */
        @WithDefault("40")
        int maxAttempts();

        /** Identity-provider group membership (step 1). */
        Identity identity();

        /** Where API keys are delivered (step 2). */
        Secrets secrets();

        /** The compliance ticket (step 3). */
        Tickets tickets();
    }

    /** Identity-provider adapter. */
    interface Identity {
        /** {@code keycloak} or {@code disabled} (no group membership is managed). */
        @WithDefault("disabled")
        String type();

        /** Keycloak admin REST adapter. */
        Keycloak keycloak();
    }

    /** Keycloak admin REST settings. */
    interface Keycloak {
        /** Base URL of Keycloak, e.g. {@code http://localhost:8180}. */
        Optional<String> url();

        /** Realm whose groups are managed. */
        @WithDefault("atrium")
        String realm();

        /** Client with a service account holding realm-management view-users, manage-users and query-groups. */
        @WithDefault("access-service")
        String clientId();

        /** Secret of that client. */
        Optional<String> clientSecret();

        /** Name prefix of the per-model access groups ({@code <prefix><model name>}). */
        @WithDefault("ai-access-")
        String groupPrefix();

        /** Timeout of each admin call. */
        @WithDefault("5S")
        Duration timeout();
    }

    /** Secrets-store adapter. */
    interface Secrets {
        /** {@code builtin} (AES-GCM in this service's database) or {@code vault} (HashiCorp Vault KV v2). */
        @WithDefault("builtin")
        String type();

        /** Built-in store. */
        Builtin builtin();

        /** Vault KV v2. */
        Vault vault();
    }

    /** Built-in AES-256-GCM store. */
    interface Builtin {
        /** Base64 of a 32-byte AES key. Either this or {@code key-file} must be set when the built-in store is used. */
        Optional<String> key();

        /** File holding the base64 key. */
        Optional<String> keyFile();
    }

    /** HashiCorp Vault KV version 2. */
    interface Vault {
        /** Vault address, e.g. {@code https://vault.example.com:8200}. */
        Optional<String> url();

        /** Vault token. Either this or {@code token-file} must be set when Vault is used. */
        Optional<String> token();

        /** File holding the token (e.g. written by the Vault agent). */
        Optional<String> tokenFile();

        /** KV v2 mount. */
        @WithDefault("secret")
        String mount();

        /** Path under the mount; keys go to {@code <prefix>/<team>/<key id>}. */
        @WithDefault("atrium/ai-access")
        String pathPrefix();

        /** Vault Enterprise namespace, if any. */
        Optional<String> namespace();

        /** Timeout of each call. */
        @WithDefault("5S")
        Duration timeout();
    }

    /** ITSM adapter. */
    interface Tickets {
        /** {@code log} (built-in ticket log), {@code webhook} or {@code jira}. */
        @WithDefault("log")
        String type();

        /** Generic webhook. */
        Webhook webhook();

        /** Jira REST (v2 API). */
        Jira jira();
    }

    /** Generic ticket webhook: one JSON POST per ticket with an {@code Idempotency-Key} header. */
    interface Webhook {
        /** URL to POST to. */
        Optional<String> url();

        /** Value of the Authorization header, if the receiver needs one. */
        Optional<String> authorization();

        /** Timeout of each call. */
        @WithDefault("5S")
        Duration timeout();
    }

    /** Jira settings. */
    interface Jira {
        /** Base URL, e.g. {@code https://jira.example.com}. */
        Optional<String> url();

        /** Project key tickets are opened in. */
        @WithDefault("ACCESS")
        String projectKey();

        /** Issue type. */
        @WithDefault("Task")
        String issueType();

        /** User for basic authentication (Jira Cloud: the account e-mail). */
        Optional<String> user();

        /** API token (with {@code user}) or personal access token (alone, sent as Bearer). */
        Optional<String> token();

        /** Timeout of each call. */
        @WithDefault("5S")
        Duration timeout();
    }

    /** Usage reports. */
    interface Usage {
        /** Most records in one POST /usage. */
        @WithDefault("1000")
        int maxBatch();

        /** Oldest usage time accepted. */
        @WithDefault("35D")
        Duration maxAge();

        /** How far in the future a usage time may be (clock skew). */
        @WithDefault("5M")
        Duration maxFutureSkew();

        /** Longest period one GET /usage may cover. */
        @WithDefault("400D")
        Duration maxQueryPeriod();
    }

    /** Recertification. */
    interface Recertification {
        /** Age (since activation or the last confirmation) after which a grant must be re-approved by its model's owner. */
        @WithDefault("90D")
        Duration maxAge();

        /** Time the owner has to confirm a due grant before it expires. */
        @WithDefault("14D")
        Duration grace();

        /** How often due and overdue grants are looked for. */
        @WithDefault("1H")
        Duration interval();
    }

    /** Model status. */
    interface Status {
        /** Whether this instance probes models. */
        @WithDefault("true")
        boolean probesEnabled();

        /** How often every model's health URL is probed. */
        @WithDefault("60S")
        Duration probeInterval();

        /** Timeout of one probe. */
        @WithDefault("5S")
        Duration probeTimeout();

        /** A probe answering slower than this counts as degraded. */
        @WithDefault("2S")
        Duration degradedLatency();

        /** Consecutive failed or slow probes before a model is reported degraded. */
        @WithDefault("2")
        int failuresBeforeDegraded();

        /** Most models probed per round. */
        @WithDefault("500")
        int maxModels();
    }

    /** Metrics events. */
    interface Events {
        /** Whether events are relayed (they are always written to the outbox). */
        @WithDefault("true")
        boolean relayEnabled();

        /** How often the outbox is relayed. */
        @WithDefault("2S")
        Duration relayInterval();

        /** Events per POST. */
        @WithDefault("100")
        int batchSize();

        /** First retry delay after a failed delivery (doubles, capped by {@code backoff-max}). */
        @WithDefault("2S")
        Duration backoffInitial();

        /** Longest retry delay. */
        @WithDefault("5M")
        Duration backoffMax();

        /** How long delivered events are kept. */
        @WithDefault("7D")
        Duration retention();
    }

    /** Forward auth (NGINX auth_request, Traefik ForwardAuth, Envoy ext_authz HTTP). */
    interface ForwardAuth {
        /** Header naming the model. */
        @WithDefault("X-Atrium-Model")
        String modelHeader();

        /** Headers that may carry the original request URI, first present wins. */
        @WithDefault("X-Original-URI,X-Forwarded-Uri,X-Envoy-Original-Path")
        List<String> uriHeaders();

        /** Regular expression whose first group is the model name, searched in the original URI (or the path after /forward-auth). */
        @WithDefault("/models/([A-Za-z0-9._-]+)")
        String modelPathPattern();
    }
}
