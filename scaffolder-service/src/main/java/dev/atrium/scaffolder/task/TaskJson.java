package dev.atrium.scaffolder.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;

/** Tasks and events in Backstage's wire shapes (SerializedTask, SerializedTaskEvent), plus Atrium's step states. */
public final class TaskJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TaskJson() {
    }

    public static ObjectNode task(TaskEntity t, List<TaskStepEntity> steps, boolean surveyAnswered) {
        ObjectNode out = JSON.createObjectNode();
        out.put("id", t.id.toString());
        out.set("spec", TaskSpecs.forApi(read(t.spec)));
        out.put("status", t.status);
        out.put("createdAt", t.createdAt.toString());
        if (t.heartbeatAt != null) {
            out.put("lastHeartbeatAt", t.heartbeatAt.toString());
        }
        out.put("createdBy", t.createdBy);
        out.put("templateRef", t.templateRef);
        if (t.finishedAt != null) {
            out.put("finishedAt", t.finishedAt.toString());
        }
        if (t.output != null) {
            out.set("output", read(t.output));
        }
        if (t.error != null) {
            out.put("error", t.error);
        }
        if (steps != null) {
            var arr = out.putArray("steps");
            for (TaskStepEntity s : steps) {
                ObjectNode step = arr.addObject().put("id", s.stepId()).put("name", s.name).put("action", s.action).put("status", s.status);
                if (s.startedAt != null) {
                    step.put("startedAt", s.startedAt.toString());
                }
                if (s.finishedAt != null) {
                    step.put("endedAt", s.finishedAt.toString());
                }
                if (s.error != null) {
                    step.put("error", s.error);
                }
                if (s.gate != null) {
                    JsonNode state = read(s.gate).path("state");
                    if (state.isObject()) {
                        step.set("gate", state);
                    }
                }
            }
            out.put("surveyAnswered", surveyAnswered);
        }
        return out;
    }

    public static ObjectNode event(TaskEventEntity e) {
        ObjectNode out = JSON.createObjectNode();
        out.put("id", e.id);
        out.put("taskId", e.taskId.toString());
        out.put("type", e.type);
        out.set("body", read(e.body));
        out.put("createdAt", e.createdAt.toString());
        return out;
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
