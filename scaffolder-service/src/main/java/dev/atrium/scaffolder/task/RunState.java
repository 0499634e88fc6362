package dev.atrium.scaffolder.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.commons.security.AtriumUser;
import dev.atrium.scaffolder.secret.Redactor;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What expressions and actions of one run see: the parameters, the user, the secrets and the
 * outputs of the steps finished so far.
 */
public final class RunState {
    final String taskId;
    final JsonNode parameters;
    final JsonNode userInfo;
    final AtriumUser user;
    final Map<String, String> secrets;
    final Redactor redactor;
    final String templateRef;
    final String templateLocation;
    final Map<String, JsonNode> outputs = new ConcurrentHashMap<>();

    public RunState(String taskId, JsonNode parameters, JsonNode userInfo, AtriumUser user, Map<String, String> secrets,
            String templateRef, String templateLocation) {
        this.taskId = taskId;
        this.parameters = parameters;
        this.userInfo = userInfo;
        this.user = user;
        this.secrets = Map.copyOf(secrets);
        this.redactor = Redactor.of(secrets);
        this.templateRef = templateRef;
        this.templateLocation = templateLocation;
    }

    public Optional<String> userToken() {
        return Optional.ofNullable(secrets.get(TaskService.TOKEN_SECRET));
    }

    public Redactor redactor() {
        return redactor;
    }

    public void recordOutput(String stepId, ObjectNode output) {
        outputs.put(stepId, output);
    }

    public Map<String, JsonNode> outputs() {
        return outputs;
    }
}
