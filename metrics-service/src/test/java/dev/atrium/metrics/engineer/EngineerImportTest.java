package dev.atrium.metrics.engineer;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.atrium.commons.testing.TestTokens;
import dev.atrium.metrics.support.MetricsTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Date;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** POST /engineers/import: CSV with per-row errors, all rows or none, bounded in rows and bytes. */
@QuarkusTest
class EngineerImportTest extends MetricsTestSupport {
    private static final String IMPORT = "/api/metrics/v1/engineers/import";

    @Test
    void importsRowsWithQuotedFieldsAndUpdatesKnownEngineers() {
        String p = unique("hr");
        String body = csv("username,startDate,team,email,scmLogin",
                p + "-1,2026-09-01,payments-team,\"" + p + "-1@atrium.example\",gh-" + p,
                p + "-2,2026-09-15,\"/Checkout-Team\",,");
        given().auth().oauth2(admin()).contentType("text/csv").body(body).post(IMPORT).then().statusCode(200)
                .body("imported", equalTo(2)).body("created", equalTo(2));
        assertEquals(1, count("SELECT count(*) FROM engineers WHERE username = ? AND start_date = ? AND team = 'payments-team'"
                + " AND scm_login = ? AND source = 'import'", p + "-1", Date.valueOf(LocalDate.parse("2026-09-01")), "gh-" + p));
        assertEquals(1, count("SELECT count(*) FROM engineers WHERE username = ? AND team = 'checkout-team'", p + "-2"));
        given().auth().oauth2(TestTokens.token("svc", java.util.List.of("x"), java.util.Set.of("atrium-service"))).contentType("text/csv")
                .body(csv("username,startDate", p + "-2,2026-10-01")).post(IMPORT).then().statusCode(200).body("created", equalTo(0));
        assertEquals(1, count("SELECT count(*) FROM engineers WHERE username = ? AND start_date = ? AND team = 'checkout-team'",
                p + "-2", Date.valueOf(LocalDate.parse("2026-10-01"))));
    }

    @Test
    void badRowsAreReportedByLineAndNothingIsImported() {
        String p = unique("bad");
        String body = csv("username,startDate,team",
                p + "-ok,2026-09-01,payments-team",
                p + "-date,01/09/2026,payments-team",
                "not valid!,2026-09-01,x",
                p + "-short,2026-09-01",
                p + "-ok,2026-09-02,payments-team");
        given().auth().oauth2(admin()).contentType("text/csv").body(body).post(IMPORT).then().statusCode(400)
                .body("error.name", equalTo("InputError"))
                .body("errors.field", hasItems("rows[3].startDate", "rows[4].username", "rows[5]", "rows[6].username"));
        assertEquals(0, count("SELECT count(*) FROM engineers WHERE username LIKE ?", p + "%"));
    }

    @Test
    void headerMustNameKnownColumnsIncludingUsernameAndStartDate() {
        given().auth().oauth2(admin()).contentType("text/csv").body(csv("user,team", "a,b")).post(IMPORT).then().statusCode(400)
                .body("errors.message", hasItems("unknown column 'user'; known: username, startDate, team, email, scmLogin",
                        "column 'username' is required", "column 'startDate' is required"));
        given().auth().oauth2(admin()).contentType("text/csv").body("").post(IMPORT).then().statusCode(400);
        given().auth().oauth2(admin()).contentType("text/csv").body(csv("username,startDate")).post(IMPORT).then().statusCode(400);
        given().auth().oauth2(admin()).contentType("text/csv").body("username,startDate\n\"open,2026-01-01\n").post(IMPORT).then().statusCode(400);
    }

    @Test
    void tooManyRowsOrBytesIs413() {
        String p = unique("many");
        StringBuilder sb = new StringBuilder("username,startDate\n");
        for (int i = 0; i < 51; i++) {
            sb.append(p).append('-').append(i).append(",2026-09-01\n");
        }
        given().auth().oauth2(admin()).contentType("text/csv").body(sb.toString()).post(IMPORT).then().statusCode(413);
        assertEquals(0, count("SELECT count(*) FROM engineers WHERE username LIKE ?", p + "%"));
        given().auth().oauth2(admin()).contentType("text/csv").body("username,startDate\n" + "x".repeat(2_200_000)).post(IMPORT)
                .then().statusCode(413);
    }

    @Test
    void onlyPlatformAdminsAndServicesMayImport() {
        String p = unique("who");
        given().auth().oauth2(alice()).contentType("text/csv").body(csv("username,startDate", p + ",2026-09-01")).post(IMPORT)
                .then().statusCode(403).body("error.name", equalTo("NotAllowedError"));
        given().contentType("text/csv").body(csv("username,startDate", p + ",2026-09-01")).post(IMPORT).then().statusCode(401);
        given().auth().oauth2(admin()).contentType("application/json").body("{}").post(IMPORT).then().statusCode(415);
        assertEquals(0, count("SELECT count(*) FROM engineers WHERE username = ?", p));
    }
}
