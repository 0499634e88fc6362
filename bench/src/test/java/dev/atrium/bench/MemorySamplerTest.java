package dev.atrium.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Resident-set figures come from /proc/<pid>/status and each window keeps its own peak. */
class MemorySamplerTest {

    @TempDir
    Path tmp;

    private static String status(long rssKb, long hwmKb) {
        return "Name:\tjava\nVmPeak:\t 3000000 kB\nVmHWM:\t  " + hwmKb + " kB\nVmRSS:\t  " + rssKb + " kB\nThreads:\t40\n";
    }

    @Test
    void readsVmRssAndVmHwmFromAProcStatusText() {
        MemorySampler.Status s = MemorySampler.parse(status(204800, 307200));
        assertEquals(204800, s.rssKb());
        assertEquals(307200, s.hwmKb());
        assertEquals(new MemorySampler.Status(-1, -1), MemorySampler.parse("Name:\tkthreadd\n"));
        assertEquals(200.0, MemorySampler.toMb(204800));
    }

    @Test
    void aWindowKeepsTheLargestSampleSinceItOpened() throws Exception {
        Path file = tmp.resolve("status");
        Files.writeString(file, status(100 * 1024, 100 * 1024));
        try (MemorySampler sampler = new MemorySampler(file, Duration.ofMillis(5))) {
            MemorySampler.Window first = sampler.window();
            Files.writeString(file, status(180 * 1024, 180 * 1024));
            Thread.sleep(100);
            Files.writeString(file, status(120 * 1024, 180 * 1024));
            Thread.sleep(100);
            assertEquals(180.0, first.peakMb());
            MemorySampler.Window second = sampler.window();
            Thread.sleep(50);
            assertEquals(120.0, second.peakMb(), "a new window starts from the current size");
            assertEquals(180 * 1024, sampler.hwmKb().getAsLong());
        }
    }

    @Test
    void aProcessThatIsGoneReportsNothing() {
        try (MemorySampler sampler = new MemorySampler(tmp.resolve("missing"), Duration.ofMillis(5))) {
            assertTrue(sampler.rssKb().isEmpty());
            assertNull(sampler.window().peakMb());
        }
    }
}
