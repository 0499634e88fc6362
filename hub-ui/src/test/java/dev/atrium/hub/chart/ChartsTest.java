package dev.atrium.hub.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChartsTest {

    @Test
    void lineChartPlacesTheTargetLineAtItsValue() {
        LineChart c = LineChart.of("Adoption", List.of("w1", "w2", "w3"),
                List.of(new LineChart.Input("Adoption", List.of(0.3, 0.6, 0.9))), 0.6, "Target 60 %", 1.0, Numbers::percent);

        LineChart.Series s = c.series().get(0);
        assertEquals(3, s.points().size());
        assertEquals(s.points().get(1).y(), (int) c.targetY(), "the 60 % point sits on the target line");
        assertTrue(s.points().get(2).y() < c.targetY(), "higher values are drawn higher");
        assertEquals("0 %", c.yTicks().get(0).label());
        assertEquals("100 %", c.yTicks().get(4).label());
    }

    @Test
    void missingValuesLeaveAGapInTheLine() {
        LineChart c = LineChart.of("x", List.of("a", "b", "c", "d"),
                List.of(new LineChart.Input("s", Arrays.asList(1.0, null, 2.0, 3.0))), null, null, null, Numbers::trim);

        String d = c.series().get(0).path();
        assertEquals(3, c.series().get(0).points().size());
        assertEquals(2, d.split("M").length - 1, "the line restarts after the gap: " + d);
        assertEquals(null, c.targetY());
    }

    @Test
    void axisFitsDataAndTargetWhenNoMaximumIsGiven() {
        LineChart c = LineChart.of("TTFC", List.of("Jan", "Feb"), List.of(new LineChart.Input("Median", List.of(1.0, 2.0))),
                3.0, "Target 3 days", null, Numbers::trim);

        assertTrue(c.targetY() > 16, "the 3-day target is inside the plot even above all values");
        assertEquals("5", c.yTicks().get(4).label(), "nice axis maximum");
    }

    @Test
    void emptyInputsGiveAnEmptyChart() {
        assertTrue(LineChart.of("x", List.of(), List.of(), null, null, 1.0, Numbers::percent).isEmpty());
        assertTrue(BarChart.of("x", List.of()).isEmpty());
    }

    @Test
    void barsScaleToTheLargestValueOrBudget() {
        BarChart c = BarChart.of("Usage", List.of(new BarChart.Item("a", 50, 100, "50 of 100"), new BarChart.Item("b", 100, 0, "100")));

        assertEquals(c.bars().get(1).width(), c.bars().get(0).budgetWidth());
        assertEquals(c.bars().get(0).width() * 2, c.bars().get(1).width(), 1);
    }

    @Test
    void numbersAreShortAndAxesNice() {
        assertEquals("1.5k", Numbers.compact(1500));
        assertEquals("24.8M", Numbers.compact(24_800_000));
        assertEquals("63 %", Numbers.percent(0.63));
        assertEquals(250.0, Numbers.niceCeiling(212));
        assertEquals(1.0, Numbers.niceCeiling(0));
    }

    @Test
    void relationGraphPutsUpstreamLeftAndDownstreamRight() {
        RelationGraph g = RelationGraph.layout("Payments API", "Component", List.of(
                new RelationGraph.Link("ownedBy", "Payments", "Group", "/catalog/group/default/payments-team"),
                new RelationGraph.Link("providesApi", "Payments REST", "API", "/catalog/api/default/payments-rest"),
                new RelationGraph.Link("ownedBy", "Payments", "Group", "/catalog/group/default/payments-team")));

        assertEquals(3, g.nodes().size(), "duplicates are drawn once");
        RelationGraph.Node self = g.nodes().get(0);
        assertTrue(self.self());
        assertTrue(g.nodes().get(1).x() < self.x(), "owner on the left");
        assertTrue(g.nodes().get(2).x() > self.x(), "API it provides on the right");
        assertEquals(2, g.edges().size());
        assertFalse(g.isEmpty());
    }

    @Test
    void relationGraphCountsWhatItCannotDraw() {
        List<RelationGraph.Link> many = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            many.add(new RelationGraph.Link("hasPart", "c" + i, "Component", "/catalog/component/default/c" + i));
        }
        RelationGraph g = RelationGraph.layout("System", "System", many);

        assertEquals(RelationGraph.MAX_PER_SIDE + 1, g.nodes().size());
        assertEquals(20 - RelationGraph.MAX_PER_SIDE, g.hiddenCount());
    }
}
