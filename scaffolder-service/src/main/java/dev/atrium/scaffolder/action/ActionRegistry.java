package dev.atrium.scaffolder.action;

import dev.atrium.commons.error.NotFoundError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Every action bean by id: the one registry behind templates, REST, the CLI and MCP. */
@ApplicationScoped
public class ActionRegistry {
    private final Map<String, ScaffolderAction> actions = new TreeMap<>();

    @Inject
    public ActionRegistry(Instance<ScaffolderAction> beans) {
        for (ScaffolderAction action : beans) {
            ScaffolderAction previous = actions.put(action.id(), action);
            if (previous != null) {
                throw new IllegalStateException("Two actions with id " + action.id() + ": "
                        + previous.getClass().getName() + " and " + action.getClass().getName());
            }
        }
    }

    /** All actions, sorted by id. */
    public Collection<ScaffolderAction> all() {
        return actions.values().stream().sorted(Comparator.comparing(ScaffolderAction::id)).toList();
    }

    public Optional<ScaffolderAction> find(String id) {
        return Optional.ofNullable(actions.get(id));
    }

    public ScaffolderAction get(String id) {
        return find(id).orElseThrow(() -> new NotFoundError("No action with id " + id));
    }

    public boolean exists(String id) {
        return actions.containsKey(id);
    }
}
