package dev.atrium.scaffolder.action;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.commons.security.AtriumUser;
import java.util.List;

/**
 * One scaffolder action: a CDI bean with an id, input and output JSON Schemas and a permission.
 * The same bean serves templates, {@code POST /v2/actions/{id}/invoke}, the CLI and MCP tools.
 */
public interface ScaffolderAction {

    /** Backstage-style id, e.g. {@code fetch:template}. */
    String id();

    String description();

    /** JSON Schema of the input, checked after expressions are rendered. */
    JsonNode inputSchema();

    /** JSON Schema of the output. */
    JsonNode outputSchema();

    /** Name of the permission this action needs, shown in the registry (e.g. {@code catalog.location.create}). */
    String permission();

    /**
     * Refuses the call with a {@code NotAllowedError} when {@code user} may not run this action
     * with this input. Runs inside templates and for direct invocation alike.
     */
    default void authorize(AtriumUser user, JsonNode input) {
    }

    /** What happens when the action runs twice with the same input (shown in the registry). */
    String idempotency();

    /** True when running it again with the same input is safe: an interrupted step is re-run, not failed. */
    boolean idempotent();

    /** True when the action only reads. */
    default boolean readOnly() {
        return false;
    }

    /** True when the action does its work in dry runs; otherwise dry runs skip it and report example output. */
    default boolean supportsDryRun() {
        return false;
    }

    /** Usage examples for the registry. */
    default List<ActionExample> examples() {
        return List.of();
    }

    /** Runs the action. Throw {@code InputError} for bad input, any other exception for a failure. */
    ActionResult execute(ActionContext context, JsonNode input) throws Exception;

    /** One example in the registry's Backstage shape. */
    record ActionExample(String description, String example) {
    }
}
