package dev.atrium.hub.chart;

import java.util.ArrayList;
import java.util.List;

/**
 * Horizontal bars with labels, for server-rendered SVG (token usage by team, usage against budget).
 * Geometry only; the template draws it.
 */
public final class BarChart {
    static final int WIDTH = 640;
    static final int LABEL_W = 170;
    static final int VALUE_W = 70;
    static final int BAR_H = 22;
    static final int GAP = 10;
    static final int TOP = 8;

    /** One bar; {@code budgetWidth} is the width of a budget outline behind it (0 for none). */
    public record Bar(String label, String valueText, int y, int width, int budgetWidth, String colour) {
        public int textY() {
            return y + 16;
        }

        public int x() {
            return LABEL_W;
        }

        public int valueX() {
            return LABEL_W + Math.max(width, budgetWidth) + 8;
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
        double scale = max <= 0 ? 0 : (WIDTH - LABEL_W - VALUE_W) / max;
        List<Bar> bars = new ArrayList<>();
        int y = TOP;
        int n = 0;
        for (Item i : items) {
            int w = (int) Math.round(i.value() * scale);
            int bw = (int) Math.round(i.budget() * scale);
            bars.add(new Bar(i.label().length() > 24 ? i.label().substring(0, 23) + "…" : i.label(), i.valueText(), y,
                    Math.max(w, i.value() > 0 ? 2 : 0), bw, "c" + (n % 6 + 1)));
            y += BAR_H + GAP;
            n++;
        }
        return new BarChart(title, bars, Math.max(y, TOP + BAR_H));
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

    public int labelX() {
        return LABEL_W - 8;
    }
}
