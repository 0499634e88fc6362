package dev.atrium.hub.catalog;

import java.util.List;

/** One facet of the search form: its label, address parameter, catalog field and options with counts. */
public record FacetGroup(String label, String param, String field, boolean multiple, List<Option> options) {

    /** A value to choose, how it reads, how many entities have it, and whether it is chosen now. */
    public record Option(String value, String label, int count, boolean chosen) {
    }

    /** Stable element id of an option's input, e.g. {@code facet-kind-component}. */
    public String inputId(Option o) {
        return "facet-" + param + "-" + o.value().replaceAll("[^A-Za-z0-9_-]", "-");
    }

    public boolean anyChosen() {
        return options.stream().anyMatch(Option::chosen);
    }
}
