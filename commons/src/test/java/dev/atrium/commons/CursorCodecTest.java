package dev.atrium.commons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.atrium.commons.error.InputError;
import dev.atrium.commons.paging.CursorCodec;
import org.junit.jupiter.api.Test;

class CursorCodecTest {
    record Page(String last, int total) {}

    @Test
    void roundTrips() {
        Page p = new Page("component:default/a", 42);
        assertEquals(p, CursorCodec.decode(CursorCodec.encode(p), Page.class));
    }

    @Test
    void rejectsGarbageAsInputError() {
        assertThrows(InputError.class, () -> CursorCodec.decode("not base64 !!", Page.class));
        assertThrows(InputError.class, () -> CursorCodec.decode(CursorCodec.encode(java.util.Map.of("x", 1)), Page.class));
        assertThrows(InputError.class, () -> CursorCodec.decode("", Page.class));
    }
}
