package dev.atrium.hub.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.hub.config.HubConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.ws.rs.ProcessingException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The event buffer is bounded, keeps the newest events, sends in batches and backs off on failure. */
class EventBufferTest {

    /** metrics-service's intake as seen from the sink: records batches, or fails while {@code down}. */
    static final class Intake implements MetricsEventsApi {
        final List<List<HubEvent>> batches = new ArrayList<>();
        boolean down;

        @Override
        public JsonNode send(List<HubEvent> events) {
            if (down) {
                throw new ProcessingException("connection refused");
            }
            batches.add(List.copyOf(events));
            return null;
        }
    }

    static EventSink sink(int buffer, int batch, Intake intake) {
        EventSink s = new EventSink();
        s.config = config(buffer, batch);
        s.api = intake;
        s.registry = new SimpleMeterRegistry();
        s.init();
        return s;
    }

    @Test
    void keepsTheNewestEventsWhenTheBufferIsFull() {
        Intake intake = new Intake();
        EventSink s = sink(3, 10, intake);
        for (int i = 0; i < 5; i++) {
            s.record(HubEvent.of("page.viewed", "alice", "payments-team", Map.of("path", "/p" + i)));
        }

        assertEquals(3, s.buffered());
        s.flush();

        assertEquals(1, intake.batches.size());
        assertEquals(List.of("/p2", "/p3", "/p4"), intake.batches.get(0).stream().map(e -> e.attributes().get("path")).toList());
        assertEquals(2.0, s.registry.counter("atrium.hub.events.dropped").count());
    }

    @Test
    void sendsInBatchesOfTheConfiguredSize() {
        Intake intake = new Intake();
        EventSink s = sink(100, 4, intake);
        for (int i = 0; i < 10; i++) {
            s.record(HubEvent.of("page.viewed", "alice", null, Map.of("path", "/p" + i)));
        }

        s.flush();

        assertEquals(List.of(4, 4, 2), intake.batches.stream().map(List::size).toList());
        assertEquals(0, s.buffered());
    }

    @Test
    void aFailedBatchIsKeptAndSentFirstAfterTheBackoff() throws InterruptedException {
        Intake intake = new Intake();
        EventSink s = sink(100, 10, intake);
        intake.down = true;
        s.record(HubEvent.of("page.viewed", "alice", null, Map.of("path", "/a")));
        s.flush();
        assertEquals(1, s.buffered(), "kept after a failure");

        intake.down = false;
        s.record(HubEvent.of("page.viewed", "alice", null, Map.of("path", "/b")));
        s.flush();
        assertTrue(intake.batches.isEmpty(), "waits for the backoff");

        Thread.sleep(60);
        s.flush();
        assertEquals(List.of("/a"), intake.batches.get(0).stream().map(e -> e.attributes().get("path")).toList());
        assertEquals(List.of("/b"), intake.batches.get(1).stream().map(e -> e.attributes().get("path")).toList());
        assertEquals(0, s.buffered());
    }

    @Test
    void everyEventHasAUniqueIdAndAnUtcTime() {
        HubEvent a = HubEvent.of("page.viewed", "alice", "", Map.of("path", "/"));
        HubEvent b = HubEvent.of("page.viewed", "alice", "", Map.of("path", "/"));

        assertTrue(!a.id().equals(b.id()));
        assertTrue(a.time().endsWith("Z"));
        assertEquals(null, a.team(), "no team rather than an empty one");
    }

    static HubConfig config(int buffer, int batch) {
        return new HubConfig() {
            @Override
            public Security security() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Pages pages() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Events events() {
                return new Events() {
                    @Override
                    public boolean enabled() {
                        return true;
                    }

                    @Override
                    public int bufferSize() {
                        return buffer;
                    }

                    @Override
                    public int batchSize() {
                        return batch;
                    }

                    @Override
                    public Duration flushInterval() {
                        return Duration.ofSeconds(1);
                    }

                    @Override
                    public Duration initialBackoff() {
                        return Duration.ofMillis(50);
                    }

                    @Override
                    public Duration maxBackoff() {
                        return Duration.ofSeconds(1);
                    }
                };
            }
        };
    }

    static Optional<String> none() {
        return Optional.empty();
    }
}
