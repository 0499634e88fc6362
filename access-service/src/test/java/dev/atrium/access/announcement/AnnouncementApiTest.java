package dev.atrium.access.announcement;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.access.support.AccessTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What's New: owners announce about their models, admins about anything; everyone signed in reads. */
@QuarkusTest
class AnnouncementApiTest extends AccessTestSupport {
    private long before;

    @BeforeEach
    void countBefore() {
        before = count("SELECT count(*) FROM announcement");
    }

    @Test
    void anOwnerAnnouncesAboutTheirModelAndEveryoneReadsIt() {
        var model = stubModel("open");
        String id = as(carol()).body(Map.of("title", "Code LLM 2 is live", "body", "Twice the context.", "modelRef", model.ref(),
                "link", "https://docs.example.com/x")).post(BASE + "/announcements").then().statusCode(201)
                .body("author", equalTo("carol")).extract().path("id");
        as(bob()).get(BASE + "/announcements").then().statusCode(200).body("items.id", hasItem(id));
        as(bob()).queryParam("modelRef", model.ref()).get(BASE + "/announcements").then().statusCode(200)
                .body("items.size()", equalTo(1)).body("items[0].title", equalTo("Code LLM 2 is live"));
        assertEquals(1, count("SELECT count(*) FROM audit_record WHERE subject = ?", "announcement:" + id));
    }

    @Test
    void otherTeamsCannotAnnounceAboutAModelNorAnyoneButAdminsAboutNothingInParticular() {
        var model = stubModel("open");
        as(bob()).body(Map.of("title", "t", "body", "b", "modelRef", model.ref())).post(BASE + "/announcements").then().statusCode(403);
        as(carol()).body(Map.of("title", "t", "body", "b")).post(BASE + "/announcements").then().statusCode(403);
        assertEquals(before, count("SELECT count(*) FROM announcement"));
        as(admin()).body(Map.of("title", "New usage policy", "body", "Read it.")).post(BASE + "/announcements").then().statusCode(201);
        assertEquals(before + 1, count("SELECT count(*) FROM announcement"));
    }

    @Test
    void badAnnouncementsAre400AndStoreNothing() {
        Map<String, Object> good = Map.of("title", "t", "body", "b");
        for (Map.Entry<String, Object> bad : List.<Map.Entry<String, Object>>of(Map.entry("title", ""), Map.entry("title", "x".repeat(201)),
                Map.entry("body", ""), Map.entry("body", "x".repeat(5001)), Map.entry("link", "javascript:alert(1)"),
                Map.entry("link", "not a url"), Map.entry("modelRef", "bad ref"))) {
            Map<String, Object> body = new HashMap<>(good);
            body.put(bad.getKey(), bad.getValue());
            as(admin()).body(body).post(BASE + "/announcements").then().statusCode(400).body("errors[0].field", equalTo(bad.getKey()));
        }
        as(admin()).body(Map.of("title", "t", "body", "b", "modelRef", "aimodel:default/" + unique("ghost"))).post(BASE + "/announcements")
                .then().statusCode(201);
        as(carol()).body(Map.of("title", "t", "body", "b", "modelRef", "aimodel:default/" + unique("ghost"))).post(BASE + "/announcements")
                .then().statusCode(422);
        assertEquals(before + 1, count("SELECT count(*) FROM announcement"));
        as(bob()).queryParam("limit", "0").get(BASE + "/announcements").then().statusCode(400);
    }

    @Test
    void pagesAreNewestFirstAndFollowTheCursor() {
        for (int i = 0; i < 3; i++) {
            as(admin()).body(Map.of("title", "n" + i, "body", "b")).post(BASE + "/announcements").then().statusCode(201);
        }
        JsonPath first = as(bob()).queryParam("limit", "2").get(BASE + "/announcements").then().statusCode(200).extract().jsonPath();
        assertEquals("n2", first.getString("items[0].title"));
        JsonPath second = as(bob()).queryParam("limit", "2").queryParam("cursor", first.getString("nextCursor")).get(BASE + "/announcements")
                .then().statusCode(200).extract().jsonPath();
        assertEquals("n0", second.getString("items[0].title"));
        assertTrue(second.getList("items").size() >= 1);
    }
}
