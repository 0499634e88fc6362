package dev.atrium.access.catalog;

import java.util.List;

/**
 * What this service needs to know about an AIModel or Toolchain entity of the catalog.
 *
 * @param ref canonical ref, e.g. {@code aimodel:default/code-llm}
 * @param kind {@code AIModel} or {@code Toolchain}
 * @param owner canonical owner ref ({@code group:default/ml-platform-team})
 * @param accessTier {@code open|standard|restricted}; null for a toolchain (it takes its models' tiers)
 * @param requestAccessType {@code selfService|ticket|none}
 * @param healthUrl annotation {@code atrium.dev/health-url}, or null
 * @param models for a toolchain, the canonical refs of the models it uses
 */
public record CatalogModel(String ref, String kind, String title, String owner, String lifecycle, String accessTier,
        String costCenter, String requestAccessType, String healthUrl, List<String> models) {

    public static final String AI_MODEL = "AIModel";
    public static final String TOOLCHAIN = "Toolchain";

    public CatalogModel {
        models = models == null ? List.of() : List.copyOf(models);
    }

    public boolean isToolchain() {
        return TOOLCHAIN.equalsIgnoreCase(kind);
    }

    public boolean deprecated() {
        return "deprecated".equalsIgnoreCase(lifecycle);
    }
}
