package db.migration;

import dev.atrium.catalog.search.SearchRepository;
import java.util.UUID;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Fills {@code search_columns} (migration V10, docs/decisions/0030) for the entities stored before it existed, from
 * their search rows, with the writer's own derivation ({@link SearchRepository#fillColumnsAfter}), a thousand
 * entities at a time in id order.
 */
public class V11__Fill_search_columns extends BaseJavaMigration {
    private static final int BATCH = 1_000;

    @Override
    public void migrate(Context context) throws Exception {
        UUID after = SearchRepository.fillColumnsAfter(context.getConnection(), null, BATCH);
        while (after != null) {
            after = SearchRepository.fillColumnsAfter(context.getConnection(), after, BATCH);
        }
    }
}
