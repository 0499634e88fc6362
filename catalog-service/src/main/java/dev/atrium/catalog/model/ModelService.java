package dev.atrium.catalog.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.catalog.refresh.RefreshStateRepository;
import dev.atrium.catalog.store.Database;
import dev.atrium.commons.error.FieldError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runtime model changes: applies a change as the kind's next version, re-validates the existing
 * entities of the kind against it and schedules them for reprocessing.
 */
@ApplicationScoped
public class ModelService {

    @Inject
    KindRegistry registry;

    @Inject
    Database db;

    @Inject
    RefreshStateRepository refreshState;

    @Inject
    KindModelRepository kindModels;

    @Inject
    ObjectMapper mapper;

    public ModelChangeResult change(String kind, KindChange change, String user) {
        boolean created = registry.find(kind).isEmpty();
        ModelChangeResult result = db.inTransaction(c -> {
            // serialize concurrent changes of one kind
            kindModels.lock(c, kind.toLowerCase(Locale.ROOT));
            registry.reload();
            KindDefinition def = registry.apply(kind, change, user, c);
            List<ModelChangeResult.InvalidEntity> invalid = new ArrayList<>();
            int checked = 0;
            try {
                for (Map.Entry<String, String> row : refreshState.unprocessedOfKind(c, kind.toLowerCase(Locale.ROOT))) {
                    checked++;
                    ObjectNode entity = (ObjectNode) mapper.readTree(row.getValue());
                    List<FieldError> errors = registry.validateAgainst(entity, def);
                    if (!errors.isEmpty()) {
                        invalid.add(new ModelChangeResult.InvalidEntity(row.getKey(), errors));
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            refreshState.makeKindDue(c, kind.toLowerCase(Locale.ROOT));
            return new ModelChangeResult(def, created, checked, invalid);
        });
        registry.reload();
        return result;
    }
}
