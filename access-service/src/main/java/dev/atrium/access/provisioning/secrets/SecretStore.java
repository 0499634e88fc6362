package dev.atrium.access.provisioning.secrets;

import java.util.Map;
import java.util.Optional;

/**
 * Where a provisioned API key is delivered: the built-in encrypted store (default) or an external secrets
 * manager such as HashiCorp Vault. Implementations never log values.
 */
public interface SecretStore {

    /** Adapter name: {@code builtin}, {@code vault}. */
    String type();

    /**
     * Stores {@code value} under {@code path} (e.g. {@code payments-team/<key id>}), replacing what was there.
     *
     * @param metadata non-secret labels stored next to it (team, model, request)
     * @return the ref the value can be read back with
     */
    String put(String path, String value, Map<String, String> metadata) throws Exception;

    /** The value stored under {@code ref}, or empty when there is none (any more). */
    Optional<String> get(String ref) throws Exception;

    /** Removes the value under {@code ref}; nothing happens when there is none. */
    void delete(String ref) throws Exception;

    /**
     * Whether the value stays in the store after it was shown to its owner once. The built-in store forgets it
     * (this service is not a secrets manager); Vault keeps it, since workloads read it there.
     */
    boolean keepsAfterReveal();
}
