package dev.atrium.scaffolder.survey;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** The answer to a task's two-question survey. */
@Entity
@Table(name = "task_surveys")
public class SurveyEntity {
    @Id
    @Column(name = "task_id")
    public UUID taskId;

    @Column(name = "answered_by", nullable = false)
    public String answeredBy;

    @Column(nullable = false)
    public boolean expected;

    @Column(nullable = false)
    public String improvement;

    @Column(name = "answered_at", nullable = false)
    public Instant answeredAt;
}
