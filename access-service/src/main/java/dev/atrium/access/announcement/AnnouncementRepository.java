package dev.atrium.access.announcement;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The only reader and writer of {@code announcement}. */
@ApplicationScoped
public class AnnouncementRepository implements PanacheRepositoryBase<Announcement, UUID> {

    /** Newest first, strictly older than ({@code beforeAt}, {@code beforeId}) when given. */
    public List<Announcement> page(String modelRef, Instant beforeAt, UUID beforeId, int limit) {
        String where = (modelRef == null ? "1 = 1" : "modelRef = :model")
                + (beforeAt == null ? "" : " AND (publishedAt < :at OR (publishedAt = :at AND id < :id))");
        var q = getEntityManager().createQuery("FROM Announcement WHERE " + where + " ORDER BY publishedAt DESC, id DESC", Announcement.class);
        if (modelRef != null) {
            q.setParameter("model", modelRef);
        }
        if (beforeAt != null) {
            q.setParameter("at", beforeAt).setParameter("id", beforeId);
        }
        return q.setMaxResults(limit).getResultList();
    }
}
