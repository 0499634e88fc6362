package dev.atrium.access.provisioning.ticket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * Jira REST (v2) adapter. Idempotent through a label: the issue carries {@code <idempotency key>} as a label,
 * and before creating one the adapter searches for it ({@code GET /rest/api/2/search?jql=labels="…"}), so a
 * retry after a lost answer finds the issue instead of filing a second. Authenticates with basic auth (user +
 * API token, Jira Cloud) or a bearer personal access token (Jira Data Center).
 */
public class JiraTicketProvisioner extends HttpTicketProvisioner {
    private final String url;
    private final String projectKey;
    private final String issueType;
    private final String authorization;

    public JiraTicketProvisioner(String url, String projectKey, String issueType, String user, String token, Duration timeout) {
        super(timeout);
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.projectKey = projectKey;
        this.issueType = issueType;
        this.authorization = user == null || user.isBlank() ? "Bearer " + token
                : "Basic " + Base64.getEncoder().encodeToString((user + ":" + token).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String adapter() {
        return "jira";
    }

    @Override
    protected String file(TicketContent content) throws IOException, InterruptedException {
        String label = content.idempotencyKey();
        String jql = "labels = \"" + label + "\"";
        HttpResponse<String> found = http.send(request("/rest/api/2/search?maxResults=1&fields=key&jql="
                + URLEncoder.encode(jql, StandardCharsets.UTF_8)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (found.statusCode() / 100 != 2) {
            throw new IOException("Jira search answered HTTP " + found.statusCode());
        }
        JsonNode issues = JSON.readTree(found.body()).path("issues");
        if (issues.isArray() && !issues.isEmpty()) {
            return "jira:" + issues.get(0).path("key").asText();
        }
        ObjectNode body = JSON.createObjectNode();
        ObjectNode fields = body.putObject("fields");
        fields.putObject("project").put("key", projectKey);
        fields.putObject("issuetype").put("name", issueType);
        fields.put("summary", content.summary());
        fields.put("description", content.description());
        fields.putArray("labels").add(label).add("atrium-ai-access");
        HttpResponse<String> created = http.send(request("/rest/api/2/issue")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() / 100 != 2) {
            throw new IOException("Jira refused the issue: HTTP " + created.statusCode());
        }
        return "jira:" + JSON.readTree(created.body()).path("key").asText();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(url + path)).timeout(timeout)
                .header("Accept", "application/json")
                .header("Authorization", authorization);
    }
}
