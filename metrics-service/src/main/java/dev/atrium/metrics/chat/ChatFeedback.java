package dev.atrium.metrics.chat;

import dev.atrium.commons.security.Policy;
import dev.atrium.metrics.config.MetricsConfig;
import dev.atrium.metrics.config.MetricsConfig.Chat.ChatWebhook;
import dev.atrium.metrics.event.Event;
import dev.atrium.metrics.query.FeedbackQueries;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Queues template feedback for the configured chat webhooks: each answer (in the ingest transaction,
 * so an answer and its posts are stored together) and the daily digest.
 */
@ApplicationScoped
public class ChatFeedback {

    @Inject
    MetricsConfig config;

    @Inject
    ChatOutboxRepository outbox;

    @Inject
    FeedbackQueries feedback;

    /** Queues one post per webhook that wants this template survey answer. Runs in the caller's transaction. */
    public void answerReceived(Event answer) {
        String owner = answer.text("templateOwner");
        String payload = ChatPayloads.answer(answer.text("template"), owner, answer.flag("expected"),
                answer.text("improvement"), answer.text("taskUrl"));
        for (Map.Entry<String, ChatWebhook> w : enabled()) {
            if (wants(w.getValue(), owner)) {
                outbox.enqueue(w.getKey(), ChatMessage.ANSWER, "answer:" + w.getKey() + ":" + answer.id(), payload);
            }
        }
    }

    /** Queues the digest of {@code day}'s answers (UTC) once per webhook; returns how many were queued. */
    @Transactional
    public int queueDigest(LocalDate day) {
        List<ChatPayloads.DigestLine> all = feedback.digest(day, config.chat().digestComments());
        int queued = 0;
        for (Map.Entry<String, ChatWebhook> w : enabled()) {
            List<ChatPayloads.DigestLine> lines = all.stream().filter(l -> wants(w.getValue(), l.owner())).toList();
            if (!lines.isEmpty() && outbox.enqueue(w.getKey(), ChatMessage.DIGEST,
                    "digest:" + w.getKey() + ":" + day, ChatPayloads.digest(day, lines))) {
                queued++;
            }
        }
        return queued;
    }

    List<Map.Entry<String, ChatWebhook>> enabled() {
        return config.chat().webhooks().entrySet().stream()
                .filter(e -> e.getValue().url().filter(u -> !u.isBlank()).isPresent())
                .sorted(Map.Entry.comparingByKey())
                .toList();
    }

    private static boolean wants(ChatWebhook webhook, String owner) {
        List<String> owners = webhook.owners().orElse(List.of());
        if (owners.isEmpty()) {
            return true;
        }
        String ref = owner == null ? "" : Policy.canonicalOwnerRef(owner);
        return owners.stream().anyMatch(o -> Policy.canonicalOwnerRef(o).equals(ref));
    }
}
