package dev.atrium.access.request;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A team's request for access to one AIModel or Toolchain, and, once ACTIVE, the grant itself. */
@Entity
@Table(name = "access_request")
public class AccessRequest {
    @Id
    public UUID id;
    @Column(name = "model_ref")
    public String modelRef;
    @Column(name = "model_kind")
    public String modelKind;
    @Column(name = "model_title")
    public String modelTitle;
    /** The AIModels the grant covers (the model itself, or a toolchain's models) with their cost center, owner and tier. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "covered_models")
    public Map<String, CoveredModel> coveredModels;
    public String team;
    public String requester;
    @Column(name = "requester_subject")
    public String requesterSubject;
    @Column(name = "use_case")
    public String useCase;
    @Column(name = "expected_monthly_tokens")
    public long expectedMonthlyTokens;
    public String tier;
    @Column(name = "owner_ref")
    public String ownerRef;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "required_approvals")
    public List<String> requiredApprovals;
    @Enumerated(EnumType.STRING)
    public RequestState state;
    @Column(name = "state_reason")
    public String stateReason;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Column(name = "approved_at")
    public Instant approvedAt;
    @Column(name = "active_at")
    public Instant activeAt;
    @Column(name = "closed_at")
    public Instant closedAt;
    @Column(name = "certified_at")
    public Instant certifiedAt;
    @Column(name = "recertification_due_at")
    public Instant recertificationDueAt;

    /** One model a grant covers. */
    public record CoveredModel(String costCenter, String owner, String tier) {
    }

    /** Team name without the {@code group:default/} prefix. */
    public String teamName() {
        return team.substring(team.indexOf('/') + 1);
    }
}
