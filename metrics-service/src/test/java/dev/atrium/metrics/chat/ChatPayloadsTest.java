package dev.atrium.metrics.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Slack/Mattermost payloads: the fields both accept, and user text that cannot format or mention. */
class ChatPayloadsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void answerHasTextAndAnAttachmentWithTitleLinkAndFields() throws Exception {
        JsonNode p = JSON.readTree(ChatPayloads.answer("template:default/quarkus-service", "group:default/platform-team",
                true, "<https://evil|click> @here", "https://hub/tasks/1"));
        assertTrue(p.path("text").asText().contains("quarkus-service"));
        assertEquals("https://hub/tasks/1", p.path("attachments").get(0).path("title_link").asText());
        String improvement = p.path("attachments").get(0).path("fields").get(3).path("value").asText();
        assertEquals("&lt;https://evil|click&gt; @\u200Bhere", improvement);
        assertFalse(p.toString().contains("<https://evil"));
    }

    @Test
    void digestHasOneAttachmentPerTemplate() throws Exception {
        JsonNode p = JSON.readTree(ChatPayloads.digest(LocalDate.of(2026, 12, 1), List.of(
                new ChatPayloads.DigestLine("template:default/a", "group:default/t", 4, 3, List.of("x")),
                new ChatPayloads.DigestLine("template:default/b", "group:default/t", 1, 0, List.of()))));
        assertEquals(2, p.path("attachments").size());
        assertTrue(p.path("text").asText().contains("5 answer(s) for 2 template(s)"));
        assertTrue(p.path("attachments").get(0).path("fields").toString().contains("75 %"));
    }
}
