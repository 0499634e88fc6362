package dev.atrium.access.request;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One state change of a request, with who caused it and why. */
@Entity
@Table(name = "request_transition")
public class RequestTransition {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "request_id")
    public UUID requestId;
    @Enumerated(EnumType.STRING)
    @Column(name = "from_state")
    public RequestState fromState;
    @Enumerated(EnumType.STRING)
    @Column(name = "to_state")
    public RequestState toState;
    public String actor;
    public String reason;
    public Instant at;
}
