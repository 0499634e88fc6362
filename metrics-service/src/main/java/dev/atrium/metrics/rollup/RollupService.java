package dev.atrium.metrics.rollup;

import dev.atrium.metrics.config.MetricsConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Keeps the weekly rollups current: every week an event lands in is marked dirty on ingest, and
 * this recomputes dirty weeks in the background and before every metric read, so a late event
 * changes exactly the weeks it belongs to (decision 0021).
 */
@ApplicationScoped
public class RollupService {
    private static final Logger LOG = Logger.getLogger(RollupService.class);
    /** A read recomputes at most this many passes before answering from what is there. */
    private static final int MAX_PASSES_ON_READ = 8;
    /** Passes per background tick: under steady ingest the current week is dirty again at once. */
    private static final int PASSES_PER_TICK = 4;

    @Inject
    RollupRepository repository;

    @Inject
    MetricsConfig config;

    @Scheduled(every = "${atrium.metrics.rollup.interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "3s")
    void scheduled() {
        int weeks = catchUp(PASSES_PER_TICK);
        if (weeks > 0) {
            LOG.debugf("recomputed %d dirty week(s)", weeks);
        }
    }

    /** Recomputes dirty weeks in passes until none is left or {@code maxPasses} ran; returns the weeks done. */
    public int catchUp(int maxPasses) {
        int done = 0;
        for (int pass = 0; pass < maxPasses; pass++) {
            int n = onePass();
            if (n == 0) {
                break;
            }
            done += n;
        }
        return done;
    }

    /** Called before a read so answers include every stored event. */
    public void catchUpBeforeRead() {
        try {
            if (repository.anyDirty()) {
                catchUp(MAX_PASSES_ON_READ);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Recomputes up to a pass's worth of dirty weeks, each in its own transaction; returns how many. */
    private int onePass() {
        List<LocalDate> weeks;
        try {
            weeks = repository.dirtyWeeks(config.rollup().weeksPerPass());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        int done = 0;
        for (LocalDate week : weeks) {
            if (QuarkusTransaction.requiringNew().call(() -> recomputeWeek(week))) {
                done++;
            }
        }
        return done;
    }

    /** Lock, read marks, recompute, clear those marks: false when another pass holds the week. */
    private boolean recomputeWeek(LocalDate week) throws SQLException {
        long[] marks = repository.lockAndReadMarks(week);
        if (marks == null) {
            return false;
        }
        repository.recompute(week);
        repository.clearMarks(marks);
        return true;
    }
}
