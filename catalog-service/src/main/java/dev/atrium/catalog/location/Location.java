package dev.atrium.catalog.location;

import dev.atrium.catalog.processing.ProcessingRepository;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A registered location, as Backstage serializes it. */
@Schema(name = "Location")
public record Location(
        @Schema(example = "2b5f0a4e-8d0c-4a8e-9c39-2f1f3e0a6c11") String id,
        @Schema(example = "url", enumeration = {"file", "url", "git"}) String type,
        @Schema(example = "https://github.com/acme/payments/blob/main/catalog-info.yaml") String target,
        @Schema(description = "Ref of the Location entity generated for it (required by @backstage/catalog-client 1.15+)",
                example = "location:default/generated-0b2bd0e4cb41ec3ba6ecb6e5d7c4b5c6a1e0c4f2") String entityRef) {

    public Location(String id, String type, String target) {
        this(id, type, target, "location:default/" + generatedName(type, target));
    }

    /** Name of the Location entity generated for a registered location, as Backstage names it. */
    public static String generatedName(String type, String target) {
        return "generated-" + ProcessingRepository.sha1(type + ":" + target);
    }
}
