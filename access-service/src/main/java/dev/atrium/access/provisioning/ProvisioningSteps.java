package dev.atrium.access.provisioning;

import dev.atrium.access.config.AccessConfig;
import dev.atrium.access.provisioning.identity.KeycloakAdmin;
import dev.atrium.access.provisioning.identity.KeycloakGroupProvisioner;
import dev.atrium.access.provisioning.secrets.ApiKeyProvisioner;
import dev.atrium.access.provisioning.ticket.JiraTicketProvisioner;
import dev.atrium.access.provisioning.ticket.TicketLogProvisioner;
import dev.atrium.access.provisioning.ticket.WebhookTicketProvisioner;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * The ordered provisioning steps, with the adapter configuration chooses for each: identity-provider group
 * ({@code keycloak} or {@code disabled}), API key into the secrets store, ITSM ticket ({@code log},
 * {@code webhook} or {@code jira}). Built and checked at start-up.
 */
@Startup
@ApplicationScoped
public class ProvisioningSteps {

    @Inject
    AccessConfig config;

    @Inject
    ApiKeyProvisioner apiKey;

    @Inject
    TicketLogProvisioner ticketLog;

    private List<Provisioner> steps;
    private KeycloakGroupProvisioner keycloak;

    @PostConstruct
    void build() {
        List<Provisioner> list = new ArrayList<>();
        AccessConfig.Identity identity = config.provisioning().identity();
        switch (identity.type()) {
            case "disabled" -> { }
            case "keycloak" -> {
                AccessConfig.Keycloak k = identity.keycloak();
                keycloak = new KeycloakGroupProvisioner(new KeycloakAdmin(
                        required(k.url().orElse(null), "identity.keycloak.url"), k.realm(), k.clientId(),
                        required(k.clientSecret().orElse(null), "identity.keycloak.client-secret"), k.timeout()), k.groupPrefix());
                list.add(keycloak);
            }
            default -> throw new IllegalStateException("atrium.access.provisioning.identity.type must be keycloak or disabled, not "
                    + identity.type());
        }
        list.add(apiKey);
        AccessConfig.Tickets t = config.provisioning().tickets();
        list.add(switch (t.type()) {
            case "log" -> ticketLog;
            case "webhook" -> new WebhookTicketProvisioner(required(t.webhook().url().orElse(null), "tickets.webhook.url"),
                    t.webhook().authorization().orElse(null), t.webhook().timeout());
            case "jira" -> new JiraTicketProvisioner(required(t.jira().url().orElse(null), "tickets.jira.url"),
                    t.jira().projectKey(), t.jira().issueType(), t.jira().user().orElse(null),
                    required(t.jira().token().orElse(null), "tickets.jira.token"), t.jira().timeout());
            default -> throw new IllegalStateException("atrium.access.provisioning.tickets.type must be log, webhook or jira, not " + t.type());
        });
        steps = List.copyOf(list);
    }

    private static String required(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("atrium.access.provisioning." + key + " must be set");
        }
        return value;
    }

    /** The steps in provisioning order; deprovisioning runs them in reverse. */
    public List<Provisioner> steps() {
        return steps;
    }

    /** The Keycloak adapter when it is configured (tests read the groups it manages through it). */
    public KeycloakGroupProvisioner keycloak() {
        return keycloak;
    }
}
