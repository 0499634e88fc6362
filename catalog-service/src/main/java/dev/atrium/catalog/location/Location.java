package dev.atrium.catalog.location;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A registered location, as Backstage serializes it. */
@Schema(name = "Location")
public record Location(
        @Schema(example = "2b5f0a4e-8d0c-4a8e-9c39-2f1f3e0a6c11") String id,
        @Schema(example = "url", enumeration = {"file", "url", "git"}) String type,
        @Schema(example = "https://github.com/acme/payments/blob/main/catalog-info.yaml") String target) {
}
