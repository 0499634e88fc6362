package dev.atrium.scaffolder.task;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** The state of one step of a task: status, output, gate state and error. */
@Entity
@Table(name = "task_steps")
public class TaskStepEntity {

    /** Task id and step id. */
    @Embeddable
    public record Key(@Column(name = "task_id") UUID taskId, @Column(name = "step_id") String stepId) implements Serializable {
    }

    @EmbeddedId
    public Key key;

    @Column(nullable = false)
    public int position;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String action;

    @Column(nullable = false)
    public String status;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public String output;

    /** Gate steps: the state the action keeps between runs and the decision taken through the API. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public String gate;

    public String error;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    public String stepId() {
        return key.stepId();
    }
}
