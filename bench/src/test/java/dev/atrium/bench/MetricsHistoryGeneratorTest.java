package dev.atrium.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MetricsHistoryGeneratorTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 2);

    private static List<ObjectNode> events(String profile, int engineers, int weeks) {
        List<ObjectNode> out = new ArrayList<>();
        new MetricsHistoryGenerator(profile, engineers, weeks, 7, TODAY).generate(out::add);
        return out;
    }

    @Test
    void sameInputsGiveTheSameEvents() {
        assertEquals(events("bench", 50, 3).toString(), events("bench", 50, 3).toString());
    }

    @Test
    void idsAreUniqueAndNothingIsInTheFutureOrOlderThanTheIngestLimit() {
        List<ObjectNode> all = events("bench", 100, 6);
        Set<String> ids = new HashSet<>();
        Instant end = TODAY.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant oldest = end.minusSeconds(1100L * 86400);
        for (ObjectNode e : all) {
            assertTrue(ids.add(e.path("id").asText()), "duplicate id " + e);
            Instant t = Instant.parse(e.path("time").asText());
            assertTrue(t.isBefore(end.plusSeconds(7 * 86400)) && t.isAfter(oldest), "time out of range: " + e);
            assertTrue(e.path("attributes").isObject());
        }
    }

    @Test
    void benchVolumeIsAboutFortyEightEventsPerEngineerWeek() {
        int engineers = 200;
        int weeks = 4;
        double perEngineerWeek = events("bench", engineers, weeks).size() / (double) (engineers * weeks);
        assertTrue(perEngineerWeek > 35 && perEngineerWeek < 65, "events per engineer-week: " + perEngineerWeek);
    }

    @Test
    void demoUsesTheDemoTeamsAndUsers() {
        MetricsHistoryGenerator g = new MetricsHistoryGenerator("demo", 0, 26, 42, TODAY);
        assertTrue(g.engineersCsv().contains("\nalice,"));
        Set<String> teams = new HashSet<>();
        g.engineers().forEach(e -> teams.add(e.team()));
        assertEquals(Set.of("payments-team", "checkout-team", "ml-platform-team", "data-team", "platform-team"), teams);
    }
}
