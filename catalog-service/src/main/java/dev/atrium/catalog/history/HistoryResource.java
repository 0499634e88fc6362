package dev.atrium.catalog.history;

import dev.atrium.catalog.ref.EntityRef;
import dev.atrium.commons.error.ErrorBody;
import dev.atrium.commons.error.InputError;
import dev.atrium.commons.paging.CursorCodec;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The history feed: what was added, changed or removed in the catalog, newest first. */
@Path("/history")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "History")
@SecurityRequirement(name = "SecurityScheme")
@APIResponse(responseCode = "401", description = "Missing or invalid bearer token", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
public class HistoryResource {
    private static final Set<String> EVENTS = Set.of("added", "changed", "removed");

    @Inject
    HistoryRepository repository;

    /** A page of history events. */
    @Schema(name = "HistoryPage")
    public record Page(List<HistoryRepository.Event> items, @Schema(description = "Cursor for older events; absent on the last page") String nextCursor) {
    }

    /** Cursor of the history feed: the id of the last event shown. */
    public record HistoryCursor(long before) {
    }

    @GET
    @Operation(operationId = "GetHistory", summary = "Catalog history, newest first")
    @APIResponse(responseCode = "200", description = "A page of events", content = @Content(schema = @Schema(implementation = Page.class)))
    @APIResponse(responseCode = "400", description = "Invalid entityRef, event, limit or cursor", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Page history(@Parameter(description = "Only events of this entity") @QueryParam("entityRef") String entityRef,
            @Parameter(description = "added, changed or removed") @QueryParam("event") String event,
            @Parameter(description = "Page size, 1-500, default 50") @QueryParam("limit") String limit,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        int size = 50;
        if (limit != null) {
            try {
                size = Integer.parseInt(limit.trim());
            } catch (NumberFormatException e) {
                throw new InputError("Invalid limit \"" + limit + "\"");
            }
            if (size < 1 || size > 500) {
                throw new InputError("Invalid limit, must be between 1 and 500");
            }
        }
        if (event != null && !EVENTS.contains(event)) {
            throw new InputError("Invalid event \"" + event + "\", expected one of added, changed, removed");
        }
        String ref = entityRef == null ? null : EntityRef.parse(entityRef).canonical();
        Long before = cursor == null ? null : CursorCodec.decode(cursor, HistoryCursor.class).before();
        List<HistoryRepository.Event> events = repository.page(before, ref, event, size + 1);
        String next = null;
        if (events.size() > size) {
            events = events.subList(0, size);
            next = CursorCodec.encode(new HistoryCursor(events.get(events.size() - 1).id()));
        }
        return new Page(events, next);
    }
}
