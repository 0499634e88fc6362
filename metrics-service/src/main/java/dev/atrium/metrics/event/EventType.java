package dev.atrium.metrics.event;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The event types metrics-service accepts, with the attributes each must carry (the event contract
 * between the services). {@link EventValidator} checks them.
 */
public enum EventType {
    PAGE_VIEWED("page.viewed", true, List.of(Attr.text("path"))),
    SEARCH_PERFORMED("search.performed", true, List.of(Attr.text("searchId"), Attr.anyText("query"))),
    SEARCH_RESULT_CLICKED("search.result.clicked", true,
            List.of(Attr.text("searchId"), Attr.text("entityRef"), Attr.count("rank"))),
    TASK_FINISHED("task.finished", true, List.of(Attr.text("taskId"), Attr.text("template"),
            Attr.text("templateOwner"), Attr.text("workflow"), Attr.oneOf("status", "completed", "failed", "cancelled"),
            Attr.count("durationMs"))),
    /** Attributes depend on {@code survey}; {@link EventValidator} checks the two shapes. */
    SURVEY_ANSWERED("survey.answered", true, List.of(Attr.oneOf("survey", "template", "discovery"))),
    ACCESS_PROVISIONED("access.provisioned", true, List.of(Attr.text("requestId"), Attr.text("model"),
            Attr.text("tier"), Attr.text("workflow"), Attr.count("durationMs"))),
    TICKET_OPENED("ticket.opened", false, List.of(Attr.text("workflow"), Attr.text("ticketId"), Attr.text("source"))),
    ENGINEER_STARTED("engineer.started", true, List.of(Attr.date("startDate"))),
    PR_MERGED("pr.merged", false, List.of(Attr.text("repository"), Attr.count("number"), Attr.text("author"),
            Attr.instant("mergedAt"))),
    DEPLOYMENT_CREATED("deployment.created", false, List.of(Attr.text("deploymentId"), Attr.text("service"),
            Attr.text("environment"))),
    DEPLOYMENT_FINISHED("deployment.finished", false, List.of(Attr.text("deploymentId"), Attr.text("service"),
            Attr.text("environment"), Attr.oneOf("status", "success", "failure"))),
    INCIDENT_OPENED("incident.opened", false, List.of(Attr.text("incidentId"), Attr.text("service"))),
    INCIDENT_RESOLVED("incident.resolved", false, List.of(Attr.text("incidentId"), Attr.text("service")));

    private static final Map<String, EventType> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toMap(EventType::wireName, Function.identity()));

    private final String wireName;
    private final boolean actorRequired;
    private final List<Attr> required;

    EventType(String wireName, boolean actorRequired, List<Attr> required) {
        this.wireName = wireName;
        this.actorRequired = actorRequired;
        this.required = required;
    }

    public String wireName() {
        return wireName;
    }

    public boolean actorRequired() {
        return actorRequired;
    }

    List<Attr> required() {
        return required;
    }

    public static Optional<EventType> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** Names of every accepted type, for error messages and the API docs. */
    public static String names() {
        return Arrays.stream(values()).map(EventType::wireName).collect(Collectors.joining(", "));
    }

    /** One required attribute and the shape its value must have. */
    record Attr(String name, Kind kind, List<String> allowed) {
        enum Kind { TEXT, ANY_TEXT, COUNT, BOOLEAN, DATE, INSTANT, ONE_OF, URL }

        static Attr text(String name) {
            return new Attr(name, Kind.TEXT, List.of());
        }

        static Attr anyText(String name) {
            return new Attr(name, Kind.ANY_TEXT, List.of());
        }

        static Attr count(String name) {
            return new Attr(name, Kind.COUNT, List.of());
        }

        static Attr bool(String name) {
            return new Attr(name, Kind.BOOLEAN, List.of());
        }

        static Attr date(String name) {
            return new Attr(name, Kind.DATE, List.of());
        }

        static Attr instant(String name) {
            return new Attr(name, Kind.INSTANT, List.of());
        }

        static Attr url(String name) {
            return new Attr(name, Kind.URL, List.of());
        }

        static Attr oneOf(String name, String... values) {
            return new Attr(name, Kind.ONE_OF, List.of(values));
        }
    }
}
