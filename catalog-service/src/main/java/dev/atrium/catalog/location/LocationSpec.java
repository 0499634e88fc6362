package dev.atrium.catalog.location;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /locations}: what to register. */
@Schema(name = "LocationInput")
public record LocationSpec(
        @Schema(required = true, enumeration = {"file", "url", "git"}) String type,
        @Schema(required = true, description = "file: absolute path under the configured roots; url: http(s) URL; git: <cloneUrl>#[<ref>:]<path>") String target) {
}
