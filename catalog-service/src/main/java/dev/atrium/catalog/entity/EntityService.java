package dev.atrium.catalog.entity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.atrium.catalog.history.HistoryRepository;
import dev.atrium.catalog.processing.ProcessingRepository;
import dev.atrium.catalog.refresh.RefreshPolicy;
import dev.atrium.catalog.refresh.RefreshStateRepository;
import dev.atrium.catalog.search.EntityFilter;
import dev.atrium.catalog.search.FacetSummary;
import dev.atrium.catalog.search.FieldProjection;
import dev.atrium.catalog.search.QueryPlanner;
import dev.atrium.catalog.search.SqlFragment;
import dev.atrium.catalog.store.Database;
import dev.atrium.commons.error.InputError;
import dev.atrium.commons.error.NotAllowedError;
import dev.atrium.commons.error.NotFoundError;
import dev.atrium.commons.paging.CursorCodec;
import dev.atrium.commons.security.AtriumUser;
import dev.atrium.commons.security.Policy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
    private static final int MAX_LIMIT = 10_000;
    private static final int REFS_CHUNK = 200;

    @Inject
    EntityRepository repository;

    @Inject
    ProcessingRepository processing;

    @Inject
    Database db;

    @Inject
    RefreshStateRepository refreshState;

    @Inject
    RefreshPolicy refreshPolicy;

    @Inject
    ObjectMapper mapper;

    @Inject
    ReadCache documents;

    @Inject
    FacetSummary facetSummary;

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

    /** The entity as JSON text, written out without a parse/serialize round trip. */
    public String byNameJson(String kind, String namespace, String name) {
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

    public ListResult list(List<String> filter, List<String> fields, List<String> order, Integer offset, Integer limit) {
        if (limit != null && limit <= 0) {
            throw new InputError("Invalid limit, must be a positive integer");
        }
        if (offset != null && offset < 0) {
            throw new InputError("Invalid offset, must be zero or more");
        }
        SqlFragment where = QueryPlanner.where(EntityFilter.parse(filter));
        FieldProjection projection = FieldProjection.parse(fields);
        StringBuilder orderBy = new StringBuilder();
        List<Object> orderParams = new ArrayList<>();
        for (String o : order == null ? List.<String>of() : order) {
            Matcher m = ORDER.matcher(o.trim());
            if (!m.matches()) {
                throw new InputError("Invalid order parameter \"" + o + "\", expected one of asc:<field> or desc:<field>");
            }
            SqlFragment expr = QueryPlanner.sortExpression(m.group(2));
            orderBy.append(expr.sql()).append(' ').append(m.group(1).toUpperCase(Locale.ROOT)).append(" NULLS LAST, ");
            orderParams.addAll(expr.params());
        }
        orderBy.append(order == null || order.isEmpty() ? "e.entity_ref" : "e.entity_id");
        Integer fetch = limit == null ? null : limit + 1;
        List<EntityRepository.Row> rows = repository.select(where, null, orderBy.toString(), orderParams, fetch, offset);
        Integer next = null;
        if (limit != null && rows.size() > limit) {
            rows = rows.subList(0, limit);
            next = (offset == null ? 0 : offset) + limit;
        }
        return new ListResult(project(rows, projection), next);
    }

    public QueryResult query(List<String> filter, List<String> fields, List<String> orderField, String cursor,
            Integer limit, Integer offset, String fullTextTerm, String fullTextFields, boolean countTotal) {
        int pageSize = limit == null ? DEFAULT_QUERY_LIMIT : limit;
        if (pageSize < 0 || pageSize > MAX_LIMIT) {
            throw new InputError("Invalid limit, must be between 0 and " + MAX_LIMIT);
        }
        if (offset != null && offset < 0) {
            throw new InputError("Invalid offset, must be zero or more");
        }
        FieldProjection projection = FieldProjection.parse(fields);
        QueryCursor c;
        if (cursor != null && !cursor.isBlank()) {
            c = CursorCodec.decode(cursor, QueryCursor.class);
            if (c.id() == null || c.o() == null || parseUuid(c.id()).isEmpty()) {
                throw new InputError("Malformed cursor");
            }
            offset = null;
        } else {
            String field = "metadata.uid";
            String dir = "asc";
            if (orderField != null && !orderField.isEmpty()) {
                String[] parts = orderField.get(0).split(",");
                field = parts[0].trim();
                dir = parts.length > 1 ? parts[1].trim().toLowerCase(Locale.ROOT) : "asc";
                if (field.isEmpty() || !(dir.equals("asc") || dir.equals("desc")) || parts.length > 2) {
                    throw new InputError("Invalid orderField \"" + orderField.get(0) + "\", expected <field>,asc or <field>,desc");
                }
            }
            List<String> tf = null;
            if (fullTextTerm != null && !fullTextTerm.isBlank()) {
                tf = fullTextFields == null || fullTextFields.isBlank()
                        ? (orderField == null || orderField.isEmpty() ? List.of("metadata.name", "metadata.title", "metadata.description") : List.of(field))
                        : List.of(fullTextFields.split(","));
            }
            c = new QueryCursor(filter == null ? List.of() : filter, field, dir,
                    fullTextTerm == null || fullTextTerm.isBlank() ? null : fullTextTerm.trim(), tf, null, null, false, -1);
        }
        EntityFilter parsed = EntityFilter.parse(c.f());
        SqlFragment where = and(QueryPlanner.where(parsed), QueryPlanner.fullText(c.t(), c.tf() == null ? List.of() : c.tf()));
        // totalItems=exclude: no count; 0 is carried in the cursor like a counted total
        int total = c.n() >= 0 ? c.n() : countTotal ? count(parsed, c.t(), where) : 0;
        if (pageSize == 0) {
            return new QueryResult(List.of(), total, null, null);
        }
        SqlFragment sort = QueryPlanner.sortExpression(c.o());
        boolean uidSort = c.o().equalsIgnoreCase("metadata.uid");
        boolean columnSort = QueryPlanner.sortsByColumn(c.o());
        boolean asc = c.d().equals("asc");
        boolean backward = c.id() != null && c.b();
        // keyset: (sort value NULLS LAST in the requested direction, entity_id ascending as tie-break)
        String sv = sort.sql();
        List<Object> keysetParams = new ArrayList<>(sort.params());
        String keyset = "TRUE";
        if (c.id() != null) {
            UUID anchor = UUID.fromString(c.id());
            if (uidSort) {
                keyset = backward == asc ? "e.entity_id < ?" : "e.entity_id > ?";
                keysetParams = new ArrayList<>(List.of(anchor));
            } else if (columnSort) {
                // never null: one row comparison, ties broken by entity_id in the same direction
                if (c.v() == null) {
                    throw new InputError("Malformed cursor");
                }
                keyset = "(" + sv + ", e.entity_id) " + (asc != backward ? ">" : "<") + " (?, ?)";
                keysetParams = new ArrayList<>(List.of(c.v(), anchor));
            } else if (c.v() != null) {
                String cmp = backward == asc ? "<" : ">";
                keyset = backward
                        ? "(" + sv + " " + cmp + " ? OR (" + sv + " = ? AND e.entity_id < ?))"
                        : "(" + sv + " " + cmp + " ? OR (" + sv + " = ? AND e.entity_id > ?) OR " + sv + " IS NULL)";
                List<Object> p = new ArrayList<>();
                p.addAll(sort.params());
                p.add(c.v());
                p.addAll(sort.params());
                p.add(c.v());
                p.add(anchor);
                if (!backward) {
                    p.addAll(sort.params());
                }
                keysetParams = p;
            } else {
                keyset = backward
                        ? "(" + sv + " IS NOT NULL OR e.entity_id < ?)"
                        : "(" + sv + " IS NULL AND e.entity_id > ?)";
                List<Object> p = new ArrayList<>(sort.params());
                p.add(anchor);
                keysetParams = p;
            }
        } else {
            keysetParams = List.of();
        }
        SqlFragment pageWhere = and(where, new SqlFragment(keyset, keysetParams));
        String orderBy;
        List<Object> orderParams = new ArrayList<>();
        if (uidSort) {
            orderBy = "e.entity_id " + ((asc != backward) ? "ASC" : "DESC");
        } else if (columnSort) {
            String dir = (asc != backward) ? "ASC" : "DESC";
            orderBy = "sort_value " + dir + ", e.entity_id " + dir;
        } else {
            String dir = (asc != backward) ? "ASC" : "DESC";
            orderBy = "sort_value " + dir + (backward ? " NULLS FIRST" : " NULLS LAST") + ", e.entity_id " + (backward ? "DESC" : "ASC");
        }
        List<EntityRepository.Row> rows = repository.select(pageWhere, sort, orderBy, orderParams, pageSize + 1, offset);
        boolean more = rows.size() > pageSize;
        if (more) {
            rows = new ArrayList<>(rows.subList(0, pageSize));
        }
        if (backward) {
            rows = new ArrayList<>(rows);
            Collections.reverse(rows);
        }
        String next = null;
        String prev = null;
        if (!rows.isEmpty()) {
            EntityRepository.Row first = rows.get(0);
            EntityRepository.Row last = rows.get(rows.size() - 1);
            boolean hasNext = backward || more;
            boolean hasPrev = backward ? more : (c.id() != null || (offset != null && offset > 0));
            if (hasNext) {
                next = CursorCodec.encode(anchored(c, last, false, total, uidSort));
            }
            if (hasPrev) {
                prev = CursorCodec.encode(anchored(c, first, true, total, uidSort));
            }
        }
        return new QueryResult(project(rows, projection), total, next, prev);
    }

    private static QueryCursor anchored(QueryCursor c, EntityRepository.Row row, boolean backward, int total, boolean uidSort) {
        String v = uidSort ? row.id().toString() : row.sortValue();
        return new QueryCursor(c.f(), c.o(), c.d(), c.t(), c.tf(), v, row.id().toString(), backward, total);
    }

    public List<ObjectNode> byRefs(List<String> refs, List<String> fields, List<String> filter) {
        if (refs == null) {
            throw new InputError("Request body must contain entityRefs, an array of entity refs");
        }
        FieldProjection projection = FieldProjection.parse(fields);
        List<String> canonical = new ArrayList<>();
        for (String r : refs) {
            if (r == null) {
                throw new InputError("entityRefs must not contain null");
            }
            canonical.add(EntityRef.parse(r).canonical());
        }
        SqlFragment filterSql = QueryPlanner.where(EntityFilter.parse(filter));
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

    /** Facet counts per requested facet, optionally restricted by a filter. */
    public Map<String, List<Map<String, Object>>> facets(List<String> facets, List<String> filter) {
        if (facets == null || facets.isEmpty()) {
            throw new InputError("Missing facet parameter");
        }
        EntityFilter parsed = EntityFilter.parse(filter);
        SqlFragment where = QueryPlanner.where(parsed);
        Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
        for (String facet : new LinkedHashSet<>(facets)) {
            String key = facet.trim().toLowerCase(Locale.ROOT);
            List<Object> params = new ArrayList<>();
            String sql;
            String restrict = parsed.isEmpty() ? "" : " AND x IN (SELECT e.%s FROM entities e WHERE " + where.sql() + ")";
            if (key.startsWith("relations.")) {
                params.add(key.substring("relations.".length()));
                params.addAll(parsed.isEmpty() ? List.of() : where.params());
                sql = "SELECT r.target_ref, count(*) FROM relations r WHERE lower(r.type) = ?"
                        + restrict.replace("x IN", "r.source_ref IN").formatted("entity_ref") + " GROUP BY r.target_ref";
            } else {
                params.add(key);
                params.addAll(parsed.isEmpty() ? List.of() : where.params());
                sql = "SELECT s.original_value, count(*) FROM search s WHERE s.key = ? AND s.value IS NOT NULL"
                        + restrict.replace("x IN", "s.entity_id IN").formatted("entity_id") + " GROUP BY s.original_value";
            }
            List<Object[]> pairs = parsed.isEmpty() && facetSummary.covers(key) ? facetSummary.counts(key) : repository.pairs(sql, params);
            List<Map<String, Object>> values = new ArrayList<>();
            for (Object[] pair : pairs) {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("value", pair[0]);
                v.put("count", pair[1]);
                values.add(v);
            }
            values.sort((a, b) -> {
                int byCount = Long.compare((Long) b.get("count"), (Long) a.get("count"));
                return byCount != 0 ? byCount : String.valueOf(a.get("value")).compareTo(String.valueOf(b.get("value")));
            });
            out.put(facet, values);
        }
        return out;
    }

    /** The processing-parent chain from an entity up to its root Location(s). */
    public Map<String, Object> ancestry(String kind, String namespace, String name) {
        ObjectNode root = byName(kind, namespace, name);
        String rootRef = refOf(root);
        List<Map<String, Object>> items = new ArrayList<>();
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
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("entity", entity.get());
            item.put("parentEntityRefs", parents);
            items.add(item);
            todo.addAll(parents);
        }
        return Map.of("rootEntityRef", rootRef, "items", items);
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
            processing.deleteOne(c, refOf(entity), history);
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
            out.add(projection == null ? new RawValue(r.json()) : projection.apply(repository.parse(r.json())));
        }
        return out;
    }

    private int count(EntityFilter filter, String fullTextTerm, SqlFragment where) {
        if (fullTextTerm == null) {
            OptionalLong kept = facetSummary.count(filter);
            if (kept.isPresent()) {
                return (int) kept.getAsLong();
            }
        }
        return repository.count(where);
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
