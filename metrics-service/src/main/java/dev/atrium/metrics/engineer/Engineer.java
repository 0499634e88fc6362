package dev.atrium.metrics.engineer;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;

/**
 * An engineer the metrics know about: the denominator of adoption and the cohort member of time to
 * first contribution. Filled from catalog User entities, the HR import and {@code engineer.started} events.
 */
@Entity
@Table(name = "engineers")
public class Engineer {
    /** Where a row came from last. */
    public static final String CATALOG = "catalog", IMPORT = "import", EVENT = "event";

    @Id
    public String username;

    public String team;

    @Column(name = "start_date")
    public LocalDate startDate;

    public String email;

    @Column(name = "scm_login")
    public String scmLogin;

    public String source;

    /** False once a catalog-sourced engineer is no longer in the catalog. */
    public boolean active = true;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
