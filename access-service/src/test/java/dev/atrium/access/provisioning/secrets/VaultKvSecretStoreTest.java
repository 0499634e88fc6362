package dev.atrium.access.provisioning.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Vault KV v2 adapter against a stub server speaking the KV v2 HTTP API. */
class VaultKvSecretStoreTest {
    private static final String TOKEN = "hvs.test-token-value";
    private VaultKvStub vault;

    @BeforeEach
    void start() throws IOException {
        vault = new VaultKvStub("kv", TOKEN);
    }

    @AfterEach
    void stop() {
        vault.close();
    }

    private VaultKvSecretStore store(String token) {
        return new VaultKvSecretStore(vault.url(), () -> token, "kv", "/atrium/ai-access/", "team-ns", Duration.ofSeconds(5));
    }

    @Test
    void writesReadsAndDeletesUnderTheMountAndPrefix() throws Exception {
        VaultKvSecretStore store = store(TOKEN);
        String ref = store.put("payments-team/chat-1234", "atrk_secret-value", Map.of("team", "group:default/payments-team"));
        assertEquals("vault:kv/atrium/ai-access/payments-team/chat-1234", ref);
        assertEquals("atrk_secret-value", vault.versions.get("atrium/ai-access/payments-team/chat-1234").get(0).path("api_key").asText());
        assertEquals("group:default/payments-team", vault.versions.get("atrium/ai-access/payments-team/chat-1234").get(0).path("team").asText());
        assertEquals(Optional.of("atrk_secret-value"), store.get(ref));
        assertTrue(store.keepsAfterReveal());
        assertTrue(vault.namespaces.contains("team-ns"), "X-Vault-Namespace is sent");

        store.delete(ref);
        assertEquals(Optional.empty(), store.get(ref));
        store.delete(ref);
    }

    @Test
    void aRepeatedWriteIsANewVersionOfTheSamePath() throws Exception {
        VaultKvSecretStore store = store(TOKEN);
        String first = store.put("t/k", "one", Map.of());
        String second = store.put("t/k", "two", Map.of());
        assertEquals(first, second);
        assertEquals(2, vault.versions.get("atrium/ai-access/t/k").size());
        assertEquals(Optional.of("two"), store.get(first));
    }

    @Test
    void aRefusedTokenIsAnErrorThatNamesVaultsReasonButNeverTheTokenOrValue() {
        VaultKvSecretStore store = store("hvs.wrong");
        IOException e = assertThrows(IOException.class, () -> store.put("t/k", "atrk_do-not-leak", Map.of()));
        assertTrue(e.getMessage().contains("403") && e.getMessage().contains("permission denied"), e.getMessage());
        assertFalse(e.getMessage().contains("hvs.wrong"));
        assertFalse(e.getMessage().contains("atrk_do-not-leak"));
    }

    @Test
    void aWrongMountIsAnError() {
        VaultKvSecretStore store = new VaultKvSecretStore(vault.url(), () -> TOKEN, "secret", "atrium", null, Duration.ofSeconds(5));
        IOException e = assertThrows(IOException.class, () -> store.put("t/k", "v", Map.of()));
        assertTrue(e.getMessage().contains("404"), e.getMessage());
    }

    @Test
    void anUnreachableVaultIsAnError() {
        VaultKvSecretStore store = new VaultKvSecretStore("http://127.0.0.1:1", () -> TOKEN, "kv", "a", null, Duration.ofSeconds(2));
        assertThrows(IOException.class, () -> store.put("t/k", "v", Map.of()));
    }
}
