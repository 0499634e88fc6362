package dev.atrium.hub.events;

import dev.atrium.hub.web.Viewer;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the signed-in user just did, turned into metrics events (types and attributes per the COMMON contract). */
@RequestScoped
public class Activity {

    @Inject
    Viewer viewer;

    @Inject
    EventSink sink;

    public void pageViewed(String path) {
        record("page.viewed", Map.of("path", path));
    }

    public void searchPerformed(String searchId, String query) {
        record("search.performed", Map.of("searchId", searchId, "query", query));
    }

    public void resultClicked(String searchId, String entityRef, int rank) {
        record("search.result.clicked", Map.of("searchId", searchId, "entityRef", entityRef, "rank", rank));
    }

    /** The two-question template survey after a task. */
    public void templateSurveyAnswered(String taskId, String template, String templateOwner, boolean expected,
            String improvement, String taskUrl) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("survey", "template");
        a.put("taskId", taskId);
        a.put("template", template);
        if (templateOwner != null) {
            a.put("templateOwner", templateOwner);
        }
        a.put("expected", expected);
        a.put("improvement", improvement == null ? "" : improvement);
        a.put("taskUrl", taskUrl);
        record("survey.answered", a);
    }

    /** The discovery question ("Did you find what you needed?") after a search. */
    public void discoverySurveyAnswered(boolean found) {
        record("survey.answered", Map.of("survey", "discovery", "found", found));
    }

    private void record(String type, Map<String, Object> attributes) {
        if (!viewer.signedIn()) {
            return;
        }
        sink.record(HubEvent.of(type, viewer.username(), viewer.primaryTeam(), attributes));
    }
}
