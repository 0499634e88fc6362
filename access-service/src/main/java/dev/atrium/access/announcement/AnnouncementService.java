package dev.atrium.access.announcement;

import dev.atrium.access.audit.AuditLog;
import dev.atrium.access.catalog.CatalogClient;
import dev.atrium.access.catalog.CatalogModel;
import dev.atrium.access.catalog.EntityRefs;
import dev.atrium.commons.error.FieldError;
import dev.atrium.commons.error.InputError;
import dev.atrium.commons.error.NotAllowedError;
import dev.atrium.commons.error.UnprocessableError;
import dev.atrium.commons.paging.CursorCodec;
import dev.atrium.commons.security.AtriumUser;
import dev.atrium.commons.security.Policy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Announcements for the hub's What's New: published by a model's owners (about their model) or platform admins. */
@ApplicationScoped
public class AnnouncementService {
    private static final int MAX_TITLE = 200;
    private static final int MAX_BODY = 5000;
    private static final int MAX_LINK = 2000;

    @Inject
    AnnouncementRepository repository;

    @Inject
    CatalogClient catalog;

    @Inject
    AuditLog audit;

    @Schema(name = "NewAnnouncement")
    public record NewAnnouncement(@Schema(required = true, maxLength = MAX_TITLE) String title,
            @Schema(required = true, maxLength = MAX_BODY) String body,
            @Schema(description = "The model it is about; its owners may publish it. Without one, only platform admins may.",
                    example = "aimodel:default/code-llm") String modelRef,
            @Schema(description = "http(s) link to more", maxLength = MAX_LINK) String link) {
    }

    @Schema(name = "Announcement")
    public record View(UUID id, String title, String body, String modelRef, String link, String author, Instant publishedAt) {
    }

    @Schema(name = "AnnouncementPage")
    public record Page(List<View> items, String nextCursor) {
    }

    record Cursor(String modelRef, String at, UUID id) {
    }

    public View publish(AtriumUser user, String userToken, NewAnnouncement body) {
        if (body == null) {
            throw new InputError("Request body is required");
        }
        List<FieldError> errors = new ArrayList<>();
        String title = body.title() == null ? "" : body.title().trim();
        String text = body.body() == null ? "" : body.body().trim();
        if (title.isEmpty() || title.length() > MAX_TITLE) {
            errors.add(FieldError.of("title", "must be 1 to " + MAX_TITLE + " characters"));
        }
        if (text.isEmpty() || text.length() > MAX_BODY) {
            errors.add(FieldError.of("body", "must be 1 to " + MAX_BODY + " characters"));
        }
        String link = body.link() == null || body.link().isBlank() ? null : body.link().trim();
        if (link != null && !httpUrl(link)) {
            errors.add(FieldError.of("link", "must be an http or https URL of at most " + MAX_LINK + " characters"));
        }
        EntityRefs.Ref model = null;
        if (body.modelRef() != null && !body.modelRef().isBlank()) {
            try {
                model = EntityRefs.parse(body.modelRef(), "aimodel", "modelRef");
            } catch (InputError e) {
                errors.addAll(e.fieldErrors());
            }
        }
        if (!errors.isEmpty()) {
            throw new InputError("Invalid announcement", errors);
        }
        if (model == null) {
            if (!user.platformAdmin()) {
                throw new NotAllowedError("Only platform admins publish announcements that are not about a model they own");
            }
        } else if (!user.platformAdmin()) {
            EntityRefs.Ref ref = model;
            CatalogModel m = catalog.model(ref, userToken).orElseThrow(() -> new UnprocessableError("No " + ref + " in the catalog",
                    List.of(FieldError.of("modelRef", "not found in the catalog"))));
            if (!Policy.canEdit(user, m.owner(), null)) {
                throw new NotAllowedError("Only the owner of " + m.ref() + " (" + m.owner() + ") or a platform admin may announce about it");
            }
        }
        return store(user, title, text, model == null ? null : model.toString(), link);
    }

    @Transactional
    View store(AtriumUser user, String title, String text, String modelRef, String link) {
        Announcement a = new Announcement();
        a.id = UUID.randomUUID();
        a.title = title;
        a.body = text;
        a.modelRef = modelRef;
        a.link = link;
        a.author = user.username();
        a.publishedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        repository.persist(a);
        audit.append(user.username(), "announcement.published", "announcement:" + a.id, null,
                AuditLog.details("title", title, "modelRef", modelRef));
        return view(a);
    }

    @Transactional
    public Page list(String modelRef, String limitParam, String cursor) {
        int limit = 20;
        if (limitParam != null && !limitParam.isBlank()) {
            try {
                limit = Integer.parseInt(limitParam.trim());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > 100) {
                throw new InputError("Invalid limit", List.of(FieldError.of("limit", "must be a whole number from 1 to 100")));
            }
        }
        String model = modelRef == null || modelRef.isBlank() ? null : EntityRefs.parse(modelRef, "aimodel", "modelRef").toString();
        Instant at = null;
        UUID id = null;
        if (cursor != null && !cursor.isBlank()) {
            Cursor c = CursorCodec.decode(cursor, Cursor.class);
            if (c.at() == null || c.id() == null) {
                throw new InputError("Malformed cursor");
            }
            model = c.modelRef();
            try {
                at = Instant.parse(c.at());
            } catch (java.time.format.DateTimeParseException e) {
                throw new InputError("Malformed cursor");
            }
            id = c.id();
        }
        List<Announcement> rows = repository.page(model, at, id, limit + 1);
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            Announcement last = rows.get(rows.size() - 1);
            next = CursorCodec.encode(new Cursor(model, last.publishedAt.toString(), last.id));
        }
        return new Page(rows.stream().map(AnnouncementService::view).toList(), next);
    }

    private static boolean httpUrl(String s) {
        if (s.length() > MAX_LINK) {
            return false;
        }
        try {
            URI u = URI.create(s);
            return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static View view(Announcement a) {
        return new View(a.id, a.title, a.body, a.modelRef, a.link, a.author, a.publishedAt);
    }
}
