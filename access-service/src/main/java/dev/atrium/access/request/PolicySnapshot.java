package dev.atrium.access.request;

import dev.atrium.access.audit.AuditService;
import dev.atrium.access.config.AccessConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;

/** The effective policy (rules, thresholds, adapters); recorded in the audit log at start-up whenever it changed. */
@ApplicationScoped
public class PolicySnapshot {

    @Inject
    AccessConfig config;

    @Inject
    AuditService audit;

    void recordAtStartup(@Observes StartupEvent event) {
        audit.recordPolicy(current());
    }

    public Map<String, Object> current() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("open", "approved at once");
        p.put("standard", "approved at once up to standardAutoApproveMaxMonthlyTokens, else by the model's owner group");
        p.put("restricted", "approved by the model's owner group and a platform admin (two people)");
        p.put("ticket", "requestAccess.type ticket: the owner group always approves");
        p.put("standardAutoApproveMaxMonthlyTokens", config.policy().standardAutoApproveMaxMonthlyTokens());
        p.put("maxExpectedMonthlyTokens", config.requests().maxExpectedMonthlyTokens());
        p.put("keyDefaultTtl", config.keys().defaultTtl().toString());
        p.put("keyMaxTtl", config.keys().maxTtl().toString());
        p.put("recertificationMaxAge", config.recertification().maxAge().toString());
        p.put("recertificationGrace", config.recertification().grace().toString());
        p.put("identityProvider", config.provisioning().identity().type());
        p.put("secretsStore", config.provisioning().secrets().type());
        p.put("tickets", config.provisioning().tickets().type());
        return p;
    }
}
