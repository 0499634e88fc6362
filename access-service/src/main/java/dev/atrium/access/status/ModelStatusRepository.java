package dev.atrium.access.status;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;

/** The only reader and writer of {@code model_status}. */
@ApplicationScoped
public class ModelStatusRepository implements PanacheRepositoryBase<ModelStatus, String> {

    public List<ModelStatus> all() {
        return list("ORDER BY modelRef");
    }

    public ModelStatus lock(String ref) {
        return getEntityManager().find(ModelStatus.class, ref, LockModeType.PESSIMISTIC_WRITE);
    }
}
