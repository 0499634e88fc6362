package dev.atrium.scaffolder.task;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Where a run's events go: the task's event table, or a dry run's in-memory log. */
public interface EventSink {
    void event(String type, ObjectNode body);
}
