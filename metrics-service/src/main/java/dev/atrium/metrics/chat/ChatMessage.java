package dev.atrium.metrics.chat;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One post waiting for (or done with) delivery to a chat incoming webhook. */
@Entity
@Table(name = "chat_outbox")
public class ChatMessage {
    public static final String ANSWER = "answer", DIGEST = "digest";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** Name of the configured webhook (never its URL, which is a secret). */
    public String webhook;

    public String kind;

    /** Makes a post unique: one per survey answer and webhook, one digest per day and webhook. */
    @Column(name = "dedup_key")
    public String dedupKey;

    /** The JSON body to post. */
    public String payload;

    @Column(name = "created_at")
    public Instant createdAt;

    public int attempts;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    @Column(name = "delivered_at")
    public Instant deliveredAt;

    @Column(name = "last_error")
    public String lastError;
}
