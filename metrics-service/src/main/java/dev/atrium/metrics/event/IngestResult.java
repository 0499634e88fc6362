package dev.atrium.metrics.event;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What an ingest call did: events stored now, and events whose id was already stored. */
@Schema(name = "IngestResult", description = "Events stored by this call and repeated ids skipped")
public record IngestResult(
        @Schema(description = "Events stored now", example = "998") int accepted,
        @Schema(description = "Events whose id was already stored (or repeated within the batch)", example = "2") int duplicates) {
}
