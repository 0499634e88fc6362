package dev.atrium.catalog.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The fields {@code search_columns} holds as columns, one row per entity (migration V10, docs/decisions/0030), and
 * the one derivation of such a row from the entity's search rows ({@link #of}): what
 * {@link QueryPlanner#columnsWhere} filters on and {@link SearchRepository#columnValueCounts} groups.
 */
public final class SearchColumns {
    /** Lower-case field key → column. */
    static final Map<String, String> COLUMNS = Map.of(
            "kind", "kind", "metadata.namespace", "namespace", "spec.type", "type", "spec.lifecycle", "lifecycle",
            "spec.owner", "owner", "spec.system", "system", "spec.domain", "domain", "metadata.tags", "tags");

    /**
     * Fields filters read from the columns: the ones with few values, each shared by many entities, for which a
     * scan of the narrow table beats the search table's index. Fields with many values (owner, system, domain) are
     * filtered through that index even over the columns: a team's entities are a few hundred rows there, while
     * the scan costs the same for every value (docs/decisions/0030).
     */
    static final Set<String> FILTERS = Set.of("kind", "metadata.namespace", "spec.type", "spec.lifecycle", "metadata.tags");

    /** The field whose column is an array of values; every other column holds one value or none. */
    static final String ARRAY_KEY = "metadata.tags";

    /** Fields every regular entity has exactly once. */
    static final Set<String> ALWAYS_PRESENT = Set.of("kind", "metadata.namespace");

    /** The single-valued fields, in the column order of {@link #COPY_COLUMNS}. */
    private static final List<String> SINGLE = List.of("kind", "metadata.namespace", "spec.type", "spec.lifecycle",
            "spec.owner", "spec.system", "spec.domain");

    /**
     * The columns {@link Row#values} fills, in order: the id, the flag, the values (tags last), then the originals
     * in the same order.
     */
    static final String[] COPY_COLUMNS = copyColumns();

    private static final Comparator<SearchIndexer.Row> TAG_ORDER = Comparator
            .comparing(SearchIndexer.Row::value, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(SearchIndexer.Row::originalValue, Comparator.nullsLast(Comparator.naturalOrder()));

    private SearchColumns() {
    }

    private static String[] copyColumns() {
        List<String> values = new ArrayList<>();
        SINGLE.forEach(k -> values.add(COLUMNS.get(k)));
        values.add(COLUMNS.get(ARRAY_KEY));
        List<String> out = new ArrayList<>(List.of("entity_id", "irregular"));
        out.addAll(values);
        values.forEach(v -> out.add(v + "_original"));
        return out.toArray(String[]::new);
    }

    /** The search-row keys a row is derived from. */
    public static Set<String> keys() {
        return COLUMNS.keySet();
    }

    /** Whether facets of {@code key} (lower case) can be grouped from the columns: every field they hold. */
    public static boolean groups(String key) {
        return COLUMNS.containsKey(key);
    }

    /**
     * One entity's row: lower-case values; originals only where they differ; tags as parallel arrays ordered by
     * value. A single-valued field given more than once or with a value too long for the search table (null there),
     * or a missing kind or namespace, makes the entity irregular: its columns then answer nothing.
     */
    public record Row(boolean irregular, String[] values, String[] originals, List<String> tags, List<String> tagOriginals) {

        /** The values of {@link #COPY_COLUMNS} after {@code entity_id}; arrays as lists. */
        List<Object> values(Object entityId) {
            List<Object> out = new ArrayList<>(COPY_COLUMNS.length);
            out.add(entityId);
            out.add(irregular);
            out.addAll(Arrays.asList(values));
            out.add(tags);
            out.addAll(Arrays.asList(originals));
            out.add(tagOriginals);
            return out;
        }
    }

    /** The {@code search_columns} row of an entity whose search rows are {@code rows} ({@link SearchIndexer#rows}). */
    public static Row of(List<SearchIndexer.Row> rows) {
        boolean irregular = false;
        String[] values = new String[SINGLE.size()];
        String[] originals = new String[SINGLE.size()];
        int[] seen = new int[SINGLE.size()];
        List<SearchIndexer.Row> tagRows = new ArrayList<>();
        for (SearchIndexer.Row r : rows) {
            String key = r.key();
            if (key.equals(ARRAY_KEY)) {
                tagRows.add(r);
                continue;
            }
            int i = SINGLE.indexOf(key);
            if (i < 0) {
                continue;
            }
            seen[i]++;
            irregular |= r.value() == null;
            values[i] = r.value();
            originals[i] = Objects.equals(r.originalValue(), r.value()) ? null : r.originalValue();
        }
        for (int i = 0; i < SINGLE.size(); i++) {
            irregular |= seen[i] > 1 || (seen[i] == 0 && ALWAYS_PRESENT.contains(SINGLE.get(i)));
        }
        List<String> tags = null;
        List<String> tagOriginals = null;
        if (!tagRows.isEmpty()) {
            tagRows.sort(TAG_ORDER);
            tags = new ArrayList<>(tagRows.size());
            boolean differs = false;
            for (SearchIndexer.Row r : tagRows) {
                tags.add(r.value());
                differs |= r.value() != null && !r.value().equals(r.originalValue());
            }
            if (differs) {
                tagOriginals = tagRows.stream().map(SearchIndexer.Row::originalValue).toList();
            }
        }
        return new Row(irregular, values, originals, tags, tagOriginals);
    }
}
