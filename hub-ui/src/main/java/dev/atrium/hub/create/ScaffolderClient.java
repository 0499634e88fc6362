package dev.atrium.hub.create;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.hub.catalog.EntityRef;
import dev.atrium.hub.web.Fetched;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.client.SseEvent;

/** The hub's one way into scaffolder-service: typed results, the user's token propagated, failures as problems. */
@ApplicationScoped
public class ScaffolderClient {
    public static final String SERVICE = "The scaffolder";

    @Inject
    @RestClient
    ScaffolderApi api;

    @Inject
    @RestClient
    ScaffolderEventsApi events;

    public Fetched<SchemaForm> form(EntityRef template) {
        return Fetched.call(SERVICE, () -> SchemaForm.parse(api.parameterSchema(template.namespace(), template.kind(), template.name())));
    }

    /** Starts a task; its id, or the scaffolder's field errors. */
    public Fetched<String> start(EntityRef template, ObjectNode values) {
        return Fetched.call(SERVICE, () -> {
            ObjectNode body = SchemaForm.JSON.createObjectNode();
            body.put("templateRef", template.toString());
            body.set("values", values);
            return api.createTask(body).path("id").asText();
        });
    }

    /** The task without its log (status, steps, output). */
    public Fetched<Task> task(String id) {
        return Fetched.call(SERVICE, () -> Task.from(api.task(id), List.of()));
    }

    /** The task's raw JSON. */
    public Fetched<JsonNode> taskJson(String id) {
        return Fetched.call(SERVICE, () -> api.task(id));
    }

    /**
     * The task's events so far. The scaffolder long-polls this endpoint while a task has none yet, so
     * callers wait for it only briefly (the live stream brings the first lines anyway).
     */
    public Fetched<List<JsonNode>> events(String id) {
        return Fetched.call(SERVICE, () -> {
            List<JsonNode> ev = api.events(id, null);
            return ev == null ? List.<JsonNode>of() : ev;
        });
    }

    /** The caller's latest tasks (newest first). */
    public Fetched<List<Task>> recent(String userRef, int limit) {
        return Fetched.call(SERVICE, () -> {
            JsonNode r = api.tasks(userRef, limit, "desc:created_at");
            List<Task> out = new ArrayList<>();
            r.path("tasks").forEach(t -> out.add(Task.from(t, List.of())));
            return out;
        });
    }

    public Fetched<Boolean> survey(String taskId, boolean expected, String improvement) {
        return Fetched.call(SERVICE, () -> {
            ObjectNode body = SchemaForm.JSON.createObjectNode();
            body.put("expected", expected);
            body.put("improvement", improvement);
            api.survey(taskId, body);
            return true;
        });
    }

    /** The live event stream of a task after event {@code after}. */
    public Multi<SseEvent<String>> stream(String taskId, Long after) {
        return events.stream(taskId, after);
    }
}
