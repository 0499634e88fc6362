package dev.atrium.hub.create;

import dev.atrium.hub.catalog.CatalogEntity;
import java.util.List;
import java.util.Map;

/** The parameter form of one template: its pages with their fields' values and errors. */
public record TemplateFormView(CatalogEntity template, SchemaForm form, List<SchemaForm.PageState> pages,
        Map<String, String> errors, String problem, boolean pickersFailed) {

    public boolean hasErrors() {
        return !errors.isEmpty() || problem != null;
    }

    public String action() {
        return "/create/" + template.ref().namespace() + "/" + template.ref().name();
    }

    public String title() {
        return form.title() != null ? form.title() : template.displayName();
    }
}
