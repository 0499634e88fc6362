package dev.atrium.access.provisioning.secrets;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One ciphertext of the built-in secret store. */
@Entity
@Table(name = "stored_secret")
public class StoredSecret {
    @Id
    public String ref;
    @Column(name = "key_label")
    public String keyLabel;
    public String nonce;
    public String ciphertext;
    @Column(name = "created_at")
    public Instant createdAt;
}
