package dev.atrium.access.deploy;

import static dev.atrium.commons.testing.HelmCharts.container;
import static dev.atrium.commons.testing.HelmCharts.envValue;
import static dev.atrium.commons.testing.HelmCharts.find;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.commons.testing.HelmChartContract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Lints and renders the access-service Helm chart with the Helm library bundled in helm-java,
 * so the chart is checked on every build without a helm binary, a cluster or network access.
 * The checks every service chart shares come from {@link HelmChartContract}; these are the access service's own.
 */
class HelmChartTest extends HelmChartContract {

    HelmChartTest() {
        super("access-service", 8083);
    }

    @Override
    protected List<String> ingressPaths() {
        return List.of("/api/access/v1");
    }

    @Override
    protected Resources resources() {
        return new Resources("250m", "256Mi", "1", "512Mi");
    }

    @Override
    protected Map<String, ?> existingSecretValues() {
        return Map.of("database.existingSecret", "access-db-credentials", "database.passwordKey", "db-password");
    }

    @Override
    protected List<SecretRef> existingSecretRefs() {
        return List.of(new SecretRef("ATRIUM_ACCESS_DB_PASSWORD", "access-db-credentials", "db-password"));
    }

    @Override
    protected List<Arguments> extraSchemaViolations() {
        return List.of(
                Arguments.of("database.password", "plain-text-password"),
                Arguments.of("database.existingSecret", ""),
                Arguments.of("access.secretsStore.type", "plaintext"),
                Arguments.of("access.identity.type", "ldap"),
                Arguments.of("access.tickets.type", "email"),
                Arguments.of("access.keyPepper", "not-allowed-here"));
    }

    @Test
    void environmentCarriesDatabaseAndOidcSettings() {
        JsonNode env = container(render(Map.of(
                "database.url", "jdbc:postgresql://db.internal:5432/access",
                "database.user", "access_app",
                "oidc.url", "https://sso.example.com/realms/atrium",
                "extraEnv[0].name", "QUARKUS_LOG_LEVEL",
                "extraEnv[0].value", "DEBUG"))).path("env");

        assertAll(
                () -> assertEquals("jdbc:postgresql://db.internal:5432/access", envValue(env, "ATRIUM_ACCESS_DB_URL")),
                () -> assertEquals("access_app", envValue(env, "ATRIUM_ACCESS_DB_USER")),
                () -> assertEquals("https://sso.example.com/realms/atrium", envValue(env, "ATRIUM_OIDC_URL")),
                () -> assertEquals("DEBUG", envValue(env, "QUARKUS_LOG_LEVEL")));
    }

    @Test
    void theServicesOwnSecretsComeFromTheExistingSecretOnly() {
        JsonNode env = container(render(Map.of("access.existingSecret", "access-secrets"))).path("env");

        for (String[] v : new String[][] {{"ATRIUM_OIDC_CLIENT_SECRET", "oidc-client-secret"}, {"ATRIUM_ACCESS_KEY_PEPPER", "key-pepper"},
                {"ATRIUM_ACCESS_SECRETS_KEY", "secrets-store-key"}}) {
            JsonNode var = find(env, "name", v[0]).orElseThrow(() -> new AssertionError(v[0] + " not set"));
            assertFalse(var.has("value"), v[0] + " must not be a plain value");
            assertEquals("access-secrets", var.path("valueFrom").path("secretKeyRef").path("name").asText());
            assertEquals(v[1], var.path("valueFrom").path("secretKeyRef").path("key").asText());
        }
        assertEquals("builtin", envValue(env, "ATRIUM_ACCESS_SECRETS_TYPE"));
        assertEquals("disabled", envValue(env, "ATRIUM_ACCESS_IDENTITY"));
        assertEquals("log", envValue(env, "ATRIUM_ACCESS_TICKETS"));
        assertEquals("http://atrium-catalog-service:8081", envValue(env, "ATRIUM_CATALOG_URL"));
        assertEquals("http://atrium-metrics-service:8084", envValue(env, "ATRIUM_METRICS_URL"));
        assertTrue(find(env, "name", "ATRIUM_ACCESS_VAULT_TOKEN").isEmpty());
    }

    @Test
    void theShippedJvmSettingsCapTheHeap() {
        String options = envValue(container(render(Map.of())).path("env"), "JAVA_OPTS_APPEND");

        assertTrue(options.contains("-XX:+UseSerialGC") && options.contains("-Xmx128m"), options);
    }

    @Test
    void keycloakVaultAndJiraAdaptersAreWiredWithTheirSecrets() {
        JsonNode env = container(render(Map.of(
                "access.identity.type", "keycloak",
                "access.identity.keycloak.url", "https://sso.example.com",
                "access.secretsStore.type", "vault",
                "access.secretsStore.vault.url", "https://vault.example.com:8200",
                "access.tickets.type", "jira",
                "access.tickets.jira.url", "https://example.atlassian.net",
                "access.tickets.jira.user", "bot@example.com"))).path("env");

        assertAll(
                () -> assertEquals("keycloak", envValue(env, "ATRIUM_ACCESS_IDENTITY")),
                () -> assertEquals("https://sso.example.com", envValue(env, "ATRIUM_ACCESS_KEYCLOAK_URL")),
                () -> assertEquals("https://vault.example.com:8200", envValue(env, "ATRIUM_ACCESS_VAULT_URL")),
                () -> assertEquals("vault-token", find(env, "name", "ATRIUM_ACCESS_VAULT_TOKEN").orElseThrow()
                        .path("valueFrom").path("secretKeyRef").path("key").asText()),
                () -> assertTrue(find(env, "name", "ATRIUM_ACCESS_SECRETS_KEY").isEmpty(), "no built-in key with vault"),
                () -> assertEquals("https://example.atlassian.net", envValue(env, "ATRIUM_ACCESS_PROVISIONING_TICKETS_JIRA_URL")),
                () -> assertEquals("jira-token", find(env, "name", "ATRIUM_ACCESS_PROVISIONING_TICKETS_JIRA_TOKEN").orElseThrow()
                        .path("valueFrom").path("secretKeyRef").path("key").asText()));
    }

    @Test
    void anAdapterWithoutItsUrlIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class, template(Map.of("access.secretsStore.type", "vault"))::call);
        assertTrue(e.getMessage().contains("access.secretsStore.vault.url"), e::getMessage);
        assertThrows(IllegalStateException.class, template(Map.of("access.identity.type", "keycloak"))::call);
        assertThrows(IllegalStateException.class, template(Map.of("access.tickets.type", "jira"))::call);
    }
}
