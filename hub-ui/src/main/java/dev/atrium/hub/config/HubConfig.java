package dev.atrium.hub.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the hub ({@code atrium.hub.*}); every key is listed in the module README. */
@ConfigMapping(prefix = "atrium.hub")
public interface HubConfig {

    /** Cookies, CSRF and response headers. */
    Security security();

    /** Page sizes and bounds on what a page asks the services for. */
    Pages pages();

    /** Page views, searches and result clicks sent to metrics-service. */
    Events events();

    interface Security {
        /** Mark the hub's own cookies {@code Secure}; only a plain-HTTP deployment without TLS anywhere turns this off. */
        @WithDefault("true")
        boolean secureCookies();

        /** Name of the CSRF cookie (double-submit, HMAC-bound to the signed-in user). */
        @WithDefault("hub_csrf")
        String csrfCookie();

        /**
         * Key of the CSRF token HMAC; at least 32 characters. Defaults to a value derived from the
         * client secret, so replicas agree without another secret to distribute.
         */
        String csrfKey();

        /** Extra origins allowed as form targets in the CSP besides the hub and the IdP (space-separated). */
        Optional<String> extraFormActions();
    }

    interface Pages {
        /** Results per catalog search page. */
        @WithDefault("20")
        int searchPageSize();

        /** Most options an OwnerPicker or EntityPicker lists. */
        @WithDefault("200")
        int pickerLimit();

        /** Catalog history events read for What's New. */
        @WithDefault("100")
        int historyScan();

        /** What's New items shown on the hub page. */
        @WithDefault("8")
        int whatsNewItems();

        /** Longest catalog search term accepted. */
        @WithDefault("200")
        int maxQueryLength();

        /** Longest time a page waits for all of its service calls together. */
        @WithDefault("6S")
        Duration fetchBudget();

        /** Longest wait for a task's log when the page opens (the scaffolder holds the call while a task has no events yet). */
        @WithDefault("1500MS")
        Duration logWait();
    }

    interface Events {
        /** Send page views, searches and result clicks at all. */
        @WithDefault("true")
        boolean enabled();

        /** Events kept in memory while metrics-service is slow or down; the oldest are dropped beyond this. */
        @WithDefault("10000")
        int bufferSize();

        /** Events per POST (the metrics API takes up to 1000). */
        @WithDefault("500")
        int batchSize();

        /** How often buffered events are sent. */
        @WithDefault("2S")
        Duration flushInterval();

        /** Delay before the first retry of a failed batch; doubles up to {@link #maxBackoff()}. */
        @WithDefault("2S")
        Duration initialBackoff();

        /** Longest delay between retries. */
        @WithDefault("60S")
        Duration maxBackoff();
    }
}
