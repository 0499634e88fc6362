package dev.atrium.hub.create;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atrium.hub.catalog.CatalogClient;
import dev.atrium.hub.catalog.CatalogEntity;
import dev.atrium.hub.catalog.EntityRef;
import dev.atrium.hub.config.HubConfig;
import dev.atrium.hub.web.BadInput;
import dev.atrium.hub.web.Fetched;
import dev.atrium.hub.web.FormParams;
import dev.atrium.hub.web.PageContext;
import dev.atrium.hub.web.Pages;
import dev.atrium.hub.web.Parallel;
import dev.atrium.hub.web.Problem;
import dev.atrium.hub.web.Section;
import dev.atrium.hub.web.Viewer;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Multi;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.core.Context;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.client.SseEvent;

/** The Create pages: golden-path templates, the generated parameter form, the live task and its survey. */
@Path("/create")
@Produces(MediaType.TEXT_HTML)
@Tag(name = "Create")
public class CreateResource {
    private static final Pattern TASK_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_TEMPLATES = 200;
    static final int RECENT_TASKS = 5;
    static final int MAX_IMPROVEMENT = 2000;

    @Inject
    CatalogClient catalog;

    @Inject
    ScaffolderClient scaffolder;

    @Inject
    Pages pages;

    @Inject
    Viewer viewer;

    @Inject
    Parallel parallel;

    @Inject
    HubConfig config;

    @Context
    Sse sse;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance templates(PageContext page, Fetched<List<CatalogEntity>> templates, Fetched<List<Task>> recent);

        static native TemplateInstance form(PageContext page, TemplateFormView view);

        static native TemplateInstance task(PageContext page, TaskView view);

        static native TemplateInstance task$outcome(PageContext page, TaskView view);

        static native TemplateInstance logLine(Task.LogLine line);

        static native TemplateInstance stepBadge(Task.Step step);

        static native TemplateInstance statusBadge(Task task);

        static native TemplateInstance unavailable(PageContext page, Problem problem, String what);
    }

    @GET
    @Operation(hidden = true)
    @RunOnVirtualThread
    public Response templates() {
        Future<Fetched<List<CatalogEntity>>> list = parallel.submit(() -> catalog.find(List.of("kind=template"), MAX_TEMPLATES));
        Future<Fetched<List<Task>>> recent = parallel.submit(() -> scaffolder.recent("user:default/" + viewer.username(), RECENT_TASKS));
        Fetched<List<CatalogEntity>> templates = parallel.join(list, CatalogClient.SERVICE);
        PageContext page = pages.context("Create", Section.CREATE);
        return Response.status(templates.failed() ? templates.problem().pageStatus() : 200)
                .entity(Templates.templates(page, templates, parallel.join(recent, ScaffolderClient.SERVICE))).build();
    }

    @GET
    @Path("{namespace}/{name}")
    @Operation(hidden = true)
    @RunOnVirtualThread
    public Response form(@PathParam("namespace") String namespace, @PathParam("name") String name) {
        EntityRef ref = templateRef(namespace, name);
        Fetched<CatalogEntity> template = catalog.entity(ref);
        if (template.failed()) {
            return unavailable(template.problem(), "Template");
        }
        Fetched<SchemaForm> form = scaffolder.form(ref);
        if (form.failed()) {
            return unavailable(form.problem(), "Template");
        }
        Pickers pickers = pickers(form.value());
        TemplateFormView view = new TemplateFormView(template.value(), pickers.form, pickers.form.initial(), Map.of(), null, pickers.failed);
        return Response.ok(Templates.form(pages.context(view.title(), Section.CREATE), view)).build();
    }

    @POST
    @Path("{namespace}/{name}")
    @Operation(hidden = true)
    @RunOnVirtualThread
    public Response start(@PathParam("namespace") String namespace, @PathParam("name") String name) {
        EntityRef ref = templateRef(namespace, name);
        Fetched<CatalogEntity> template = catalog.entity(ref);
        if (template.failed()) {
            return unavailable(template.problem(), "Template");
        }
        Fetched<SchemaForm> form = scaffolder.form(ref);
        if (form.failed()) {
            return unavailable(form.problem(), "Template");
        }
        Pickers pickers = pickers(form.value());
        SchemaForm.Submission submission = pickers.form.read(FormParams.all());
        PageContext page = pages.context(template.value().displayName(), Section.CREATE);
        if (!submission.valid()) {
            TemplateFormView view = new TemplateFormView(template.value(), pickers.form, submission.pages(), submission.errors(), null, pickers.failed);
            return Response.status(400).entity(Templates.form(page, view)).build();
        }
        Fetched<String> task = scaffolder.start(ref, submission.values());
        if (task.failed()) {
            Problem p = task.problem();
            Map<String, String> errors = new LinkedHashMap<>(p.fieldErrors());
            TemplateFormView view = new TemplateFormView(template.value(), pickers.form, withErrors(submission.pages(), errors), errors,
                    p.message(), pickers.failed);
            return Response.status(p.pageStatus()).entity(Templates.form(page, view)).build();
        }
        return Response.seeOther(URI.create("/create/tasks/" + task.value())).build();
    }

    @GET
    @Path("tasks/{id}")
    @Operation(hidden = true)
    @RunOnVirtualThread
    public Response task(@PathParam("id") String id) {
        String taskId = checkTaskId(id);
        Future<Fetched<com.fasterxml.jackson.databind.JsonNode>> info = parallel.submit(() -> scaffolder.taskJson(taskId));
        Future<Fetched<List<com.fasterxml.jackson.databind.JsonNode>>> log = parallel.submit(() -> scaffolder.events(taskId));
        Fetched<com.fasterxml.jackson.databind.JsonNode> raw = parallel.join(info, ScaffolderClient.SERVICE);
        if (raw.failed()) {
            return unavailable(raw.problem(), "Task");
        }
        // a task with no events yet makes the scaffolder wait for one: show the page without them
        List<com.fasterxml.jackson.databind.JsonNode> events = parallel.join(log, ScaffolderClient.SERVICE, config.pages().logWait())
                .orElse(List.of());
        Fetched<Task> task = Fetched.of(Task.from(raw.value(), events));
        TaskView view = new TaskView(task.value(), task.value().surveyAnswered(), null, null, null);
        return Response.ok(Templates.task(pages.context(task.value().templateName() + " task", Section.CREATE), view)).build();
    }

    /** The live log: the scaffolder's event stream, re-sent as HTML fragments for htmx's SSE extension. */
    @GET
    @Path("tasks/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(operationId = "StreamTaskLog", summary = "Live log of a task as server-sent events",
            description = "Each scaffolder event is sent as event `log` with one HTML list item; the end of the task as event "
                    + "`done` with the outcome panel. Needs the hub session cookie; the scaffolder is called with the user's token.")
    @APIResponse(responseCode = "200", description = "The event stream", content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(implementation = String.class)))
    @APIResponse(responseCode = "400", description = "Malformed task id or after")
    @APIResponse(responseCode = "401", description = "No hub session")
    public Multi<OutboundSseEvent> events(@Parameter(description = "Task id") @PathParam("id") String id,
            @Parameter(description = "Only events after this id") @QueryParam("after") String after,
            @HeaderParam("Last-Event-ID") String lastEventId) {
        String taskId = checkTaskId(id);
        Long from = parseAfter(lastEventId != null && !lastEventId.isBlank() ? lastEventId : after);
        PageContext page = pages.context("Task", Section.CREATE);
        return scaffolder.stream(taskId, from)
                .onItem().transformToMultiAndConcatenate(e -> Multi.createFrom().iterable(translate(taskId, e, page)))
                .onFailure().recoverWithItem(t -> sse.newEventBuilder().name("unavailable")
                        .data("<li class=\"err\">The live log is not available right now; reload the page to see the latest state.</li>").build());
    }

    @POST
    @Path("tasks/{id}/survey")
    @Operation(hidden = true)
    @RunOnVirtualThread
    public Response survey(@PathParam("id") String id, @RestForm("expected") String expected, @RestForm("improvement") String improvement) {
        String taskId = checkTaskId(id);
        Fetched<Task> task = scaffolder.task(taskId);
        if (task.failed()) {
            return unavailable(task.problem(), "Task");
        }
        String text = improvement == null ? "" : improvement.strip();
        String e = expected == null ? "" : expected.trim();
        String error = null;
        if (!e.equals("yes") && !e.equals("no")) {
            error = "Say whether the template did what you expected.";
        } else if (text.length() > MAX_IMPROVEMENT) {
            error = "Keep the suggestion under " + MAX_IMPROVEMENT + " characters.";
        } else if (!task.value().finished()) {
            error = "The survey opens when the task has finished.";
        }
        PageContext page = pages.context(task.value().templateName() + " task", Section.CREATE);
        int status = 200;
        boolean answered = false;
        if (error == null) {
            Fetched<Boolean> sent = scaffolder.survey(taskId, e.equals("yes"), text);
            if (sent.failed()) {
                error = sent.problem().message();
                status = sent.problem().pageStatus();
            } else {
                answered = true;
            }
        } else {
            status = 400;
        }
        TaskView view = new TaskView(task.value(), answered, error, e, text);
        TemplateInstance body = pages.htmx() ? Templates.task$outcome(page, view) : Templates.task(page, view);
        return Response.status(status).entity(body).build();
    }

    private List<OutboundSseEvent> translate(String taskId, SseEvent<String> e, PageContext page) {
        List<OutboundSseEvent> out = new ArrayList<>();
        com.fasterxml.jackson.databind.JsonNode node;
        try {
            node = JSON.readTree(e.data());
        } catch (java.io.IOException | RuntimeException ex) {
            return out;
        }
        Task.LogLine line = Task.line(node);
        if (line != null) {
            String html = Templates.logLine(line).render();
            String stepId = node.path("body").path("stepId").asText("");
            String stepStatus = node.path("body").path("status").asText("");
            if (!stepId.isEmpty() && !stepStatus.isEmpty()) {
                // the step's badge in the Steps list changes along (out-of-band swap)
                html += Templates.stepBadge(new Task.Step(stepId, stepId, stepStatus)).render();
            }
            out.add(sse.newEventBuilder().id(String.valueOf(line.eventId())).name("log").data(html).build());
        }
        String type = node.path("type").asText(e.name() == null ? "" : e.name());
        if ("completion".equals(type) || "cancelled".equals(type)) {
            Task finished = Task.finishedBy(taskId, type, node.path("body"));
            out.add(sse.newEventBuilder().name("done")
                    .data(Templates.task$outcome(page, new TaskView(finished, false, null, null, null)).render()
                            + Templates.statusBadge(finished).render()).build());
        }
        return out;
    }

    private Pickers pickers(SchemaForm form) {
        Map<String, List<SchemaForm.Option>> options = new LinkedHashMap<>();
        boolean failed = false;
        for (SchemaForm.Field f : form.fields()) {
            if (!f.isPicker()) {
                continue;
            }
            List<String> filters = SchemaForm.catalogFilters(f, f.kind() == SchemaForm.Kind.OWNER ? "group" : "component");
            Fetched<List<CatalogEntity>> found = catalog.find(filters, config.pages().pickerLimit());
            if (found.failed()) {
                failed = true;
                continue;
            }
            List<SchemaForm.Option> opts = new ArrayList<>();
            for (CatalogEntity e : found.value()) {
                String label = e.displayName() + (e.title() != null ? " (" + e.ref().shortName() + ")" : "");
                opts.add(new SchemaForm.Option(e.ref().toString(), label));
            }
            options.put(f.name(), opts);
        }
        return new Pickers(form.withOptions(options), failed);
    }

    private record Pickers(SchemaForm form, boolean failed) {
    }

    private static List<SchemaForm.PageState> withErrors(List<SchemaForm.PageState> pages, Map<String, String> errors) {
        List<SchemaForm.PageState> out = new ArrayList<>();
        for (SchemaForm.PageState p : pages) {
            List<SchemaForm.FieldState> fields = new ArrayList<>();
            for (SchemaForm.FieldState f : p.fields()) {
                String err = errors.get(f.field().name());
                fields.add(err == null ? f : new SchemaForm.FieldState(f.field(), f.value(), f.values(), err, f.parts()));
            }
            out.add(new SchemaForm.PageState(p.page(), fields));
        }
        return out;
    }

    private Response unavailable(Problem p, String what) {
        return Response.status(p.pageStatus()).entity(Templates.unavailable(pages.context(what, Section.CREATE), p, what)).build();
    }

    private static EntityRef templateRef(String namespace, String name) {
        if (!EntityRef.valid("template", namespace, name)) {
            throw new BadInput("That is not a valid template name.");
        }
        return new EntityRef("template", namespace, name);
    }

    private static String checkTaskId(String id) {
        if (id == null || !TASK_ID.matcher(id).matches()) {
            throw new BadInput("That is not a valid task id.");
        }
        return id;
    }

    private static Long parseAfter(String after) {
        if (after == null || after.isBlank()) {
            return null;
        }
        try {
            long v = Long.parseLong(after.trim());
            if (v < 0) {
                throw new BadInput("after must be zero or more.");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new BadInput("after must be a number.");
        }
    }
}
