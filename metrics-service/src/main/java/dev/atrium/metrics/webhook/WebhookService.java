package dev.atrium.metrics.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.commons.error.InputError;
import dev.atrium.metrics.engineer.ServiceEntry;
import dev.atrium.metrics.engineer.ServiceRepository;
import dev.atrium.metrics.event.Event;
import dev.atrium.metrics.event.EventValidator;
import dev.atrium.metrics.event.IngestResult;
import dev.atrium.metrics.event.IngestService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Maps verified GitHub and GitLab webhook payloads to events: merged pull/merge requests become
 * {@code pr.merged}, deployments {@code deployment.created} / {@code deployment.finished}. Event ids come
 * from the SCM's own ids, so a redelivered webhook is a duplicate, not a second event. Other
 * deliveries are acknowledged and ignored.
 */
@ApplicationScoped
public class WebhookService {
    private static final IngestResult IGNORED = new IngestResult(0, 0);

    @Inject
    ObjectMapper json;

    @Inject
    EventValidator validator;

    @Inject
    IngestService ingest;

    @Inject
    ServiceRepository services;

    public IngestResult github(String eventName, byte[] body) {
        JsonNode p = parse(body);
        String repo = p.path("repository").path("full_name").asText(null);
        return switch (eventName == null ? "" : eventName) {
            case "pull_request" -> {
                JsonNode pr = p.path("pull_request");
                if (!"closed".equals(p.path("action").asText()) || !pr.path("merged").asBoolean(false)) {
                    yield IGNORED;
                }
                ObjectNode a = json.createObjectNode();
                a.put("repository", repo);
                a.put("number", pr.path("number").isIntegralNumber() ? pr.path("number").asLong() : null);
                String author = pr.path("user").path("login").asText(null);
                a.put("author", author);
                a.put("mergedAt", pr.path("merged_at").asText(null));
                a.put("mergeCommitSha", pr.path("merge_commit_sha").asText(null));
                a.put("url", pr.path("html_url").asText(null));
                a.put("source", "github");
                yield store("github:pr:" + repo + "#" + pr.path("number").asText(), "pr.merged", author, teamOf(repo),
                        ScmTimes.parse(pr.path("merged_at").asText(null)), a);
            }
            case "deployment" -> {
                JsonNode d = p.path("deployment");
                if (!"created".equals(p.path("action").asText("created"))) {
                    yield IGNORED;
                }
                ObjectNode a = deploymentAttributes("github:" + d.path("id").asText(), repo,
                        d.path("environment").asText(null), d.path("sha").asText(null));
                yield store("github:deployment:" + d.path("id").asText(), "deployment.created",
                        d.path("creator").path("login").asText(null), teamOf(repo),
                        ScmTimes.parse(d.path("created_at").asText(null)), a);
            }
            case "deployment_status" -> {
                JsonNode s = p.path("deployment_status");
                JsonNode d = p.path("deployment");
                String state = s.path("state").asText("");
                String status = switch (state) {
                    case "success" -> "success";
                    case "failure", "error" -> "failure";
                    default -> null;
                };
                if (status == null) {
                    yield IGNORED;
                }
                String env = s.hasNonNull("environment") ? s.path("environment").asText() : d.path("environment").asText(null);
                ObjectNode a = deploymentAttributes("github:" + d.path("id").asText(), repo, env, d.path("sha").asText(null));
                a.put("status", status);
                String at = s.hasNonNull("updated_at") ? s.path("updated_at").asText() : s.path("created_at").asText(null);
                yield store("github:deployment_status:" + s.path("id").asText(), "deployment.finished",
                        s.path("creator").path("login").asText(null), teamOf(repo), ScmTimes.parse(at), a);
            }
            default -> IGNORED;
        };
    }

    public IngestResult gitlab(String eventName, byte[] body) {
        JsonNode p = parse(body);
        String kind = p.path("object_kind").asText("");
        String repo = p.path("project").path("path_with_namespace").asText(null);
        if ("merge_request".equals(kind)) {
            JsonNode mr = p.path("object_attributes");
            if (!"merge".equals(mr.path("action").asText(""))) {
                return IGNORED;
            }
            // The hook names who merged (user) and the head commit's author; the MR author has only a numeric id.
            String author = mr.path("last_commit").path("author").path("email").asText(null);
            if (author == null) {
                author = p.path("user").path("username").asText(null);
            }
            Instant mergedAt = ScmTimes.parse(mr.hasNonNull("merged_at") ? mr.path("merged_at").asText() : mr.path("updated_at").asText(null));
            ObjectNode a = json.createObjectNode();
            a.put("repository", repo);
            a.put("number", mr.path("iid").isIntegralNumber() ? mr.path("iid").asLong() : null);
            a.put("author", author);
            a.put("mergedAt", mergedAt == null ? null : mergedAt.toString());
            a.put("mergeCommitSha", mr.path("merge_commit_sha").asText(null));
            a.put("url", mr.path("url").asText(null));
            a.put("source", "gitlab");
            return store("gitlab:mr:" + repo + "!" + mr.path("iid").asText(), "pr.merged",
                    p.path("user").path("username").asText(null), teamOf(repo), mergedAt, a);
        }
        if ("deployment".equals(kind)) {
            String status = switch (p.path("status").asText("")) {
                case "success" -> "success";
                case "failed" -> "failure";
                default -> null;
            };
            if (status == null) {
                return IGNORED;
            }
            String id = p.path("deployment_id").asText();
            ObjectNode a = deploymentAttributes("gitlab:" + id, repo, p.path("environment").asText(null), p.path("sha").asText(null));
            a.put("status", status);
            return store("gitlab:deployment:" + id + ":" + status, "deployment.finished",
                    p.path("user").path("username").asText(null), teamOf(repo),
                    ScmTimes.parse(p.path("status_changed_at").asText(null)), a);
        }
        return IGNORED;
    }

    private ObjectNode deploymentAttributes(String deploymentId, String repo, String environment, String sha) {
        ObjectNode a = json.createObjectNode();
        a.put("deploymentId", deploymentId);
        a.put("service", serviceOf(repo));
        a.put("environment", environment);
        a.put("repository", repo);
        a.put("sha", sha);
        return a;
    }

    private IngestResult store(String id, String type, String actor, String team, Instant time, ObjectNode attributes) {
        Event e = validator.check(id, type, actor, team, time, attributes);
        return ingest.ingest(List.of(e));
    }

    private JsonNode parse(byte[] body) {
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw new InputError("Webhook payload must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new InputError("Webhook payload is not valid JSON");
        }
    }

    private Optional<ServiceEntry> service(String repo) {
        return repo == null ? Optional.empty() : services.byRepository(repo);
    }

    /** The catalog Component whose repository annotation names {@code repo}, else the repository's own name. */
    private String serviceOf(String repo) {
        if (repo == null) {
            return null;
        }
        return service(repo).map(s -> s.name).orElse(repo.substring(repo.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT));
    }

    private String teamOf(String repo) {
        return service(repo).map(s -> IngestService.shortTeam(s.ownerTeam)).orElse(null);
    }
}
