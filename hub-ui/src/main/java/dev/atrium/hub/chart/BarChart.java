package dev.atrium.hub.chart;

import java.util.ArrayList;
import java.util.List;

/**
 * Horizontal bars for server-rendered SVG (token usage by team, usage against budget, template feedback):
 * each row has its label and value on one line and the bar, with an optional budget outline, below, so
 * long labels never clip however narrow the card. Geometry only; the template draws it.
 */
public final class BarChart {
    static final int WIDTH = 520;
    static final int LABEL_H = 18;
    static final int BAR_H = 14;
    static final int GAP = 12;
    static final int ROW = LABEL_H + BAR_H + GAP;

    /** One bar; {@code budgetWidth} is the width of a budget outline behind it (0 for none). */
    public record Bar(String label, String valueText, int y, int width, int budgetWidth, String colour) {
        public int textY() {
            return y + 13;
        }

        public int barY() {
            return y + LABEL_H;
        }

        public int x() {
            return 0;
        }

        public int valueX() {
            return WIDTH;
        }

        public int h() {
            return BAR_H;
        }
    }

    /** One input value. */
    public record Item(String label, double value, double budget, String valueText) {
    }

    private final List<Bar> bars;
    private final int height;
    private final String title;

    private BarChart(String title, List<Bar> bars, int height) {
        this.title = title;
        this.bars = bars;
        this.height = height;
    }

    public static BarChart of(String title, List<Item> items) {
        double max = 0;
        for (Item i : items) {
            max = Math.max(max, Math.max(i.value(), i.budget()));
        }
        double scale = max <= 0 ? 0 : WIDTH / max;
        List<Bar> bars = new ArrayList<>();
        int y = 0;
        int n = 0;
        for (Item i : items) {
            int w = (int) Math.round(i.value() * scale);
            int bw = (int) Math.round(i.budget() * scale);
            bars.add(new Bar(i.label().length() > 48 ? i.label().substring(0, 47) + "…" : i.label(), i.valueText(), y,
                    Math.max(w, i.value() > 0 ? 2 : 0), bw, "c" + (n % 6 + 1)));
            y += ROW;
            n++;
        }
        return new BarChart(title, bars, Math.max(y - GAP + 2, ROW));
    }

    public List<Bar> bars() {
        return bars;
    }

    public int width() {
        return WIDTH;
    }

    public int height() {
        return height;
    }

    public String title() {
        return title;
    }

    public boolean isEmpty() {
        return bars.isEmpty();
    }
}
