package dev.atrium.access.provisioning.secrets;

import dev.atrium.access.config.AccessConfig;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The secrets store configured by {@code atrium.access.provisioning.secrets.type}: {@code builtin} (default) or
 * {@code vault}. Chosen and checked at start-up, so a missing key or token stops the service instead of failing
 * the first provisioning.
 */
@Startup
@ApplicationScoped
public class SecretStores {

    @Inject
    AccessConfig config;

    @Inject
    AesGcmSecretStore builtin;

    private SecretStore current;

    @PostConstruct
    void select() {
        AccessConfig.Secrets c = config.provisioning().secrets();
        current = switch (c.type()) {
            case "builtin" -> {
                builtin.init();
                yield builtin;
            }
            case "vault" -> {
                AccessConfig.Vault v = c.vault();
                String url = v.url().filter(s -> !s.isBlank())
                        .orElseThrow(() -> new IllegalStateException("atrium.access.provisioning.secrets.vault.url is required for the vault store"));
                yield new VaultKvSecretStore(url, tokenSupplier(v), v.mount(), v.pathPrefix(), v.namespace().orElse(null), v.timeout());
            }
            default -> throw new IllegalStateException("atrium.access.provisioning.secrets.type must be builtin or vault, not " + c.type());
        };
    }

    private static Supplier<String> tokenSupplier(AccessConfig.Vault v) {
        if (v.token().filter(t -> !t.isBlank()).isPresent()) {
            String token = v.token().get();
            return () -> token;
        }
        String file = v.tokenFile().filter(f -> !f.isBlank())
                .orElseThrow(() -> new IllegalStateException("set atrium.access.provisioning.secrets.vault.token or token-file"));
        return () -> {
            try {
                return Files.readString(Path.of(file)).trim();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the Vault token file " + file, e);
            }
        };
    }

    public SecretStore current() {
        return current;
    }
}
