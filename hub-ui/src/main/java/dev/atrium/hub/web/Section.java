package dev.atrium.hub.web;

/** The top-level sections of the navigation, in the order they are shown. */
public enum Section {
    HUB("AI Toolchain Hub", "/"),
    CATALOG("Catalog", "/catalog"),
    CREATE("Create", "/create"),
    ACCESS("Access", "/access"),
    METRICS("Metrics", "/metrics"),
    NONE("", "/");

    private final String label;
    private final String path;

    Section(String label, String path) {
        this.label = label;
        this.path = path;
    }

    public String label() {
        return label;
    }

    public String path() {
        return path;
    }

    /** Stable id of the navigation link, e.g. {@code nav-catalog}. */
    public String navId() {
        return "nav-" + name().toLowerCase(java.util.Locale.ROOT);
    }
}
