package dev.atrium.hub.web;

import java.util.List;

/**
 * What the layout needs on every page: the title, the active section, the signed-in person, the CSRF
 * token for the page's forms and an optional notice (e.g. "Request sent") shown at the top.
 */
public record PageContext(String title, Section section, Viewer viewer, String csrf, Notice notice) {

    /** A one-line message at the top of the page. */
    public record Notice(String kind, String text) {
        public static Notice success(String text) {
            return new Notice("success", text);
        }

        public static Notice error(String text) {
            return new Notice("error", text);
        }
    }

    public List<Section> sections() {
        return List.of(Section.HUB, Section.CATALOG, Section.CREATE, Section.ACCESS, Section.METRICS);
    }

    public boolean active(Section s) {
        return s == section;
    }

    public PageContext withNotice(Notice n) {
        return new PageContext(title, section, viewer, csrf, n);
    }
}
