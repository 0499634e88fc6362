package dev.atrium.hub.home;

import dev.atrium.hub.catalog.CatalogEntity;
import dev.atrium.hub.web.SafeUrl;
import java.util.ArrayList;
import java.util.List;

/** An AIModel or Toolchain on the hub page, with its status from access-service. */
public record ModelCard(CatalogEntity entity, String status, String statusSource, String tier, List<CatalogEntity.Link> docs,
        String usagePolicy, boolean requestable) {

    public String id() {
        return "model-" + entity.ref().kind() + "-" + entity.ref().name().replaceAll("[^a-z0-9-]", "-");
    }

    public String statusLabel() {
        return switch (status) {
            case "operational" -> "Operational";
            case "degraded" -> "Degraded";
            case "deprecated" -> "Deprecated";
            default -> "Status unknown";
        };
    }

    public String statusBadge() {
        return switch (status) {
            case "operational" -> "ok";
            case "degraded" -> "warn";
            case "deprecated" -> "bad";
            default -> "neutral";
        };
    }

    public String requestHref() {
        return "/access/request?model=" + entity.ref();
    }

    public boolean isToolchain() {
        return "toolchain".equals(entity.ref().kind());
    }

    /** Model type (gateway, hosted…) for models, toolchain type for toolchains. */
    public String typeLabel() {
        String t = isToolchain() ? entity.type() : entity.spec("modelType");
        return t == null ? "" : t;
    }

    static List<CatalogEntity.Link> docsOf(CatalogEntity e) {
        List<CatalogEntity.Link> out = new ArrayList<>();
        for (CatalogEntity.Link l : e.links()) {
            if (l.url() != null) {
                out.add(l);
            }
        }
        for (CatalogEntity.Link l : e.specLinks("docs")) {
            if (l.url() != null) {
                out.add(l);
            }
        }
        return out.size() > 4 ? out.subList(0, 4) : out;
    }

    static String policyOf(CatalogEntity e) {
        return SafeUrl.of(e.spec("usagePolicy"));
    }
}
