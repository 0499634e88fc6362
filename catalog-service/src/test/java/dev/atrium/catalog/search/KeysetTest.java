package dev.atrium.catalog.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The paging rules of {@link Keyset} over generated data: walking forward with the last row of
 * each page as anchor visits every row once in order, and walking back from the last page with
 * the first row as anchor gives the same pages, down to a first page without a previous one.
 */
class KeysetTest {

    record Row(List<String> values, String id) {
    }

    /** Rows strictly beyond the anchor, in reading order: what the SQL of {@link Keyset#beyond} selects. */
    private static List<Row> read(List<Row> sorted, Comparator<Row> order, Row anchor, boolean backward, int limit, int offset) {
        List<Row> candidates = new ArrayList<>(sorted);
        if (backward) {
            java.util.Collections.reverse(candidates);
        }
        return candidates.stream()
                .filter(r -> anchor == null || (backward ? order.compare(r, anchor) < 0 : order.compare(r, anchor) > 0))
                .skip(offset)
                .limit(limit)
                .toList();
    }

    @Test
    void walkingForwardAndBackOverGeneratedDataGivesTheSamePages() {
        Random random = new Random(20261202);
        for (int run = 0; run < 2_000; run++) {
            int keyCount = 1 + random.nextInt(3);
            List<Keyset.Key> keys = new ArrayList<>();
            for (int k = 0; k < keyCount; k++) {
                keys.add(new Keyset.Key("f" + k, random.nextBoolean()));
            }
            int size = random.nextInt(40);
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                List<String> values = new ArrayList<>();
                for (int k = 0; k < keyCount; k++) {
                    // few distinct values and some missing ones: ties and nulls at page edges
                    values.add(random.nextInt(4) == 0 ? null : String.valueOf((char) ('a' + random.nextInt(3))));
                }
                rows.add(new Row(values, new UUID(random.nextLong(), random.nextLong()).toString()));
            }
            Comparator<Row> order = Keyset.comparator(keys, Row::values, Row::id);
            List<Row> sorted = rows.stream().sorted(order).toList();
            int pageSize = 1 + random.nextInt(6);
            int offset = random.nextInt(4) == 0 ? random.nextInt(5) : 0;
            String context = "run " + run + " keys " + keys + " size " + size + " page " + pageSize + " offset " + offset;

            List<List<Row>> forward = new ArrayList<>();
            Keyset.Page<Row> page = Keyset.page(read(sorted, order, null, false, pageSize + 1, offset), pageSize, false, false, offset > 0);
            assertEquals(offset > 0 && !page.rows().isEmpty(), page.hasPrev(), context);
            forward.add(page.rows());
            while (page.hasNext()) {
                Row anchor = page.rows().get(page.rows().size() - 1);
                page = Keyset.page(read(sorted, order, anchor, false, pageSize + 1, 0), pageSize, true, false, false);
                assertTrue(page.hasPrev(), context);
                forward.add(page.rows());
                assertTrue(forward.size() <= size + 2, context);
            }
            List<Row> visited = forward.stream().flatMap(List::stream).toList();
            assertEquals(sorted.subList(Math.min(offset, sorted.size()), sorted.size()), visited, context);

            List<List<Row>> backward = new ArrayList<>();
            backward.add(page.rows());
            while (page.hasPrev()) {
                Row anchor = page.rows().get(0);
                page = Keyset.page(read(sorted, order, anchor, true, pageSize + 1, 0), pageSize, true, true, false);
                assertTrue(page.hasNext(), context);
                backward.add(0, page.rows());
                assertTrue(backward.size() <= size + 2, context);
            }
            if (offset == 0) {
                assertEquals(forward, backward, context);
            } else if (!visited.isEmpty()) {
                // back from a first page that skipped rows: the skipped rows come first, in full pages
                List<Row> back = backward.stream().flatMap(List::stream).toList();
                assertEquals(sorted, back, context);
                assertFalse(page.hasPrev(), context);
            }
        }
    }

    @Test
    void missingValuesSortLastInEitherDirectionAndTheIdFollowsTheLastKey() {
        List<Keyset.Key> desc = List.of(new Keyset.Key("f", false));
        Comparator<Row> order = Keyset.comparator(desc, Row::values, Row::id);
        Row a = new Row(java.util.Arrays.asList("a"), "1");
        Row b = new Row(java.util.Arrays.asList("b"), "2");
        Row none = new Row(java.util.Arrays.asList((String) null), "0");
        Row b2 = new Row(java.util.Arrays.asList("b"), "3");
        assertEquals(List.of(b2, b, a, none), List.of(a, b, none, b2).stream().sorted(order).toList());
    }

    @Test
    void sqlOfASingleColumnKeyIsOneRowComparisonAnIndexServes() {
        List<Keyset.Key> keys = List.of(new Keyset.Key("metadata.name", false));
        List<Keyset.Column> columns = List.of(new Keyset.Column("e.name", false, ""));
        SqlFragment forward = Keyset.beyond(keys, columns, "e.entity_id", List.of("m"), "00000000-0000-4000-8000-000000000000", false);
        assertEquals("(e.name, e.entity_id) < (?, ?::uuid)", forward.sql());
        SqlFragment backward = Keyset.beyond(keys, columns, "e.entity_id", List.of("m"), "00000000-0000-4000-8000-000000000000", true);
        assertEquals("(e.name, e.entity_id) > (?, ?::uuid)", backward.sql());
        assertEquals("e.name DESC, e.entity_id DESC", Keyset.orderBy(keys, columns, "e.entity_id", false));
        assertEquals("e.name ASC, e.entity_id ASC", Keyset.orderBy(keys, columns, "e.entity_id", true));
    }

    @Test
    void theUidNeedsNoTieBreak() {
        List<Keyset.Key> keys = List.of(new Keyset.Key("metadata.uid", false));
        List<Keyset.Column> columns = List.of(new Keyset.Column("e.entity_id", false, "::uuid"));
        String id = "00000000-0000-4000-8000-000000000000";
        assertEquals("(e.entity_id) < (?::uuid)", Keyset.beyond(keys, columns, "e.entity_id", List.of(id), id, false).sql());
        assertEquals("e.entity_id DESC", Keyset.orderBy(keys, columns, "e.entity_id", false));
    }

    @Test
    void sqlOfANullableKeyKeepsMissingValuesLast() {
        List<Keyset.Key> keys = List.of(new Keyset.Key("spec.owner", true));
        List<Keyset.Column> columns = List.of(new Keyset.Column("q.s0", true, ""));
        SqlFragment forward = Keyset.beyond(keys, columns, "q.entity_id", List.of("x"), "i", false);
        assertEquals("((q.s0 > ? OR q.s0 IS NULL) OR (q.s0 = ? AND q.entity_id > ?::uuid))", forward.sql());
        assertEquals(List.of("x", "x", "i"), forward.params());
        SqlFragment fromNull = Keyset.beyond(keys, columns, "q.entity_id", java.util.Arrays.asList((String) null), "i", true);
        assertEquals("(q.s0 IS NOT NULL OR (q.s0 IS NULL AND q.entity_id < ?::uuid))", fromNull.sql());
        assertEquals("q.s0 ASC NULLS LAST, q.entity_id ASC", Keyset.orderBy(keys, columns, "q.entity_id", false));
        assertEquals("q.s0 DESC NULLS FIRST, q.entity_id DESC", Keyset.orderBy(keys, columns, "q.entity_id", true));
    }
}
