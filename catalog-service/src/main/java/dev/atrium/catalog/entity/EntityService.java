package dev.atrium.catalog.entity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.atrium.catalog.history.HistoryRepository;
import dev.atrium.catalog.ref.EntityRef;
import dev.atrium.catalog.refresh.RefreshPolicy;
import dev.atrium.catalog.refresh.RefreshStateRepository;
import dev.atrium.catalog.refresh.RowsDue;
import dev.atrium.catalog.search.EntityFilter;
import dev.atrium.catalog.search.FacetSummary;
import dev.atrium.catalog.search.FieldProjection;
import dev.atrium.catalog.search.FilterPredicate;
import dev.atrium.catalog.search.Keyset;
import dev.atrium.catalog.search.QueryPlanner;
import dev.atrium.catalog.search.SearchColumns;
import dev.atrium.catalog.search.SearchIndexer;
import dev.atrium.catalog.search.SearchRepository;
import dev.atrium.catalog.search.SqlFragment;
import dev.atrium.catalog.store.Database;
import dev.atrium.commons.error.InputError;
import dev.atrium.commons.error.NotAllowedError;
import dev.atrium.commons.error.NotFoundError;
import dev.atrium.commons.paging.CursorCodec;
import dev.atrium.commons.security.AtriumUser;
import dev.atrium.commons.security.Policy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Entity reads and the few entity writes (delete, refresh) with Backstage's semantics. */
@ApplicationScoped
public class EntityService {
    private static final Pattern ORDER = Pattern.compile("^(asc|desc):(.+)$");
    private static final int DEFAULT_QUERY_LIMIT = 20;
    /** Longest cursor accepted in a request body (a predicate query's cursor carries the predicate). */
    private static final int MAX_BODY_CURSOR = 96 * 1024;
    /** Longest predicate (JSON characters) of a query: it travels in every cursor of the query. */
    private static final int MAX_PREDICATE_CHARS = 32 * 1024;
    private static final int REFS_CHUNK = 200;

    @Inject
    EntityRepository repository;

    @Inject
    RelationRepository relations;

    @Inject
    SearchRepository search;

    @Inject
    Database db;

    @Inject
    RefreshStateRepository refreshState;

    @Inject
    RefreshPolicy refreshPolicy;

    @Inject
    Event<RowsDue> rowsDue;

    @Inject
    ObjectMapper mapper;

    @Inject
    ReadCache documents;

    @Inject
    FacetSummary facetSummary;

    @Inject
    ApiLimits limits;

    /**
     * Result of {@code GET /entities}: the page and, if there is more, the offset of the next page.
     * Items are {@link RawValue}s (documents written as they are) or projected {@link ObjectNode}s.
     */
    public record ListResult(List<Object> items, Integer nextOffset) {
    }

    /** Result of {@code GET /entities/by-query}. */
    public record QueryResult(List<Object> items, int totalItems, String nextCursor, String prevCursor) {
    }

    public ObjectNode byName(String kind, String namespace, String name) {
        return repository.byRef(new EntityRef(kind, namespace, name).canonical())
                .orElseThrow(() -> noSuchName(kind, namespace, name));
    }

    /** The entity as the UTF-8 bytes of its JSON text, written out without a parse/serialize round trip. */
    public byte[] byNameJson(String kind, String namespace, String name) {
        return documents.get(new EntityRef(kind, namespace, name).canonical(), repository::byRefsJson)
                .orElseThrow(() -> noSuchName(kind, namespace, name));
    }

    private static NotFoundError noSuchName(String kind, String namespace, String name) {
        return new NotFoundError("No entity named '" + name + "' found, with kind '" + kind + "' in namespace '" + namespace + "'");
    }

    public ObjectNode byUid(String uid) {
        return repository.parse(byUidJson(uid));
    }

    public String byUidJson(String uid) {
        return parseUuid(uid).flatMap(repository::byUidJson)
                .orElseThrow(() -> new NotFoundError("No entity with uid " + uid));
    }

    /**
     * What a query selects, as SQL over the entities; {@code filter} is the classic filter it amounts to (if it
     * does), whose counts the database may keep, else {@code predicate} is the predicate it came from.
     */
    record Selection(SqlFragment where, EntityFilter filter, FilterPredicate predicate) {
        static Selection of(EntityFilter filter) {
            return new Selection(QueryPlanner.where(filter), filter, null);
        }

        static Selection of(FilterPredicate predicate) {
            return predicate.asEntityFilter().map(Selection::of).orElseGet(() -> new Selection(QueryPlanner.where(predicate), null, predicate));
        }

        /**
         * The same selection over {@code search_columns} (docs/decisions/0030), or null when it cannot be written
         * there; translated only when a count or facets are computed, not on every request.
         */
        SqlFragment columns() {
            return (filter != null ? QueryPlanner.columnsWhere(filter) : QueryPlanner.columnsWhere(predicate)).orElse(null);
        }

        boolean everything() {
            return filter != null && filter.isEmpty();
        }
    }

    /** A page of {@code GET /entities} (with a limit). */
    public ListResult list(List<String> filter, List<String> fields, List<String> order, Integer offset, Integer limit) {
        if (limit == null) {
            throw new IllegalArgumentException("an unlimited list is streamed");
        }
        checkLimit(limit, 1);
        checkOffset(offset);
        SqlFragment where = QueryPlanner.where(EntityFilter.parse(filter));
        FieldProjection projection = FieldProjection.parse(fields);
        ListOrder o = listOrder(order);
        List<EntityRepository.Row> rows = repository.select(where, null, o.sql(), o.params(), limit + 1, offset);
        Integer next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            next = (offset == null ? 0 : offset) + limit;
        }
        return new ListResult(project(rows, projection), next);
    }

    /**
     * Writes every entity of {@code GET /entities} without a limit as one JSON array, streaming
     * rows from the database as they come: memory holds at most {@code stream-fetch-size} entities,
     * however large the catalog. Bad input fails here, before anything is written.
     */
    public StreamingOutput stream(List<String> filter, List<String> fields, List<String> order, Integer offset) {
        checkOffset(offset);
        SqlFragment where = QueryPlanner.where(EntityFilter.parse(filter));
        FieldProjection projection = FieldProjection.parse(fields);
        ListOrder o = listOrder(order);
        return out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 16 * 1024);
            w.write('[');
            boolean[] first = {true};
            repository.stream(where, o.sql(), o.params(), offset, limits.streamFetchSize(), doc -> {
                if (!first[0]) {
                    w.write(',');
                }
                first[0] = false;
                w.write(projection == null ? doc : mapper.writeValueAsString(projection.apply(repository.parse(doc))));
            });
            w.write(']');
            w.flush();
        };
    }

    private record ListOrder(String sql, List<Object> params) {
    }

    /** ORDER BY of {@code GET /entities}: the {@code order} directives, then the ref (or id) as tie-break. */
    private ListOrder listOrder(List<String> order) {
        StringBuilder orderBy = new StringBuilder();
        List<Object> params = new ArrayList<>();
        List<String> directives = order == null ? List.of() : order;
        if (directives.size() > limits.maxSortKeys()) {
            throw new InputError("Too many order parameters, at most " + limits.maxSortKeys());
        }
        for (String d : directives) {
            Matcher m = ORDER.matcher(InputError.noNul(d, "order").trim());
            if (!m.matches()) {
                throw new InputError("Invalid order parameter \"" + d + "\", expected one of asc:<field> or desc:<field>");
            }
            SqlFragment expr = QueryPlanner.sortExpression(sortField(m.group(2)));
            orderBy.append(expr.sql()).append(' ').append(m.group(1).toUpperCase(Locale.ROOT)).append(" NULLS LAST, ");
            params.addAll(expr.params());
        }
        orderBy.append(directives.isEmpty() ? "e.entity_ref" : "e.entity_id");
        return new ListOrder(orderBy.toString(), params);
    }

    /** {@code GET /entities/by-query}: a first page from query parameters, or the page a cursor points at. */
    public QueryResult query(List<String> filter, List<String> fields, List<String> orderField, String cursor,
            Integer limit, Integer offset, String fullTextTerm, String fullTextFields, boolean countTotal) {
        FieldProjection projection = FieldProjection.parse(fields);
        if (cursor != null && !cursor.isBlank()) {
            return page(decode(CursorCodec.decode(cursor, QueryCursor.class)), null, pageSize(limit), countTotal, projection);
        }
        List<QueryCursor.Order> order = new ArrayList<>();
        for (String o : orderField == null ? List.<String>of() : orderField) {
            String[] parts = InputError.noNul(o, "orderField").split(",");
            String dir = parts.length > 1 ? parts[1].trim().toLowerCase(Locale.ROOT) : "asc";
            if (parts.length > 2 || parts[0].isBlank()) {
                throw new InputError("Invalid orderField \"" + o + "\", expected <field>,asc or <field>,desc");
            }
            order.add(new QueryCursor.Order(parts[0].trim(), dir));
        }
        List<String> termFields = fullTextFields == null || fullTextFields.isBlank() ? null : List.of(fullTextFields.split(","));
        QueryCursor first = initial(filter == null ? List.of() : filter, null, order, fullTextTerm, termFields);
        return page(first, offset, pageSize(limit), countTotal, projection);
    }

    /** {@code POST /entities/by-query}: the same query with a filter predicate, several sort keys in the body. */
    public QueryResult queryByPredicate(EntityApi.QueryRequest body) {
        EntityApi.QueryRequest r = body == null ? new EntityApi.QueryRequest(null, null, null, null, null, null, null, null) : body;
        FieldProjection projection = FieldProjection.parse(r.fields());
        boolean countTotal = !EntityResource.oneOf(r.totalItems(), "totalItems", "include", "exclude").equals("exclude");
        if (r.cursor() != null) {
            return page(decode(CursorCodec.decode(r.cursor(), QueryCursor.class, MAX_BODY_CURSOR)), null,
                    pageSize(r.limit()), countTotal, projection);
        }
        List<QueryCursor.Order> order = new ArrayList<>();
        for (EntityApi.OrderBy o : r.orderBy() == null ? List.<EntityApi.OrderBy>of() : r.orderBy()) {
            if (o == null || o.field() == null) {
                throw new InputError("Invalid orderBy: every entry needs a field and an order (asc or desc)");
            }
            order.add(new QueryCursor.Order(o.field(), o.order() == null ? "asc" : o.order().trim().toLowerCase(Locale.ROOT)));
        }
        JsonNode query = r.query() == null || r.query().isNull() ? mapper.createObjectNode() : r.query();
        if (query.toString().length() > MAX_PREDICATE_CHARS) {
            throw new InputError("Invalid query: longer than " + MAX_PREDICATE_CHARS + " characters");
        }
        String term = r.fullTextFilter() == null ? null : r.fullTextFilter().term();
        List<String> termFields = r.fullTextFilter() == null || r.fullTextFilter().fields() == null || r.fullTextFilter().fields().isEmpty()
                ? null : r.fullTextFilter().fields();
        return page(initial(null, query, order, term, termFields), r.offset(), pageSize(r.limit()), countTotal, projection);
    }

    /** The cursor-shaped state of a first page: no anchor, nothing counted yet. */
    private QueryCursor initial(List<String> filter, JsonNode query, List<QueryCursor.Order> order, String term, List<String> termFields) {
        List<QueryCursor.Order> o = order.isEmpty() ? List.of(new QueryCursor.Order("metadata.uid", "asc")) : order;
        String t = term == null || term.isBlank() ? null : term.trim();
        List<String> fields = termFields == null ? List.of()
                : termFields.stream().filter(f -> f != null && !f.isBlank()).map(String::trim).toList();
        List<String> tf = null;
        if (t != null) {
            tf = !fields.isEmpty() ? fields
                    : order.isEmpty() ? List.of("metadata.name", "metadata.title", "metadata.description") : List.of(o.get(0).f());
        }
        return validated(new QueryCursor(filter, query, o, t, tf, null, null, false, -1), false);
    }

    private QueryCursor decode(QueryCursor c) {
        if (c == null) {
            throw new InputError("Malformed cursor");
        }
        return validated(c, true);
    }

    /** Checks every field of a cursor (or of a first page's query): whatever is wrong is a 400. */
    private QueryCursor validated(QueryCursor c, boolean anchored) {
        if (c.o() == null || c.o().isEmpty()) {
            throw new InputError("Malformed cursor: no sort order");
        }
        if (c.o().size() > limits.maxSortKeys()) {
            throw new InputError("Too many sort keys, at most " + limits.maxSortKeys());
        }
        List<QueryCursor.Order> order = new ArrayList<>();
        for (QueryCursor.Order o : c.o()) {
            if (o == null || o.f() == null || o.f().isBlank() || o.f().length() > SearchIndexer.MAX_KEY_LENGTH) {
                throw new InputError("Invalid sort field: expected a dot path of 1 to " + SearchIndexer.MAX_KEY_LENGTH + " characters");
            }
            if (!"asc".equals(o.d()) && !"desc".equals(o.d())) {
                throw new InputError("Invalid sort order \"" + o.d() + "\" for " + o.f() + ", expected asc or desc");
            }
            String field = sortField(o.f());
            order.add(new QueryCursor.Order(field, o.d()));
            if (field.equals("metadata.uid")) {
                break; // unique: later keys never decide anything
            }
        }
        if (c.f() != null && c.query() != null) {
            throw new InputError("Malformed cursor: both a filter and a query");
        }
        if (c.f() != null) {
            EntityFilter.parse(c.f());
        }
        if (c.query() != null) {
            FilterPredicate.parse(c.query());
        }
        if (c.t() != null) {
            InputError.noNul(c.t(), "full-text term");
            if (c.tf() == null || c.tf().isEmpty() || c.tf().stream().anyMatch(f -> f == null || f.isBlank())) {
                throw new InputError("Invalid full-text fields");
            }
            c.tf().forEach(f -> InputError.noNul(f, "full-text field"));
        }
        if (anchored) {
            if (c.id() == null || parseUuid(c.id()).isEmpty() || c.v() == null || c.v().size() != c.o().size() || c.n() < 0) {
                throw new InputError("Malformed cursor");
            }
            c.v().forEach(v -> InputError.noNul(v, "cursor"));
            List<String> values = c.v().subList(0, order.size());
            for (int i = 0; i < order.size(); i++) {
                boolean nullable = QueryPlanner.sortValue(order.get(i).f()).nullable();
                if (values.get(i) == null && !nullable) {
                    throw new InputError("Malformed cursor");
                }
                if (order.get(i).f().equals("metadata.uid") && parseUuid(values.get(i)).isEmpty()) {
                    throw new InputError("Malformed cursor");
                }
            }
            return new QueryCursor(c.f(), c.query(), order, c.t(), c.tf(), values, c.id(), c.b(), c.n());
        }
        return new QueryCursor(c.f(), c.query(), order, c.t(), c.tf(), null, null, false, -1);
    }

    /** A sort field as its dot path, lower-cased. */
    private static String sortField(String field) {
        String f = InputError.noNul(field, "sort field").trim().toLowerCase(Locale.ROOT);
        if (f.isEmpty()) {
            throw new InputError("Invalid sort field: empty");
        }
        return f;
    }

    private int pageSize(Integer limit) {
        int size = limit == null ? DEFAULT_QUERY_LIMIT : limit;
        checkLimit(size, 0);
        return size;
    }

    private void checkLimit(int limit, int min) {
        if (limit < min || limit > limits.maxLimit()) {
            throw new InputError("Invalid limit " + limit + ", must be between " + min + " and " + limits.maxLimit());
        }
    }

    private void checkOffset(Integer offset) {
        if (offset != null && (offset < 0 || offset > limits.maxOffset())) {
            throw new InputError("Invalid offset " + offset + ", must be between 0 and " + limits.maxOffset());
        }
    }

    /** Reads the page {@code c} stands for and the cursors of its neighbours. */
    private QueryResult page(QueryCursor c, Integer offset, int pageSize, boolean countTotal, FieldProjection projection) {
        checkOffset(offset);
        Selection selection = c.query() != null ? Selection.of(FilterPredicate.parse(c.query())) : Selection.of(EntityFilter.parse(c.f()));
        SqlFragment where = and(selection.where(), QueryPlanner.fullText(c.t(), c.tf() == null ? List.of() : c.tf()));
        // totalItems=exclude: no count; 0 is carried in the cursor like a counted total
        int total = c.n() >= 0 ? c.n() : countTotal ? count(selection, c.t(), where) : 0;
        if (pageSize == 0) {
            return new QueryResult(List.of(), total, null, null);
        }
        List<EntityRepository.SortColumn> sorts = new ArrayList<>();
        for (QueryCursor.Order o : c.o()) {
            QueryPlanner.SortValue sv = QueryPlanner.sortValue(o.f());
            sorts.add(new EntityRepository.SortColumn(new Keyset.Key(o.f(), o.d().equals("asc")), sv.value(), sv.nullable(), sv.cast()));
        }
        boolean anchored = c.id() != null;
        boolean backward = anchored && c.b();
        List<EntityRepository.PageRow> read = repository.page(where, sorts, c.v(), c.id(), backward, pageSize + 1, anchored ? null : offset);
        Keyset.Page<EntityRepository.PageRow> page = Keyset.page(read, pageSize, anchored, backward, offset != null && offset > 0);
        String next = null;
        String prev = null;
        if (page.hasNext()) {
            next = encode(anchored(c, page.rows().get(page.rows().size() - 1), false, total));
        }
        if (page.hasPrev()) {
            prev = encode(anchored(c, page.rows().get(0), true, total));
        }
        List<Object> items = new ArrayList<>(page.rows().size());
        for (EntityRepository.PageRow r : page.rows()) {
            items.add(projection == null ? new RawValue(new Utf8Json(r.json())) : projection.apply(repository.parse(r.json())));
        }
        return new QueryResult(items, total, next, prev);
    }

    private static QueryCursor anchored(QueryCursor c, EntityRepository.PageRow row, boolean backward, int total) {
        return new QueryCursor(c.f(), c.query(), c.o(), c.t(), c.tf(), row.sortValues(), row.id().toString(), backward, total);
    }

    /**
     * A predicate query's cursors are standard base64 and carry {@code query}: that is how
     * {@code @backstage/catalog-client} knows to send them back to {@code POST /entities/by-query}.
     */
    private static String encode(QueryCursor c) {
        return c.query() != null ? CursorCodec.encodeStandard(c) : CursorCodec.encode(c);
    }

    /** {@code POST /entities/by-refs}: the entities in the order asked, null where missing or filtered out. */
    private List<ObjectNode> byRefs(List<String> refs, List<String> fields, Selection selection) {
        if (refs == null) {
            throw new InputError("Request body must contain entityRefs, an array of entity refs");
        }
        if (refs.size() > limits.maxRefs()) {
            throw new InputError("Too many entityRefs: " + refs.size() + ", at most " + limits.maxRefs() + " per request");
        }
        FieldProjection projection = FieldProjection.parse(fields);
        List<String> canonical = new ArrayList<>();
        for (String r : refs) {
            if (r == null) {
                throw new InputError("entityRefs must not contain null");
            }
            canonical.add(EntityRef.parse(r).canonical());
        }
        SqlFragment filterSql = selection.where();
        Map<String, ObjectNode> found = new HashMap<>();
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(canonical));
        for (int i = 0; i < distinct.size(); i += REFS_CHUNK) {
            List<String> chunk = distinct.subList(i, Math.min(distinct.size(), i + REFS_CHUNK));
            List<Object> params = new ArrayList<>();
            params.add(chunk.toArray(String[]::new));
            params.addAll(filterSql.params());
            SqlFragment where = new SqlFragment("e.entity_ref = ANY(?) AND " + filterSql.sql(), params);
            for (EntityRepository.Row row : repository.select(where, null, null, List.of(), null, null)) {
                ObjectNode entity = repository.parse(row.json());
                found.put(refOf(entity), entity);
            }
        }
        List<ObjectNode> out = new ArrayList<>();
        for (String r : canonical) {
            ObjectNode e = found.get(r);
            out.add(e == null ? null : projection == null ? e : projection.apply(e));
        }
        return out;
    }

    /** by-refs with the {@code filter} query parameters. */
    public List<ObjectNode> byRefs(List<String> refs, List<String> fields, List<String> filter) {
        return byRefs(refs, fields, Selection.of(EntityFilter.parse(filter)));
    }

    /** by-refs with a filter predicate. */
    public List<ObjectNode> byRefs(List<String> refs, List<String> fields, JsonNode query) {
        return byRefs(refs, fields, Selection.of(FilterPredicate.parse(query)));
    }

    /** Facet counts per requested facet, optionally restricted by a filter. */
    public Map<String, List<EntityApi.FacetValue>> facets(List<String> facets, List<String> filter) {
        return facets(facets, Selection.of(EntityFilter.parse(filter)));
    }

    /** Facet counts per requested facet, restricted by a filter predicate. */
    public Map<String, List<EntityApi.FacetValue>> facets(List<String> facets, JsonNode query) {
        return facets(facets, Selection.of(FilterPredicate.parse(query)));
    }

    private Map<String, List<EntityApi.FacetValue>> facets(List<String> facets, Selection selection) {
        if (facets == null || facets.isEmpty()) {
            throw new InputError("Missing facet parameter");
        }
        if (facets.size() > limits.maxFacets()) {
            throw new InputError("Too many facets, at most " + limits.maxFacets());
        }
        Map<String, String> keys = new LinkedHashMap<>();
        for (String facet : facets) {
            if (facet == null || facet.isBlank() || facet.length() > SearchIndexer.MAX_KEY_LENGTH) {
                throw new InputError("Invalid facet: expected a dot path of 1 to " + SearchIndexer.MAX_KEY_LENGTH + " characters");
            }
            keys.putIfAbsent(facet, InputError.noNul(facet, "facet").trim().toLowerCase(Locale.ROOT));
        }
        SqlFragment restrict = selection.everything() ? null : selection.where();
        String cacheKey = "facets|" + String.join("\u0000", keys.keySet()) + "\u0001" + (restrict == null ? "" : restrict.identity());
        return documents.result(cacheKey, () -> facetsNow(keys, restrict, restrict == null ? null : selection.columns()),
                EntityService::weight);
    }

    /**
     * Facet values of {@code keys} (requested name → lower-case key), most frequent first: unfiltered summarized
     * fields from the kept counts, relations from the relations table, filtered common fields from
     * {@code search_columns} in one scan when {@code columns} (the filter over them) is given and they are exact,
     * every other field from the search table in one statement.
     */
    private Map<String, List<EntityApi.FacetValue>> facetsNow(Map<String, String> keys, SqlFragment restrict, SqlFragment columns) {
        Set<String> searched = new LinkedHashSet<>();
        Set<String> columnar = new LinkedHashSet<>();
        for (String key : keys.values()) {
            switch (facetSource(key, restrict, columns)) {
                case SEARCH -> searched.add(key);
                case SEARCH_COLUMNS -> columnar.add(key);
                default -> {
                }
            }
        }
        Map<String, List<Object[]>> grouped = new HashMap<>();
        if (!columnar.isEmpty()) {
            search.columnValueCounts(columnar, columns).ifPresentOrElse(grouped::putAll, () -> searched.addAll(columnar));
        }
        if (!searched.isEmpty()) {
            grouped.putAll(search.valueCounts(searched, restrict));
        }
        Map<String, List<EntityApi.FacetValue>> out = new LinkedHashMap<>();
        keys.forEach((facet, key) -> {
            List<Object[]> pairs = switch (facetSource(key, restrict, columns)) {
                case RELATIONS -> relations.targetCounts(key.substring("relations.".length()), restrict);
                case KEPT_COUNTS -> facetSummary.counts(key);
                case SEARCH, SEARCH_COLUMNS -> grouped.get(key);
            };
            List<EntityApi.FacetValue> values = new ArrayList<>(pairs.size());
            for (Object[] pair : pairs) {
                values.add(new EntityApi.FacetValue((String) pair[0], (Long) pair[1]));
            }
            values.sort((a, b) -> {
                int byCount = Long.compare(b.count(), a.count());
                return byCount != 0 ? byCount : String.valueOf(a.value()).compareTo(String.valueOf(b.value()));
            });
            out.put(facet, List.copyOf(values));
        });
        return Collections.unmodifiableMap(out);
    }

    /** Where the values of a facet come from. */
    private enum FacetSource { RELATIONS, KEPT_COUNTS, SEARCH_COLUMNS, SEARCH }

    /**
     * Relations from their table, unfiltered summarized fields from the kept counts, filtered common fields from
     * {@code search_columns} when the filter can be written over them (and, at run time, while they are exact), the
     * rest from the search table.
     */
    private FacetSource facetSource(String key, SqlFragment restrict, SqlFragment columns) {
        if (key.startsWith("relations.")) {
            return FacetSource.RELATIONS;
        }
        if (restrict == null && facetSummary.covers(key)) {
            return FacetSource.KEPT_COUNTS;
        }
        return columns != null && SearchColumns.groups(key) ? FacetSource.SEARCH_COLUMNS : FacetSource.SEARCH;
    }

    /**
     * Estimated heap bytes of a facet result: per value its characters and about 72 bytes of objects (the value
     * record, its String and array, the list slot, with compact object headers).
     */
    private static int weight(Map<String, List<EntityApi.FacetValue>> result) {
        long w = 0;
        for (Map.Entry<String, List<EntityApi.FacetValue>> e : result.entrySet()) {
            w += e.getKey().length() + 72;
            for (EntityApi.FacetValue v : e.getValue()) {
                w += (v.value() == null ? 0 : v.value().length()) + 72;
            }
        }
        return (int) Math.min(Integer.MAX_VALUE, w);
    }

    /** The processing-parent chain from an entity up to its root Location(s). */
    public EntityApi.Ancestry ancestry(String kind, String namespace, String name) {
        ObjectNode root = byName(kind, namespace, name);
        String rootRef = refOf(root);
        List<EntityApi.AncestryItem> items = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        List<String> todo = new ArrayList<>(List.of(rootRef));
        while (!todo.isEmpty()) {
            String ref = todo.remove(0);
            if (!seen.add(ref)) {
                continue;
            }
            Optional<ObjectNode> entity = repository.byRef(ref);
            if (entity.isEmpty()) {
                continue;
            }
            List<String> parents = parentsOf(ref);
            items.add(new EntityApi.AncestryItem(entity.get(), parents));
            todo.addAll(parents);
        }
        return new EntityApi.Ancestry(rootRef, items);
    }

    private List<String> parentsOf(String ref) {
        return refreshState.parentsOf(ref);
    }

    /** Makes an entity and the Location(s) that emit it due for processing now, if {@code user} may (see {@link RefreshPolicy}). */
    public void refresh(String entityRef, AtriumUser user) {
        refreshPolicy.checkEntity(user, EntityRef.parse(entityRef).canonical());
        refresh(entityRef);
    }

    /** Makes an entity and the Location(s) that emit it due for processing now. */
    public void refresh(String entityRef) {
        String ref = EntityRef.parse(entityRef).canonical();
        List<String> targets = new ArrayList<>(List.of(ref));
        targets.addAll(parentsOf(ref));
        if (refreshState.makeDue(targets) == 0) {
            throw new NotFoundError("No entity with ref " + ref);
        }
        rowsDue.fire(new RowsDue());
    }

    /** Deletes an entity by uid if the caller owns it (or its domain) or is an admin. */
    public void deleteByUid(String uid, AtriumUser user) {
        ObjectNode entity = byUid(uid);
        String owner = entity.path("spec").path("owner").asText(null);
        if (!Policy.canEdit(user, owner, domainOwnerOf(entity))) {
            throw new NotAllowedError("Only the owner of " + refOf(entity) + " (" + (owner == null ? "none" : owner)
                    + "), its domain owner or a platform admin may delete it");
        }
        db.inTransaction(c -> {
            List<HistoryRepository.Pending> history = new ArrayList<>();
            repository.deleteOne(c, refOf(entity), history);
            HistoryRepository.write(c, history);
            return null;
        });
        documents.invalidateAll();
    }

    /** The owner of the domain an entity belongs to (entity → system → domain → owner), or null. */
    public String domainOwnerOf(ObjectNode entity) {
        String kind = entity.path("kind").asText().toLowerCase(Locale.ROOT);
        String namespace = entity.path("metadata").path("namespace").asText(EntityRef.DEFAULT_NAMESPACE);
        String domainRef = null;
        if (kind.equals("system")) {
            domainRef = entity.path("spec").path("domain").asText(null);
        } else if (entity.path("spec").hasNonNull("system")) {
            String systemRef = EntityRef.parse(entity.path("spec").path("system").asText(), "system", namespace).canonical();
            domainRef = repository.byRef(systemRef).map(s -> s.path("spec").path("domain").asText(null)).orElse(null);
        }
        if (domainRef == null) {
            return null;
        }
        String canonical = EntityRef.parse(domainRef, "domain", namespace).canonical();
        return repository.byRef(canonical).map(d -> d.path("spec").path("owner").asText(null)).orElse(null);
    }

    public static String refOf(ObjectNode entity) {
        return EntityRef.of(entity.path("kind").asText(), entity.path("metadata").path("namespace").asText(null),
                entity.path("metadata").path("name").asText()).canonical();
    }

    private List<Object> project(List<EntityRepository.Row> rows, FieldProjection projection) {
        List<Object> out = new ArrayList<>(rows.size());
        for (EntityRepository.Row r : rows) {
            out.add(projection == null ? new RawValue(new Utf8Json(r.json())) : projection.apply(repository.parse(r.json())));
        }
        return out;
    }

    private int count(Selection selection, String fullTextTerm, SqlFragment where) {
        if (fullTextTerm == null && selection.filter() != null) {
            OptionalLong kept = facetSummary.count(selection.filter());
            if (kept.isPresent()) {
                return (int) kept.getAsLong();
            }
        }
        return repository.count(where, fullTextTerm == null ? selection::columns : () -> null);
    }

    private static SqlFragment and(SqlFragment a, SqlFragment b) {
        List<Object> params = new ArrayList<>(a.params());
        params.addAll(b.params());
        return new SqlFragment(a.sql() + " AND " + b.sql(), params);
    }

    /** A UUID, or empty for anything that is not one (unknown ids are 404s, not 400s). */
    public static Optional<UUID> parseUuid(String s) {
        try {
            return Optional.of(UUID.fromString(s));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
