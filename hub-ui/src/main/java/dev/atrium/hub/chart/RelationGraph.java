package dev.atrium.hub.chart;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Lays out an entity's relations for a server-rendered SVG: the entity in the middle, what it belongs
 * to or depends on (owner, system, APIs it consumes, models it uses…) on the left, what belongs to it or
 * depends on it on the right. Pure geometry: the template draws it, so every label is escaped by Qute.
 */
public final class RelationGraph {
    /** Relations whose target is "upstream" of the entity, drawn on the left. */
    private static final Set<String> LEFT = Set.of("ownedby", "partof", "dependson", "consumesapi", "memberof",
            "childof", "usesmodel", "apiprovidedby");
    public static final int NODE_W = 180;
    public static final int NODE_H = 44;
    private static final int GAP_Y = 14;
    private static final int COL_GAP = 96;
    private static final int PAD = 12;
    /** Most nodes drawn per side; the rest are counted in {@link #hiddenCount()}. */
    public static final int MAX_PER_SIDE = 14;

    /** A box: the related entity (or the entity itself). */
    public record Node(String id, int x, int y, String label, String kind, String href, boolean self) {
        public int w() {
            return NODE_W;
        }

        public int h() {
            return NODE_H;
        }

        public int textX() {
            return x + 12;
        }

        public int kindY() {
            return y + 16;
        }

        public int labelY() {
            return y + 33;
        }

        /** Label cut to what fits in the box. */
        public String shortLabel() {
            return label.length() > 24 ? label.substring(0, 23) + "…" : label;
        }
    }

    /** A curve from the entity to a related node, labelled with the relation type. */
    public record Edge(String path, String label, int labelX, int labelY, String anchor) {
    }

    /** An input relation: type and the related entity's label, kind and page. */
    public record Link(String type, String label, String kind, String href) {
    }

    private final int width;
    private final int height;
    private final List<Node> nodes;
    private final List<Edge> edges;
    private final int hidden;

    private RelationGraph(int width, int height, List<Node> nodes, List<Edge> edges, int hidden) {
        this.width = width;
        this.height = height;
        this.nodes = nodes;
        this.edges = edges;
        this.hidden = hidden;
    }

    public static RelationGraph layout(String selfLabel, String selfKind, List<Link> links) {
        Map<String, Link> unique = new LinkedHashMap<>();
        for (Link l : links) {
            unique.putIfAbsent(l.type().toLowerCase(Locale.ROOT) + "|" + l.href(), l);
        }
        List<Link> left = new ArrayList<>();
        List<Link> right = new ArrayList<>();
        for (Link l : unique.values()) {
            (LEFT.contains(l.type().toLowerCase(Locale.ROOT)) ? left : right).add(l);
        }
        int hidden = Math.max(0, left.size() - MAX_PER_SIDE) + Math.max(0, right.size() - MAX_PER_SIDE);
        left = left.subList(0, Math.min(left.size(), MAX_PER_SIDE));
        right = right.subList(0, Math.min(right.size(), MAX_PER_SIDE));
        int rows = Math.max(1, Math.max(left.size(), right.size()));
        int height = PAD * 2 + rows * NODE_H + (rows - 1) * GAP_Y;
        int leftX = PAD;
        int midX = PAD + NODE_W + COL_GAP;
        int rightX = midX + NODE_W + COL_GAP;
        int width = rightX + NODE_W + PAD;
        int midY = (height - NODE_H) / 2;

        List<Node> nodes = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        nodes.add(new Node("n0", midX, midY, selfLabel, selfKind, null, true));
        place(left, leftX, height, true, midX, midY, nodes, edges);
        place(right, rightX, height, false, midX, midY, nodes, edges);
        return new RelationGraph(width, height, nodes, edges, hidden);
    }

    private static void place(List<Link> side, int x, int height, boolean isLeft, int midX, int midY,
            List<Node> nodes, List<Edge> edges) {
        int total = side.size() * NODE_H + Math.max(0, side.size() - 1) * GAP_Y;
        int y = (height - total) / 2;
        for (Link l : side) {
            nodes.add(new Node("n" + nodes.size(), x, y, l.label(), l.kind(), l.href(), false));
            int cy = y + NODE_H / 2;
            int sy = midY + NODE_H / 2;
            int x1 = isLeft ? x + NODE_W : midX + NODE_W;
            int x2 = isLeft ? midX : x;
            int y1 = isLeft ? cy : sy;
            int y2 = isLeft ? sy : cy;
            int c = (x2 - x1) / 2;
            String d = "M" + x1 + "," + y1 + " C" + (x1 + c) + "," + y1 + " " + (x2 - c) + "," + y2 + " " + x2 + "," + y2;
            int lx = isLeft ? x + NODE_W + 6 : x - 6;
            edges.add(new Edge(d, l.type(), lx, cy - 6, isLeft ? "start" : "end"));
            y += NODE_H + GAP_Y;
        }
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public List<Node> nodes() {
        return nodes;
    }

    public List<Edge> edges() {
        return edges;
    }

    public int hiddenCount() {
        return hidden;
    }

    public boolean isEmpty() {
        return nodes.size() <= 1;
    }
}
