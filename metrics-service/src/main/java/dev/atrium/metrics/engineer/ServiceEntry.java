package dev.atrium.metrics.engineer;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A catalog Component as the DORA metrics need it: its name, owning team and repository. */
@Entity
@Table(name = "services")
public class ServiceEntry {
    @Id
    @Column(name = "component_ref")
    public String componentRef;

    public String name;

    @Column(name = "owner_team")
    public String ownerTeam;

    @Column(name = "repository_slug")
    public String repositorySlug;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
