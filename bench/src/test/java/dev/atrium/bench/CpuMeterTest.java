package dev.atrium.bench;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CPU seconds come from /proc/<pid>/stat, and database backends are recognised by their process title. */
class CpuMeterTest {

    @Test
    void addsUserAndSystemTicksAfterTheCommandName() {
        // pid (comm with ') ' inside) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
        String stat = "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 5000 0 12 0 1234 56 0 0 20 0 40 0 100";
        assertEquals(1234 + 56, CpuMeter.parseStat(stat));
    }

    @Test
    void recognisesBackendsOfOneDatabaseWithOrWithoutTheClusterName() {
        assertTrue(CpuMeter.isBackendOf("postgres: 15/main: atrium atrium_bench_catalog 127.0.0.1(5123) idle ", "atrium_bench_catalog"));
        assertTrue(CpuMeter.isBackendOf("postgres: atrium atrium_bench_catalog [local] COPY", "atrium_bench_catalog"));
        assertFalse(CpuMeter.isBackendOf("postgres: 15/main: atrium atrium_catalog 127.0.0.1(5123) idle", "atrium_bench_catalog"));
        assertFalse(CpuMeter.isBackendOf("postgres: 15/main: checkpointer ", "atrium_bench_catalog"));
        assertFalse(CpuMeter.isBackendOf("java -jar x.jar atrium atrium_bench_catalog", "atrium_bench_catalog"));
    }

    @Test
    void usageCountsBackendsThatStartedDuringTheScenarioFromZero() {
        CpuMeter.Reading before = new CpuMeter.Reading(10.0, Map.of(1L, 2.0, 2L, 1.0));
        CpuMeter.Reading after = new CpuMeter.Reading(13.5, Map.of(1L, 4.0, 2L, 1.5, 3L, 0.25));
        CpuMeter.Usage used = after.since(before);
        assertEquals(3.5, used.serviceSeconds());
        assertEquals(2.75, used.databaseSeconds());
    }
}
