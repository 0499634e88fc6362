package dev.atrium.scaffolder.task;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.commons.error.ErrorBody;
import dev.atrium.commons.error.InputError;
import dev.atrium.commons.error.NotFoundError;
import dev.atrium.commons.security.AtriumUser;
import dev.atrium.commons.security.CurrentUser;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Backstage's task endpoints plus gates and the survey. */
@Path("/v2/tasks")
@Authenticated
@Tag(name = "tasks")
@Produces(MediaType.APPLICATION_JSON)
public class TaskResource {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LONG_POLL = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration MAX_STREAM = Duration.ofMinutes(30);
    private static final int EVENT_PAGE = 500;

    @Inject
    TaskService service;

    @Inject
    CurrentUser currentUser;

    @Inject
    JsonWebToken jwt;

    /** Error response of every task endpoint. */
    static final String ERROR = "Error body (DESIGN §4)";

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "scaffold", summary = "Run a template: validates the parameters and creates a task")
    @APIResponse(responseCode = "201", description = "Task created: {id}")
    @APIResponse(responseCode = "400", description = "Invalid parameters, with field errors", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "403", description = "The caller may not read the template or run an action", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "No such template", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "413", description = "Body too large", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "422", description = "The template itself is invalid (unknown action, cycle, unknown step reference)", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "503", description = "catalog-service unavailable", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Response create(@RequestBody(required = true) ScaffoldRequest request) {
        if (request == null) {
            throw new InputError("A JSON body {templateRef, values, secrets?} is required");
        }
        AtriumUser user = currentUser.get();
        UUID id = service.create(request.templateRef(), request.values(), request.secrets(), user, jwt.getRawToken());
        return Response.status(201).entity(Map.of("id", id.toString())).build();
    }

    @GET
    @Operation(operationId = "listTasks", summary = "Tasks the caller may see: their own, their teams' templates' (admins: all)")
    @APIResponse(responseCode = "200", description = "{tasks, totalTasks}")
    @APIResponse(responseCode = "400", description = "Bad filter, order or paging", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public ObjectNode list(@Parameter(description = "User entity refs, repeatable") @QueryParam("createdBy") List<String> createdBy,
            @Parameter(description = "open, processing, completed, failed or cancelled; repeatable") @QueryParam("status") List<String> status,
            @Parameter(description = "asc:created_at, desc:status, …") @QueryParam("order") String order,
            @Parameter(description = "Page size") @QueryParam("limit") Integer limit,
            @Parameter(description = "Tasks to skip") @QueryParam("offset") Integer offset) {
        return service.list(createdBy, status, order, limit, offset, currentUser.get());
    }

    @GET
    @Path("{taskId}")
    @Operation(operationId = "getTask", summary = "One task with its spec (no secrets), status, steps and output")
    @APIResponse(responseCode = "200", description = "SerializedTask")
    @APIResponse(responseCode = "400", description = "Malformed task id", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "403", description = "Someone else's task", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "No such task", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public ObjectNode get(@PathParam("taskId") String taskId) {
        return service.get(id(taskId), currentUser.get());
    }

    @GET
    @Path("{taskId}/events")
    @RunOnVirtualThread
    @Operation(operationId = "streamLogsPolling", summary = "Events after 'after'; waits up to 30 s for new ones")
    @APIResponse(responseCode = "200", description = "[SerializedTaskEvent]")
    @APIResponse(responseCode = "400", description = "Malformed id or after", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "403", description = "Someone else's task", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "No such task", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public ArrayNode events(@PathParam("taskId") String taskId, @Parameter(description = "Event id to start after") @QueryParam("after") String after)
            throws InterruptedException {
        UUID id = id(taskId);
        long from = after(after);
        AtriumUser user = currentUser.get();
        long deadline = System.nanoTime() + LONG_POLL.toNanos();
        while (true) {
            List<TaskEventEntity> events = service.events(id, from, user, EVENT_PAGE);
            if (!events.isEmpty() || System.nanoTime() > deadline) {
                ArrayNode out = JSON.createArrayNode();
                events.forEach(e -> out.add(TaskJson.event(e)));
                return out;
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    @GET
    @Path("{taskId}/eventstream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RunOnVirtualThread
    @Operation(operationId = "streamLogsEventStream", summary = "Server-sent events: existing events after 'after', then live ones until completion")
    @APIResponse(responseCode = "200", description = "text/event-stream of SerializedTaskEvent")
    @APIResponse(responseCode = "400", description = "Malformed id or after", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "403", description = "Someone else's task", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "No such task", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public void eventStream(@PathParam("taskId") String taskId, @QueryParam("after") String after,
            @Context SseEventSink sink, @Context Sse sse) throws InterruptedException {
        UUID id = id(taskId);
        long from = after(after);
        AtriumUser user = currentUser.get();
        service.readable(id, user);
        long deadline = System.nanoTime() + MAX_STREAM.toNanos();
        try (sink) {
            while (!sink.isClosed() && System.nanoTime() < deadline) {
                List<TaskEventEntity> events = service.events(id, from, user, EVENT_PAGE);
                for (TaskEventEntity e : events) {
                    OutboundSseEvent event = sse.newEventBuilder().id(String.valueOf(e.id)).name(e.type)
                            .mediaType(MediaType.TEXT_PLAIN_TYPE).data(String.class, TaskJson.event(e).toString()).build();
                    sink.send(event).toCompletableFuture().join();
                    from = e.id;
                    if ("completion".equals(e.type)) {
                        return;
                    }
                }
                if (events.isEmpty()) {
                    Thread.sleep(POLL.toMillis());
                }
            }
        } catch (java.util.concurrent.CompletionException closed) {
            // the client went away
        }
    }

    @POST
    @Path("{taskId}/cancel")
    @Operation(operationId = "cancelTask", summary = "Cancel a task; a running step is stopped at its next check")
    @APIResponse(responseCode = "200", description = "{status: cancelled}")
    @APIResponse(responseCode = "400", description = "Malformed task id", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "403", description = "Someone else's task", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "No such task", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "409", description = "The task has already finished", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Map<String, String> cancel(@PathParam("taskId") String taskId) {
        service.cancel(id(taskId), currentUser.get());
        return Map.of("status", "cancelled");
    }

    /** Optional body of a retry. */
    @Schema(description = "Retry options")
    public record RetryRequest(@Schema(description = "Secrets to use for the rerun") Map<String, String> secrets) {
    }

    @POST
    @Path("{taskId}/retry")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "retry", summary = "Run a failed or cancelled task again from the step that did not finish")
    @APIResponse(responseCode = "201", description = "{id}")
    @APIResponse(responseCode = "400", description = "Malformed task id or body", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "403", description = "Not the task's creator", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "No such task", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "409", description = "The task has not failed", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Response retry(@PathParam("taskId") String taskId, RetryRequest body) {
        UUID id = id(taskId);
        service.retry(id, currentUser.get(), body == null ? null : body.secrets(), jwt.getRawToken());
        return Response.status(201).entity(Map.of("id", id.toString())).build();
    }

    /** Body of a gate decision. */
    @Schema(description = "A gate decision")
    public record Decision(@Schema(description = "Why") String comment) {
    }

    @POST
    @Path("{taskId}/steps/{stepId}/approve")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "approveStep", summary = "Approve a waiting gate:approval step (members of its approver group, platform admins)")
    @APIResponse(responseCode = "200", description = "{status: approved}")
    @APIResponse(responseCode = "400", description = "Not a gate step", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "403", description = "Not an approver", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "No such task or step", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "409", description = "The step is not waiting or was decided", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Map<String, String> approve(@PathParam("taskId") String taskId, @PathParam("stepId") String stepId, Decision body) {
        service.decide(id(taskId), stepId, true, body == null ? null : body.comment(), currentUser.get());
        return Map.of("status", "approved");
    }

    @POST
    @Path("{taskId}/steps/{stepId}/reject")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "rejectStep", summary = "Reject a waiting gate:approval step; the task fails")
    @APIResponse(responseCode = "200", description = "{status: rejected}")
    @APIResponse(responseCode = "400", description = "Not a gate step", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "403", description = "Not an approver", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "No such task or step", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "409", description = "The step is not waiting or was decided", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Map<String, String> reject(@PathParam("taskId") String taskId, @PathParam("stepId") String stepId, Decision body) {
        service.decide(id(taskId), stepId, false, body == null ? null : body.comment(), currentUser.get());
        return Map.of("status", "rejected");
    }

    /** Body of the survey. */
    @Schema(description = "Did this template do what you expected? What would make it better?")
    public record SurveyAnswer(@Schema(required = true) Boolean expected, @Schema(description = "May be empty") String improvement) {
    }

    @POST
    @Path("{taskId}/survey")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "answerSurvey", summary = "Answer the two-question survey of a completed task (once)")
    @APIResponse(responseCode = "201", description = "Recorded; sent to metrics-service through the outbox")
    @APIResponse(responseCode = "400", description = "Missing or invalid answer", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "403", description = "Not the task's creator", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "No such task", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "409", description = "Not completed, or already answered", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Response survey(@PathParam("taskId") String taskId, SurveyAnswer body) {
        UUID id = id(taskId);
        if (body == null) {
            throw new InputError("A JSON body {expected, improvement} is required");
        }
        service.survey(id, body.expected(), body.improvement(), currentUser.get());
        return Response.status(201).entity(Map.of("status", "recorded")).build();
    }

    static UUID id(String taskId) {
        try {
            return UUID.fromString(taskId);
        } catch (IllegalArgumentException e) {
            throw new NotFoundError("Task with id " + taskId + " does not exist");
        }
    }

    static long after(String after) {
        if (after == null || after.isBlank()) {
            return 0;
        }
        try {
            return Long.parseLong(after.trim());
        } catch (NumberFormatException e) {
            throw new InputError("after must be an event id (a number)");
        }
    }
}
