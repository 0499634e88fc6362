package dev.atrium.access.provisioning.secrets;

import dev.atrium.access.key.ApiKey;
import dev.atrium.access.key.KeyMaterial;
import dev.atrium.access.key.KeyService;
import dev.atrium.access.provisioning.Provisioner;
import dev.atrium.access.provisioning.ProvisioningContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * API-key step: a new scoped key (team, covered models, the request's monthly token volume as budget, the
 * default lifetime) whose plaintext goes to the secrets store and whose keyed hash goes to {@code api_key}.
 * Idempotent: the delivery path is fixed per request ({@code <team>/<model>-<request id>}) and overwritten on a
 * retry, and the key row is written once (a request has at most one live key).
 */
@ApplicationScoped
public class ApiKeyProvisioner implements Provisioner {

    @Inject
    KeyService keys;

    @Inject
    KeyMaterial material;

    @Inject
    SecretStores stores;

    @Override
    public String step() {
        return "api-key";
    }

    @Override
    public String adapter() {
        return stores.current().type();
    }

    @Override
    public String provision(ProvisioningContext c) throws Exception {
        Optional<ApiKey> existing = keys.provisionedKey(c.requestId());
        if (existing.isPresent()) {
            return describe(existing.get());
        }
        String plaintext = material.generate();
        UUID keyId = UUID.randomUUID();
        String path = c.teamName() + "/" + ProvisioningContext.nameOf(c.modelRef()) + "-" + c.requestId();
        String ref = stores.current().put(path, plaintext, Map.of("team", c.team(), "model", c.modelRef(),
                "request_id", c.requestId().toString(), "key_id", keyId.toString()));
        return describe(keys.recordProvisioned(c, keyId, plaintext, ref));
    }

    @Override
    public String deprovision(ProvisioningContext c) throws Exception {
        int removed = keys.forgetDelivered(c.requestId());
        return removed + " delivered key copies removed";
    }

    private static String describe(ApiKey k) {
        return "key " + k.displayPrefix + "… in " + (k.secretRef == null ? "(already shown)" : k.secretRef);
    }
}
