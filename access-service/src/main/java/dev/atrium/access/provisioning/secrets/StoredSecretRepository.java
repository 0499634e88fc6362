package dev.atrium.access.provisioning.secrets;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** The only reader and writer of {@code stored_secret}. */
@ApplicationScoped
public class StoredSecretRepository implements PanacheRepositoryBase<StoredSecret, String> {
}
