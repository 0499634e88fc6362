package dev.atrium.hub.access;

import dev.atrium.hub.web.Fetched;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** The hub's one way into access-service: typed results, the user's token propagated, failures as problems. */
@ApplicationScoped
public class AccessClient {
    public static final String SERVICE = "The access service";
    static final int PAGE = 50;

    @Inject
    @RestClient
    AccessApi api;

    public Fetched<AccessViews.AccessRequest> create(String modelRef, String team, String useCase, long tokens) {
        return Fetched.call(SERVICE, () -> api.create(new AccessViews.NewRequest(modelRef, team, useCase, tokens)));
    }

    /** The caller's own requests, newest first. */
    public Fetched<List<AccessViews.AccessRequest>> myRequests() {
        return Fetched.call(SERVICE, () -> api.requests("mine", null, PAGE, null).items());
    }

    /** Requests waiting for an approval the caller may give. */
    public Fetched<List<AccessViews.AccessRequest>> awaitingMyApproval() {
        return Fetched.call(SERVICE, () -> api.requests("approvals", null, PAGE, null).items());
    }

    public Fetched<AccessViews.AccessRequest> request(String id) {
        return Fetched.call(SERVICE, () -> api.request(id));
    }

    public Fetched<AccessViews.AccessRequest> approve(String id, String reason) {
        return Fetched.call(SERVICE, () -> api.approve(id, new AccessViews.Decision(reason)));
    }

    public Fetched<AccessViews.AccessRequest> reject(String id, String reason) {
        return Fetched.call(SERVICE, () -> api.reject(id, new AccessViews.Decision(reason)));
    }

    public Fetched<AccessViews.CreatedKey> revealKey(String requestId) {
        return Fetched.call(SERVICE, () -> api.revealKey(requestId));
    }

    /** Active keys of the caller's teams. */
    public Fetched<List<AccessViews.ApiKey>> myKeys() {
        return Fetched.call(SERVICE, () -> api.keys(false));
    }

    /** Tokens per team and UTC day over the last {@code days} days (today included). */
    public Fetched<AccessViews.UsageSummary> usageByTeam(int days) {
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        String from = today.minusDays(days - 1L).toString();
        String to = today.plusDays(1).toString();
        return Fetched.call(SERVICE, () -> api.usage("team", "day", from, to, null));
    }

    /** Status of every model, keyed by canonical model ref. */
    public Fetched<Map<String, AccessViews.ModelStatus>> modelStatus() {
        return Fetched.call(SERVICE, () -> api.modelStatus().stream()
                .filter(s -> s.modelRef() != null)
                .collect(Collectors.toMap(s -> s.modelRef().toLowerCase(java.util.Locale.ROOT), Function.identity(), (a, b) -> a)));
    }

    public Fetched<List<AccessViews.Announcement>> announcements(int limit) {
        return Fetched.call(SERVICE, () -> api.announcements(limit).items());
    }
}
