package dev.atrium.hub.create;

/** The task page: the task, and the survey's state (answered, or its error). */
public record TaskView(Task task, boolean surveyAnswered, String surveyError, String surveyExpected, String surveyImprovement) {

    public String streamHref() {
        return task.href() + "/events?after=" + task.lastEventId();
    }
}
