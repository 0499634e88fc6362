package dev.atrium.metrics.engineer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.atrium.commons.error.InputError;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CSV reader: quoting, line endings, byte-order mark. */
class EngineerCsvTest {

    @Test
    void readsQuotedFieldsCrLfAndABom() {
        List<List<String>> r = EngineerCsv.records("\uFEFFa,b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n\r\nlast,\n");
        assertEquals(List.of(List.of("a", "b"), List.of("x, y", "say \"hi\""), List.of("last", "")), r);
    }

    @Test
    void headerColumnsAreCaseInsensitiveAndOptionalOnesMayBeMissing() {
        List<EngineerCsv.Row> rows = EngineerCsv.parse("StartDate,UserName\n2026-01-05,jane\n", 10);
        assertEquals("jane", rows.get(0).username());
        assertEquals("2026-01-05", rows.get(0).startDate().toString());
        assertEquals(null, rows.get(0).team());
    }

    @Test
    void anUnterminatedQuoteIsAnInputError() {
        assertThrows(InputError.class, () -> EngineerCsv.records("a,\"b\n"));
    }
}
