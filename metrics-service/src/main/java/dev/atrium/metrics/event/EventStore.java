package dev.atrium.metrics.event;

import dev.atrium.metrics.config.MetricsConfig;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The event log and the facts derived from it on ingest, in plain JDBC (decision 0021): one
 * multi-row {@code INSERT … ON CONFLICT DO NOTHING RETURNING id} per batch, then one set-based
 * statement per fact table for the events that were new. Keys are sorted before every upsert so
 * concurrent batches lock rows in the same order. Must run inside the caller's transaction.
 */
@ApplicationScoped
public class EventStore {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MetricsConfig config;

    /** Stores the events whose id is new, updates the facts and dirty weeks; returns the new ones. */
    public List<Event> store(List<Event> events) {
        try (Connection c = dataSource.getConnection()) {
            List<Event> fresh = insertEvents(c, events);
            if (!fresh.isEmpty()) {
                Set<LocalDate> dirty = new TreeSet<>();
                fresh.forEach(e -> dirty.add(Weeks.of(e.time())));
                weeklyActors(c, fresh);
                searchSessions(c, fresh, dirty);
                merges(c, fresh, dirty);
                deployments(c, fresh, dirty);
                incidents(c, fresh, dirty);
                templateAnswers(c, fresh);
                markDirty(c, dirty);
            }
            return fresh;
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    private List<Event> insertEvents(Connection c, List<Event> events) throws SQLException {
        Map<String, Event> unique = new LinkedHashMap<>();
        events.forEach(e -> unique.putIfAbsent(e.id(), e));
        List<Event> list = new ArrayList<>(unique.values());
        int n = list.size();
        String[] ids = new String[n], types = new String[n], actors = new String[n], teams = new String[n],
                times = new String[n], attrs = new String[n];
        for (int i = 0; i < n; i++) {
            Event e = list.get(i);
            ids[i] = e.id();
            types[i] = e.type().wireName();
            actors[i] = e.actor();
            teams[i] = e.team();
            times[i] = e.time().toString();
            attrs[i] = e.attributes().toString();
        }
        Set<String> inserted = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO events (id, type, actor, team, occurred_at, attributes)
                SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::jsonb[])
                ON CONFLICT (id) DO NOTHING
                RETURNING id""")) {
            ps.setArray(1, text(c, ids));
            ps.setArray(2, text(c, types));
            ps.setArray(3, text(c, actors));
            ps.setArray(4, text(c, teams));
            ps.setArray(5, text(c, times));
            ps.setArray(6, text(c, attrs));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inserted.add(rs.getString(1));
                }
            }
        }
        return list.stream().filter(e -> inserted.contains(e.id())).toList();
    }

    private void weeklyActors(Connection c, List<Event> fresh) throws SQLException {
        Set<String> active = new HashSet<>(config.adoption().activeTypes());
        Map<String, String[]> rows = new TreeMap<>();
        for (Event e : fresh) {
            if (e.actor() != null && active.contains(e.type().wireName())) {
                String week = Weeks.of(e.time()).toString();
                rows.putIfAbsent(week + "\u0000" + e.actor(), new String[] {week, e.actor(), e.team()});
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        execute(c, """
                INSERT INTO weekly_actors (week, actor, team)
                SELECT * FROM unnest(?::date[], ?::text[], ?::text[])
                ON CONFLICT DO NOTHING""", rows.values(), 3);
    }

    private void searchSessions(Connection c, List<Event> fresh, Set<LocalDate> dirty) throws SQLException {
        Map<String, Session> sessions = new TreeMap<>();
        for (Event e : fresh) {
            if (e.type() == EventType.SEARCH_PERFORMED || e.type() == EventType.SEARCH_RESULT_CLICKED) {
                Session s = sessions.computeIfAbsent(e.text("searchId"), Session::new);
                s.actor = s.actor == null ? e.actor() : s.actor;
                s.team = s.team == null ? e.team() : s.team;
                if (e.type() == EventType.SEARCH_PERFORMED) {
                    s.searchedAt = min(s.searchedAt, e.time());
                } else if (s.clickedAt == null || e.time().isBefore(s.clickedAt)) {
                    s.clickedAt = e.time();
                    s.rank = e.number("rank");
                }
            }
        }
        if (sessions.isEmpty()) {
            return;
        }
        List<String[]> rows = sessions.values().stream().map(s -> new String[] {s.id, s.actor, s.team, str(s.searchedAt),
                str(s.clickedAt), s.rank == null ? null : s.rank.toString()}).toList();
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO search_sessions AS s (search_id, actor, team, searched_at, first_click_at, first_click_rank)
                SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::int[])
                ON CONFLICT (search_id) DO UPDATE SET
                    actor = coalesce(s.actor, excluded.actor),
                    team = coalesce(s.team, excluded.team),
                    searched_at = least(s.searched_at, excluded.searched_at),
                    first_click_rank = CASE WHEN excluded.first_click_at IS NOT NULL
                            AND (s.first_click_at IS NULL OR excluded.first_click_at < s.first_click_at)
                        THEN excluded.first_click_rank ELSE s.first_click_rank END,
                    first_click_at = least(s.first_click_at, excluded.first_click_at)
                RETURNING searched_at""")) {
            bind(c, ps, rows, 6);
            collectWeeks(ps, dirty);
        }
    }

    private void merges(Connection c, List<Event> fresh, Set<LocalDate> dirty) throws SQLException {
        List<String[]> merges = new ArrayList<>();
        Map<String, String[]> firsts = new TreeMap<>();
        for (Event e : fresh) {
            if (e.type() == EventType.PR_MERGED) {
                String author = e.text("author").toLowerCase(Locale.ROOT);
                String repo = e.text("repository").toLowerCase(Locale.ROOT);
                String at = Instant.parse(e.text("mergedAt")).toString();
                merges.add(new String[] {e.id(), repo, author, at});
                String[] first = firsts.get(author);
                if (first == null || Instant.parse(at).isBefore(Instant.parse(first[1]))) {
                    firsts.put(author, new String[] {author, at, repo});
                }
            }
        }
        if (merges.isEmpty()) {
            return;
        }
        merges.sort(java.util.Comparator.comparing(r -> r[0]));
        execute(c, """
                INSERT INTO merges (event_id, repository, author, merged_at)
                SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[])
                ON CONFLICT DO NOTHING""", merges, 4);
        execute(c, """
                INSERT INTO first_contributions AS f (author, first_merged_at, repository)
                SELECT * FROM unnest(?::text[], ?::timestamptz[], ?::text[]) AS n(author, merged_at, repository)
                WHERE NOT EXISTS (SELECT 1 FROM first_contributions e WHERE e.author = n.author AND e.first_merged_at <= n.merged_at)
                ON CONFLICT (author) DO UPDATE SET first_merged_at = excluded.first_merged_at, repository = excluded.repository
                WHERE excluded.first_merged_at < f.first_merged_at""", firsts.values(), 3);
        // (The NOT EXISTS skips the common case, a later change of a known author, without locking its row.)
        // A change merged late belongs to the lead time of the next successful deployment of its repository.
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT (SELECT min(d.finished_at) FROM deployments d
                        WHERE d.repository = m.repo AND d.finished_at >= m.merged_at AND d.status = 'success')
                FROM unnest(?::text[], ?::timestamptz[]) AS m(repo, merged_at)""")) {
            bind(c, ps, merges.stream().map(r -> new String[] {r[1], r[3]}).toList(), 2);
            collectWeeks(ps, dirty);
        }
    }

    private void deployments(Connection c, List<Event> fresh, Set<LocalDate> dirty) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        for (Event e : fresh) {
            if (e.type() == EventType.DEPLOYMENT_FINISHED) {
                String repo = e.text("repository");
                rows.add(new String[] {e.id(), e.text("deploymentId"), serviceName(e.text("service")),
                        repo == null ? null : repo.toLowerCase(Locale.ROOT), e.team(),
                        e.text("environment").toLowerCase(Locale.ROOT), e.text("status"), e.time().toString()});
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        rows.sort(java.util.Comparator.comparing(r -> r[0]));
        execute(c, """
                INSERT INTO deployments (event_id, deployment_id, service, repository, team, environment, status, finished_at)
                SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[])
                ON CONFLICT DO NOTHING""", rows, 8);
        // The next deployment of the same service now has a different predecessor (lead time window).
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT (SELECT min(d.finished_at) FROM deployments d
                        WHERE d.service = n.service AND d.finished_at > n.finished_at AND d.status = 'success')
                FROM unnest(?::text[], ?::timestamptz[]) AS n(service, finished_at)""")) {
            bind(c, ps, rows.stream().map(r -> new String[] {r[2], r[7]}).toList(), 2);
            collectWeeks(ps, dirty);
        }
    }

    private void incidents(Connection c, List<Event> fresh, Set<LocalDate> dirty) throws SQLException {
        Map<String, String[]> rows = new TreeMap<>();
        List<String> deploymentIds = new ArrayList<>();
        for (Event e : fresh) {
            if (e.type() == EventType.INCIDENT_OPENED || e.type() == EventType.INCIDENT_RESOLVED) {
                String[] r = rows.computeIfAbsent(e.text("incidentId"), id -> new String[] {id, null, null, null, null, null});
                r[1] = r[1] == null ? serviceName(e.text("service")) : r[1];
                r[2] = r[2] == null ? e.team() : r[2];
                if (e.type() == EventType.INCIDENT_OPENED) {
                    r[3] = r[3] == null ? e.text("deploymentId") : r[3];
                    r[4] = str(min(r[4] == null ? null : Instant.parse(r[4]), e.time()));
                } else {
                    r[5] = str(max(r[5] == null ? null : Instant.parse(r[5]), e.time()));
                }
                if (e.text("deploymentId") != null) {
                    deploymentIds.add(e.text("deploymentId"));
                }
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO incidents AS i (incident_id, service, team, deployment_id, opened_at, resolved_at)
                SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::timestamptz[])
                ON CONFLICT (incident_id) DO UPDATE SET
                    service = coalesce(i.service, excluded.service),
                    team = coalesce(i.team, excluded.team),
                    deployment_id = coalesce(i.deployment_id, excluded.deployment_id),
                    opened_at = least(i.opened_at, excluded.opened_at),
                    resolved_at = greatest(i.resolved_at, excluded.resolved_at)
                RETURNING opened_at""")) {
            bind(c, ps, rows.values(), 6);
            collectWeeks(ps, dirty);
        }
        if (!deploymentIds.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT finished_at FROM deployments WHERE deployment_id = ANY (?::text[])")) {
                ps.setArray(1, text(c, deploymentIds.toArray(String[]::new)));
                collectWeeks(ps, dirty);
            }
        }
    }

    private void templateAnswers(Connection c, List<Event> fresh) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        for (Event e : fresh) {
            if (e.type() == EventType.SURVEY_ANSWERED && "template".equals(e.text("survey"))) {
                String improvement = e.text("improvement");
                rows.add(new String[] {e.id(), e.text("taskId"), e.text("template").toLowerCase(Locale.ROOT),
                        dev.atrium.commons.security.Policy.canonicalOwnerRef(e.text("templateOwner")), e.team(),
                        e.actor(), Boolean.toString(e.flag("expected")),
                        improvement == null || improvement.isBlank() ? null : improvement.strip(),
                        e.text("taskUrl"), e.time().toString()});
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        execute(c, """
                INSERT INTO template_answers (event_id, task_id, template, template_owner, team, actor, expected,
                                              improvement, task_url, answered_at)
                SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[],
                                     ?::text[], ?::text[], ?::timestamptz[])
                ON CONFLICT DO NOTHING""", rows, 10);
    }

    private static void markDirty(Connection c, Set<LocalDate> weeks) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO dirty_weeks (week) SELECT unnest(?::date[])")) {
            ps.setArray(1, text(c, weeks.stream().map(LocalDate::toString).toArray(String[]::new)));
            ps.executeUpdate();
        }
    }

    /** A deployment's or incident's service as a component name ({@code component:default/x} → {@code x}). */
    public static String serviceName(String service) {
        if (service == null) {
            return null;
        }
        String s = service.trim().toLowerCase(Locale.ROOT);
        int slash = s.lastIndexOf('/');
        int colon = s.indexOf(':');
        if (colon >= 0 && s.startsWith("component:")) {
            return slash > colon ? s.substring(slash + 1) : s.substring(colon + 1);
        }
        return s;
    }

    private static void execute(Connection c, String sql, Collection<String[]> rows, int columns) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, ps, rows, columns);
            ps.executeUpdate();
        }
    }

    private static void bind(Connection c, PreparedStatement ps, Collection<String[]> rows, int columns) throws SQLException {
        for (int col = 0; col < columns; col++) {
            final int k = col;
            ps.setArray(col + 1, text(c, rows.stream().map(r -> r[k]).toArray(String[]::new)));
        }
    }

    private static void collectWeeks(PreparedStatement ps, Set<LocalDate> weeks) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                java.sql.Timestamp t = rs.getTimestamp(1);
                if (t != null) {
                    weeks.add(Weeks.of(t.toInstant()));
                }
            }
        }
    }

    private static Array text(Connection c, String[] values) throws SQLException {
        return c.createArrayOf("text", values);
    }

    private static String str(Instant t) {
        return t == null ? null : t.toString();
    }

    private static Instant min(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

    private static final class Session {
        final String id;
        String actor;
        String team;
        Instant searchedAt;
        Instant clickedAt;
        Long rank;

        Session(String id) {
            this.id = id;
        }
    }

    /** A database failure while storing events; the transaction is rolled back. */
    public static final class StoreException extends RuntimeException {
        StoreException(SQLException cause) {
            super(cause.getMessage(), cause);
        }

        /** True for deadlocks and serialization failures, which a retry of the batch resolves. */
        public boolean retryable() {
            String state = ((SQLException) getCause()).getSQLState();
            return "40P01".equals(state) || "40001".equals(state);
        }
    }
}
