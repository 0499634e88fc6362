package dev.atrium.hub.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * Lines over weekly (or monthly) periods with an optional dashed target line, for server-rendered SVG.
 * Missing values leave a gap. Geometry only; the template draws it and Qute escapes every label.
 */
public final class LineChart {
    static final int WIDTH = 640;
    static final int HEIGHT = 240;
    static final int LEFT = 52;
    static final int RIGHT = 16;
    static final int TOP = 16;
    static final int BOTTOM = 36;

    /** A series as input: a name and one value per period (null when there is none). */
    public record Input(String name, List<Double> values) {
    }

    public record Point(int x, int y, String title) {
    }

    /** One drawn series: its SVG path, its points and its colour class. */
    public record Series(String name, String path, List<Point> points, String colour) {
    }

    public record Tick(int pos, String label, String anchor) {
        Tick(int pos, String label) {
            this(pos, label, "middle");
        }
    }

    private final String title;
    private final List<Series> series;
    private final List<Tick> yTicks;
    private final List<Tick> xTicks;
    private final Integer targetY;
    private final String targetLabel;

    private LineChart(String title, List<Series> series, List<Tick> yTicks, List<Tick> xTicks, Integer targetY, String targetLabel) {
        this.title = title;
        this.series = series;
        this.yTicks = yTicks;
        this.xTicks = xTicks;
        this.targetY = targetY;
        this.targetLabel = targetLabel;
    }

    /**
     * @param periods x-axis labels, oldest first
     * @param target value of the target line, or null
     * @param fixedMax upper bound of the y axis (e.g. 1 for ratios), or null to fit the data and target
     * @param format how values are written on the axis and in point titles
     */
    public static LineChart of(String title, List<String> periods, List<Input> inputs, Double target, String targetLabel,
            Double fixedMax, DoubleFunction<String> format) {
        double max = fixedMax != null ? fixedMax : 0;
        if (fixedMax == null) {
            for (Input in : inputs) {
                for (Double v : in.values()) {
                    if (v != null) {
                        max = Math.max(max, v);
                    }
                }
            }
            if (target != null) {
                max = Math.max(max, target * 1.15);
            }
            max = Numbers.niceCeiling(max);
        }
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        int n = periods.size();
        double step = n <= 1 ? 0 : (double) plotW / (n - 1);
        final double top = max;
        List<Series> out = new ArrayList<>();
        int c = 0;
        for (Input in : inputs) {
            StringBuilder d = new StringBuilder();
            List<Point> pts = new ArrayList<>();
            boolean pen = false;
            for (int i = 0; i < n && i < in.values().size(); i++) {
                Double v = in.values().get(i);
                if (v == null) {
                    pen = false;
                    continue;
                }
                int x = LEFT + (int) Math.round(n <= 1 ? plotW / 2.0 : i * step);
                int y = TOP + (int) Math.round(plotH - Math.min(v, top) / top * plotH);
                d.append(pen ? " L" : (d.length() == 0 ? "M" : " M")).append(x).append(',').append(y);
                pen = true;
                pts.add(new Point(x, y, in.name() + ", " + periods.get(i) + ": " + format.apply(v)));
            }
            out.add(new Series(in.name(), d.toString(), pts, "c" + (c++ % 6 + 1)));
        }
        List<Tick> yTicks = new ArrayList<>();
        for (int i = 0; i <= 4; i++) {
            double v = top * i / 4;
            yTicks.add(new Tick(TOP + (int) Math.round(plotH - (double) plotH * i / 4), format.apply(v)));
        }
        List<Tick> xTicks = new ArrayList<>();
        int every = Math.max(1, (int) Math.ceil(n / 7.0));
        for (int i = 0; i < n; i += every) {
            // the outermost labels lean inwards so they are not cut at the edges
            String anchor = n <= 1 ? "middle" : i == 0 ? "start" : i >= n - 1 ? "end" : "middle";
            xTicks.add(new Tick(LEFT + (int) Math.round(n <= 1 ? plotW / 2.0 : i * step), periods.get(i), anchor));
        }
        Integer ty = target == null ? null : TOP + (int) Math.round(plotH - Math.min(target, top) / top * plotH);
        return new LineChart(title, out, yTicks, xTicks, ty, targetLabel);
    }

    public String title() {
        return title;
    }

    public List<Series> series() {
        return series;
    }

    public List<Tick> yTicks() {
        return yTicks;
    }

    public List<Tick> xTicks() {
        return xTicks;
    }

    public Integer targetY() {
        return targetY;
    }

    public String targetLabel() {
        return targetLabel;
    }

    public int targetLabelY() {
        return targetY == null ? 0 : targetY - 5;
    }

    public int width() {
        return WIDTH;
    }

    public int height() {
        return HEIGHT;
    }

    public int left() {
        return LEFT;
    }

    public int right() {
        return WIDTH - RIGHT;
    }

    public int bottom() {
        return HEIGHT - BOTTOM;
    }

    /** Smaller dots when a series has many points, so the lines stay readable. */
    public String dotRadius() {
        int most = series.stream().mapToInt(s -> s.points().size()).max().orElse(0);
        return most > 16 ? "2" : "3.5";
    }

    public int xLabelY() {
        return HEIGHT - BOTTOM + 18;
    }

    public int yLabelX() {
        return LEFT - 8;
    }

    public boolean isEmpty() {
        return series.stream().allMatch(s -> s.points().isEmpty());
    }
}
