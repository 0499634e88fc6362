package dev.atrium.hub.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.hub.web.SafeUrl;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One catalog entity as the pages show it, read from the catalog's JSON envelope. */
public record CatalogEntity(EntityRef ref, String kindLabel, String title, String description, String owner,
        String type, String lifecycle, List<String> tags, List<Link> links, Map<String, String> annotations,
        List<Relation> relations, JsonNode raw) {

    /** A link of {@code metadata.links}; {@code url} is null when it is not a safe http(s) link. */
    public record Link(String url, String title, String text) {
    }

    /** An edge of {@code relations}. */
    public record Relation(String type, EntityRef target) {
    }

    public static CatalogEntity from(JsonNode e) {
        JsonNode md = e.path("metadata");
        JsonNode spec = e.path("spec");
        String kind = text(e.path("kind"), "Unknown");
        EntityRef ref = new EntityRef(EntityRef.valid(kind, text(md.path("namespace"), "default"), text(md.path("name"), "x"))
                ? kind : "unknown", text(md.path("namespace"), "default"), text(md.path("name"), "unknown"));
        List<String> tags = new ArrayList<>();
        md.path("tags").forEach(t -> tags.add(t.asText()));
        List<Link> links = new ArrayList<>();
        md.path("links").forEach(l -> links.add(link(l)));
        Map<String, String> annotations = new LinkedHashMap<>();
        md.path("annotations").fields().forEachRemaining(f -> annotations.put(f.getKey(), f.getValue().asText()));
        List<Relation> relations = new ArrayList<>();
        for (JsonNode r : e.path("relations")) {
            EntityRef target = EntityRef.parse(text(r.path("targetRef"), null), null);
            if (target != null) {
                relations.add(new Relation(text(r.path("type"), "relatedTo"), target));
            }
        }
        return new CatalogEntity(ref, kind, text(md.path("title"), null), text(md.path("description"), null),
                text(spec.path("owner"), null), text(spec.path("type"), null), text(spec.path("lifecycle"), null),
                List.copyOf(tags), List.copyOf(links), annotations, List.copyOf(relations), e);
    }

    static Link link(JsonNode l) {
        String url = text(l.path("url"), null);
        String title = text(l.path("title"), null);
        return new Link(SafeUrl.of(url), title, title != null ? title : url);
    }

    public String displayName() {
        return title != null && !title.isBlank() ? title : ref.name();
    }

    public String href() {
        return ref.href();
    }

    /** The owner as a ref (owners default to kind Group), or null. */
    public EntityRef ownerRef() {
        return EntityRef.parse(owner, "group");
    }

    /** A string field of {@code spec}, or null. */
    public String spec(String field) {
        return text(raw.path("spec").path(field), null);
    }

    /** A list field of {@code spec} as strings. */
    public List<String> specList(String field) {
        List<String> out = new ArrayList<>();
        raw.path("spec").path(field).forEach(v -> out.add(v.isValueNode() ? v.asText() : v.toString()));
        return out;
    }

    /** Safe links from a {@code spec} list of {url, title} objects (e.g. Toolchain {@code spec.docs}). */
    public List<Link> specLinks(String field) {
        List<Link> out = new ArrayList<>();
        raw.path("spec").path(field).forEach(l -> out.add(link(l)));
        return out;
    }

    public String annotation(String key) {
        return annotations.get(key);
    }

    static String text(JsonNode n, String fallback) {
        return n == null || n.isMissingNode() || n.isNull() || !n.isValueNode() || n.asText().isEmpty() ? fallback : n.asText();
    }
}
