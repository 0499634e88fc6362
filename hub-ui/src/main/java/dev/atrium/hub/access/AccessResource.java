package dev.atrium.hub.access;

import dev.atrium.hub.catalog.CatalogClient;
import dev.atrium.hub.catalog.CatalogEntity;
import dev.atrium.hub.catalog.EntityRef;
import dev.atrium.hub.chart.BarChart;
import dev.atrium.hub.chart.Numbers;
import dev.atrium.hub.web.BadInput;
import dev.atrium.hub.web.Fetched;
import dev.atrium.hub.web.PageContext;
import dev.atrium.hub.web.Pages;
import dev.atrium.hub.web.Parallel;
import dev.atrium.hub.web.Problem;
import dev.atrium.hub.web.Section;
import dev.atrium.hub.web.Viewer;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;

/** The Access pages: request form, my requests with their timeline, the key shown once, approvals inbox. */
@Path("/access")
@Produces(MediaType.TEXT_HTML)
public class AccessResource {
    private static final Pattern ID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    static final int MAX_REASON = 1000;
    static final int MAX_CHOICES = 200;
    /** Fixed notices shown after a redirect; the address carries only the key, never user text. */
    private static final Map<String, String> NOTICES = Map.of(
            "created", "Request sent. You can follow it here.",
            "approved", "Approval recorded.",
            "rejected", "Request rejected.");

    @Inject
    AccessClient access;

    @Inject
    CatalogClient catalog;

    @Inject
    Pages pages;

    @Inject
    Viewer viewer;

    @Inject
    Parallel parallel;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance overview(PageContext page, AccessPage view);

        static native TemplateInstance requestForm(PageContext page, RequestForm form);

        static native TemplateInstance request(PageContext page, AccessViews.AccessRequest request, List<TimelineEntry> timeline);

        static native TemplateInstance key(PageContext page, AccessViews.AccessRequest request, AccessViews.CreatedKey key, Problem problem);

        static native TemplateInstance approvals(PageContext page, Fetched<List<AccessViews.AccessRequest>> inbox, Map<String, String> errors);

        static native TemplateInstance approvals$row(PageContext page, AccessViews.AccessRequest r, Map<String, String> errors);

        static native TemplateInstance unavailable(PageContext page, Problem problem);
    }

    @GET
    @Operation(hidden = true)
    @RunOnVirtualThread
    public Response overview(@QueryParam("notice") String notice) {
        Future<Fetched<List<AccessViews.AccessRequest>>> requests = parallel.submit(access::myRequests);
        Future<Fetched<List<AccessViews.ApiKey>>> keys = parallel.submit(access::myKeys);
        Future<Fetched<List<AccessViews.AccessRequest>>> approvals = parallel.submit(access::awaitingMyApproval);
        Fetched<List<AccessViews.AccessRequest>> mine = parallel.join(requests, AccessClient.SERVICE);
        Fetched<List<AccessViews.ApiKey>> myKeys = parallel.join(keys, AccessClient.SERVICE);
        AccessPage view = new AccessPage(mine, myKeys, myKeys.map(AccessResource::budgetChart), parallel.join(approvals, AccessClient.SERVICE));
        PageContext page = notice(pages.context("Access", Section.ACCESS), notice);
        return Response.status(mine.failed() ? mine.problem().pageStatus() : 200).entity(Templates.overview(page, view)).build();
    }

    @GET
    @Path("request")
    @Operation(hidden = true)
    @RunOnVirtualThread
    public Response requestForm(@QueryParam("model") String model) {
        RequestForm form = RequestForm.blank(model, viewer.teams());
        return Response.ok(Templates.requestForm(pages.context("Request access", Section.ACCESS), withModel(form))).build();
    }

    @POST
    @Path("requests")
    @Operation(hidden = true)
    @RunOnVirtualThread
    public Response create(@RestForm("model") String model, @RestForm("team") String team, @RestForm("useCase") String useCase,
            @RestForm("tokens") String tokens) {
        RequestForm form = RequestForm.check(model, team, useCase, tokens, viewer.teams());
        PageContext page = pages.context("Request access", Section.ACCESS);
        if (!form.valid()) {
            int status = form.errors().containsKey("team") && form.errors().size() == 1 && !form.team().isEmpty() ? 403 : 400;
            return Response.status(status).entity(Templates.requestForm(page, withModel(form))).build();
        }
        Fetched<AccessViews.AccessRequest> created = access.create(form.modelRef(), form.team(), form.useCase(), form.tokenCount());
        if (created.failed()) {
            Problem p = created.problem();
            RequestForm failed = withModel(form).withProblem(p.message(), p.fieldErrors());
            return Response.status(p.pageStatus()).entity(Templates.requestForm(page, failed)).build();
        }
        return Response.seeOther(URI.create(created.value().href() + "?notice=created")).build();
    }

    @GET
    @Path("requests/{id}")
    @Operation(hidden = true)
    @RunOnVirtualThread
    public Response request(@PathParam("id") String id, @QueryParam("notice") String notice) {
        Fetched<AccessViews.AccessRequest> r = access.request(checkId(id));
        if (r.failed()) {
            return unavailable(r.problem(), "Access request");
        }
        PageContext page = notice(pages.context("Access to " + r.value().modelName(), Section.ACCESS), notice);
        return Response.ok(Templates.request(page, r.value(), timeline(r.value()))).build();
    }

    @POST
    @Path("requests/{id}/key")
    @Operation(hidden = true)
    @RunOnVirtualThread
    public Response revealKey(@PathParam("id") String id) {
        String rid = checkId(id);
        Fetched<AccessViews.AccessRequest> r = access.request(rid);
        if (r.failed()) {
            return unavailable(r.problem(), "Your key");
        }
        Fetched<AccessViews.CreatedKey> key = access.revealKey(rid);
        PageContext page = pages.context("Your key for " + r.value().modelName(), Section.ACCESS);
        if (key.failed()) {
            return Response.status(key.problem().pageStatus()).entity(Templates.key(page, r.value(), null, key.problem())).build();
        }
        return Response.ok(Templates.key(page, r.value(), key.value(), null)).build();
    }

    @GET
    @Path("approvals")
    @Operation(hidden = true)
    @RunOnVirtualThread
    public Response approvals(@QueryParam("notice") String notice) {
        Fetched<List<AccessViews.AccessRequest>> inbox = access.awaitingMyApproval();
        PageContext page = notice(pages.context("Approvals", Section.ACCESS), notice);
        return Response.status(inbox.failed() ? inbox.problem().pageStatus() : 200).entity(Templates.approvals(page, inbox, Map.of())).build();
    }

    @POST
    @Path("approvals/{id}")
    @Operation(hidden = true)
    @RunOnVirtualThread
    public Response decide(@PathParam("id") String id, @RestForm("decision") String decision, @RestForm("reason") String reason) {
        String rid = checkId(id);
        String why = reason == null ? "" : reason.strip();
        String d = decision == null ? "" : decision.trim();
        String error = null;
        if (!d.equals("approve") && !d.equals("reject")) {
            error = "Choose approve or reject.";
        } else if (why.length() > MAX_REASON) {
            error = "Keep the reason under " + MAX_REASON + " characters.";
        } else if (d.equals("reject") && why.isEmpty()) {
            error = "Say why you reject the request; the requester sees it.";
        }
        PageContext page = pages.context("Approvals", Section.ACCESS);
        if (error != null) {
            return decisionFailed(page, rid, 400, error);
        }
        Fetched<AccessViews.AccessRequest> done = d.equals("approve") ? access.approve(rid, why.isEmpty() ? null : why) : access.reject(rid, why);
        if (done.failed()) {
            return decisionFailed(page, rid, done.problem().pageStatus(), done.problem().message());
        }
        if (pages.htmx()) {
            return Response.ok(Templates.approvals$row(page.withNotice(PageContext.Notice.success(
                    d.equals("approve") ? "Approval recorded." : "Request rejected.")), done.value(), Map.of())).build();
        }
        return Response.seeOther(URI.create("/access/approvals?notice=" + (d.equals("approve") ? "approved" : "rejected"))).build();
    }

    private Response decisionFailed(PageContext page, String id, int status, String error) {
        Fetched<List<AccessViews.AccessRequest>> inbox = access.awaitingMyApproval();
        if (pages.htmx() && inbox.isOk()) {
            AccessViews.AccessRequest row = inbox.value().stream().filter(r -> r.id().equals(id)).findFirst().orElse(null);
            if (row != null) {
                return Response.status(status).entity(Templates.approvals$row(page, row, Map.of(id, error))).build();
            }
        }
        return Response.status(status).entity(Templates.approvals(page.withNotice(PageContext.Notice.error(error)), inbox, Map.of(id, error))).build();
    }

    private RequestForm withModel(RequestForm form) {
        EntityRef ref = EntityRef.parse(form.modelRef(), "aimodel");
        CatalogEntity model = null;
        if (ref != null && !form.modelRef().isEmpty()) {
            Fetched<CatalogEntity> m = catalog.entity(ref);
            model = m.orElse(null);
        }
        List<CatalogEntity> choices = List.of();
        if (model == null) {
            choices = catalog.find(List.of("kind=aimodel", "kind=toolchain"), MAX_CHOICES).orElse(List.of()).stream()
                    .filter(e -> !"deprecated".equals(e.lifecycle())).toList();
        }
        return form.with(model, choices);
    }

    private Response unavailable(Problem p, String title) {
        return Response.status(p.pageStatus()).entity(Templates.unavailable(pages.context(title, Section.ACCESS), p)).build();
    }

    static BarChart budgetChart(List<AccessViews.ApiKey> keys) {
        List<BarChart.Item> items = new ArrayList<>();
        for (AccessViews.ApiKey k : keys) {
            String label = (k.name() == null || k.name().isBlank() ? k.prefix() + "…" : k.name()) + " (" + k.teamName() + ")";
            items.add(new BarChart.Item(label, k.usedTokensThisMonth(), k.monthlyTokenBudget(),
                    Numbers.compact(k.usedTokensThisMonth()) + " of " + Numbers.compact(k.monthlyTokenBudget())));
        }
        return BarChart.of("Tokens used this month against each key's monthly budget", items);
    }

    static List<TimelineEntry> timeline(AccessViews.AccessRequest r) {
        List<TimelineEntry> out = new ArrayList<>();
        out.add(new TimelineEntry("Requested", r.requester(), null, r.createdAt(), false));
        for (AccessViews.Transition t : r.transitionsOrEmpty()) {
            if (t.to() == null) {
                continue;
            }
            out.add(new TimelineEntry(AccessViews.stateLabel(t.to()), t.actor(), t.reason(), t.at(),
                    "REJECTED".equals(t.to()) || "FAILED".equals(t.to())));
        }
        return out;
    }

    private PageContext notice(PageContext page, String key) {
        String text = key == null ? null : NOTICES.get(key);
        return text == null ? page : page.withNotice(PageContext.Notice.success(text));
    }

    private static String checkId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new BadInput("That is not a valid request id.");
        }
        return id.toLowerCase(java.util.Locale.ROOT);
    }
}
