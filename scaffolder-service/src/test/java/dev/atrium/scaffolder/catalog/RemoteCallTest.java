package dev.atrium.scaffolder.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.atrium.commons.error.ServiceUnavailableError;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** How a call to another service that got no answer is handled: reads are sent again once, writes never. */
class RemoteCallTest {

    @Test
    void aReadWhoseConnectionWasClosedIsSentOnceMore() {
        AtomicInteger attempts = new AtomicInteger();
        Supplier<Response> call = () -> {
            if (attempts.incrementAndGet() == 1) {
                throw new ProcessingException(new IOException("Connection was closed"));
            }
            return Response.ok("{\"kind\":\"Template\"}").build();
        };

        assertEquals("Template", RemoteCall.readOnBehalfOfUser("catalog-service", call).path("kind").asText());
        assertEquals(2, attempts.get());
    }

    @Test
    void aReadThatFailsTwiceIsA503NamingTheService() {
        AtomicInteger attempts = new AtomicInteger();
        Supplier<Response> call = () -> {
            attempts.incrementAndGet();
            throw new ProcessingException(new IOException("Connection refused"));
        };

        ServiceUnavailableError e = assertThrows(ServiceUnavailableError.class, () -> RemoteCall.readOnBehalfOfUser("catalog-service", call));
        assertEquals("catalog-service unavailable: IOException: Connection refused", e.getMessage());
        assertEquals(2, attempts.get());
    }

    @Test
    void aReadWithAnAnswerIsNotRepeated() {
        AtomicInteger attempts = new AtomicInteger();
        Supplier<Response> call = () -> {
            attempts.incrementAndGet();
            return Response.status(503).entity("{\"error\":{\"message\":\"busy\"}}").build();
        };

        assertThrows(ServiceUnavailableError.class, () -> RemoteCall.readOnBehalfOfUser("catalog-service", call));
        assertEquals(1, attempts.get());
    }

    @Test
    void aWriteIsNeverRepeated() {
        AtomicInteger attempts = new AtomicInteger();
        Supplier<Response> call = () -> {
            attempts.incrementAndGet();
            throw new ProcessingException(new IOException("Connection was closed"));
        };

        assertThrows(ServiceUnavailableError.class, () -> RemoteCall.onBehalfOfUser("catalog-service", call));
        assertEquals(1, attempts.get());
    }
}
