package dev.atrium.scaffolder.action;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.commons.security.AtriumUser;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** What an action may use while it runs: its workspace, a log, the caller and the task's secrets. */
public interface ActionContext {

    /** Id of the task (a random id for direct invocations and dry runs). */
    String taskId();

    /** Id of the step, or {@code invoke} for direct invocations. */
    String stepId();

    /** The task's working directory; relative paths of an action resolve here. */
    Path workspace();

    /** Appends a line to the task log (secrets are redacted before it is stored). */
    void log(String message);

    /** The user the task runs for. */
    AtriumUser user();

    /** The user's bearer token, for calls to other services on their behalf. */
    Optional<String> userToken();

    /** Secret values of the task ({@code secrets.x} in templates). */
    Map<String, String> secrets();

    /** True in dry runs: no side effects outside the workspace. */
    boolean dryRun();

    /**
     * Location key of the template ({@code file:/…/templates.yaml}, {@code url:https://…}), used to
     * resolve relative skeleton URLs; empty for direct invocations.
     */
    Optional<String> templateLocation();

    /** Entity ref of the template, if any. */
    Optional<String> templateRef();

    /** True once the task has been cancelled; long-running actions should return early. */
    boolean cancelled();

    /** State a waiting gate step stored on its previous run, or null on the first run. */
    JsonNode gateState();

    /** A decision recorded for this (gate) step through the REST API, or null. */
    JsonNode gateDecision();
}
