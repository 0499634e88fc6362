package dev.atrium.hub.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/** Builders of the JSON the services answer with, shaped like their real responses. */
public final class Fixtures {
    public static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    public static EntityBuilder entity(String kind, String name) {
        return new EntityBuilder(kind, name);
    }

    /** A catalog entity envelope as catalog-service serves it. */
    public static final class EntityBuilder {
        private final ObjectNode node = JSON.createObjectNode();
        private final ObjectNode metadata;
        private final ObjectNode spec;
        private final String kind;
        private final String name;

        EntityBuilder(String kind, String name) {
            this.kind = kind;
            this.name = name;
            node.put("apiVersion", kind.equals("AIModel") || kind.equals("Toolchain") ? "atrium.dev/v1alpha1"
                    : kind.equals("Template") ? "scaffolder.backstage.io/v1beta3" : "backstage.io/v1alpha1");
            node.put("kind", kind);
            metadata = node.putObject("metadata");
            metadata.put("name", name);
            metadata.put("namespace", "default");
            metadata.put("uid", UUID.nameUUIDFromBytes((kind + name).getBytes()).toString());
            spec = node.putObject("spec");
            node.putArray("relations");
        }

        public EntityBuilder title(String t) {
            metadata.put("title", t);
            return this;
        }

        public EntityBuilder description(String d) {
            metadata.put("description", d);
            return this;
        }

        public EntityBuilder tags(String... tags) {
            ArrayNode a = metadata.putArray("tags");
            for (String t : tags) {
                a.add(t);
            }
            return this;
        }

        public EntityBuilder link(String url, String title) {
            ArrayNode links = metadata.has("links") ? (ArrayNode) metadata.get("links") : metadata.putArray("links");
            links.addObject().put("url", url).put("title", title);
            return this;
        }

        public EntityBuilder annotation(String key, String value) {
            (metadata.has("annotations") ? (ObjectNode) metadata.get("annotations") : metadata.putObject("annotations")).put(key, value);
            return this;
        }

        public EntityBuilder owner(String owner) {
            spec.put("owner", owner);
            return relation("ownedBy", owner.contains(":") ? owner : "group:default/" + owner);
        }

        public EntityBuilder spec(String field, String value) {
            spec.put(field, value);
            return this;
        }

        public EntityBuilder specArray(String field, String... values) {
            ArrayNode a = spec.putArray(field);
            for (String v : values) {
                a.add(v);
            }
            return this;
        }

        public ObjectNode specObject(String field) {
            return spec.putObject(field);
        }

        public EntityBuilder relation(String type, String targetRef) {
            ((ArrayNode) node.get("relations")).addObject().put("type", type).put("targetRef", targetRef);
            return this;
        }

        public String ref() {
            return kind.toLowerCase() + ":default/" + name;
        }

        public ObjectNode build() {
            return node;
        }
    }

    public static ObjectNode queryPage(int total, String next, String prev, ObjectNode... items) {
        ObjectNode page = JSON.createObjectNode();
        ArrayNode arr = page.putArray("items");
        for (ObjectNode i : items) {
            arr.add(i);
        }
        page.put("totalItems", total);
        ObjectNode info = page.putObject("pageInfo");
        if (next != null) {
            info.put("nextCursor", next);
        }
        if (prev != null) {
            info.put("prevCursor", prev);
        }
        return page;
    }
}
