package dev.atrium.access.announcement;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A "What's New" item for the hub: a new model, a change of policy, a deprecation. */
@Entity
@Table(name = "announcement")
public class Announcement {
    @Id
    public UUID id;
    public String title;
    public String body;
    @Column(name = "model_ref")
    public String modelRef;
    public String link;
    public String author;
    @Column(name = "published_at")
    public Instant publishedAt;
}
