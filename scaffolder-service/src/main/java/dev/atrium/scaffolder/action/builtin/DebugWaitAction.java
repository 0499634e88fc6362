package dev.atrium.scaffolder.action.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.commons.error.InputError;
import dev.atrium.scaffolder.action.ActionContext;
import dev.atrium.scaffolder.action.ActionResult;
import dev.atrium.scaffolder.action.ScaffolderAction;
import dev.atrium.scaffolder.config.ScaffolderConfig;
import dev.atrium.scaffolder.schema.SchemaValidator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

/** {@code debug:wait}: waits for a while (at most the step timeout), returning early when the task is cancelled. */
@ApplicationScoped
public class DebugWaitAction implements ScaffolderAction {
    private static final long TICK_MILLIS = 50;

    @Inject
    ScaffolderConfig config;

    @Override
    public String id() {
        return "debug:wait";
    }

    @Override
    public String description() {
        return "Waits for the given time; returns early when the task is cancelled.";
    }

    @Override
    public JsonNode inputSchema() {
        return SchemaValidator.parse("""
                {"type":"object","additionalProperties":false,"properties":{
                  "minutes":{"type":"number","minimum":0},"seconds":{"type":"number","minimum":0},
                  "milliseconds":{"type":"number","minimum":0}}}""");
    }

    @Override
    public JsonNode outputSchema() {
        return SchemaValidator.parse("{\"type\":\"object\"}");
    }

    @Override
    public String permission() {
        return "scaffolder.action.execute";
    }

    @Override
    public String idempotency() {
        return "Idempotent: waiting again has no other effect.";
    }

    @Override
    public boolean idempotent() {
        return true;
    }

    @Override
    public boolean readOnly() {
        return true;
    }

    @Override
    public boolean supportsDryRun() {
        return true;
    }

    @Override
    public ActionResult execute(ActionContext context, JsonNode input) throws InterruptedException {
        long millis = (long) (input.path("minutes").asDouble(0) * 60_000 + input.path("seconds").asDouble(0) * 1000
                + input.path("milliseconds").asDouble(0));
        Duration max = config.limits().stepTimeout();
        if (millis > max.toMillis()) {
            throw new InputError("debug:wait may wait at most " + max.toSeconds() + " seconds");
        }
        if (context.dryRun()) {
            context.log("Dry run: not waiting " + millis + " ms");
            return ActionResult.done();
        }
        context.log("Waiting " + millis + " ms");
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            if (context.cancelled()) {
                context.log("Wait ended early: the task was cancelled");
                return ActionResult.done();
            }
            Thread.sleep(Math.min(TICK_MILLIS, Math.max(1, end - System.currentTimeMillis())));
        }
        return ActionResult.done();
    }
}
