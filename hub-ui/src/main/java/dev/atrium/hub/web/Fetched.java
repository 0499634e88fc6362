package dev.atrium.hub.web;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The result of one service call as a page uses it: the value, or the {@link Problem} that the page shows
 * in its error state. A service that is down never becomes an exception of the hub.
 */
public final class Fetched<T> {
    private static final Logger LOG = Logger.getLogger(Fetched.class);

    private final T value;
    private final Problem problem;

    private Fetched(T value, Problem problem) {
        this.value = value;
        this.problem = problem;
    }

    public static <T> Fetched<T> of(T value) {
        return new Fetched<>(value, null);
    }

    public static <T> Fetched<T> failed(Problem problem) {
        return new Fetched<>(null, problem);
    }

    /**
     * Runs one call to {@code service}: error statuses and transport failures (refused, timed out,
     * unreadable answer) become a {@link Problem}; anything else is a bug of the hub and propagates.
     */
    public static <T> Fetched<T> call(String service, Supplier<T> call) {
        try {
            return of(call.get());
        } catch (WebApplicationException e) {
            Problem p = Problem.from(service, e.getResponse());
            if (p.unavailable()) {
                LOG.warnf("%s answered %d", service, e.getResponse().getStatus());
            }
            return failed(p);
        } catch (ProcessingException e) {
            if (hasCause(e, com.fasterxml.jackson.core.JacksonException.class)) {
                LOG.warnf("%s answered something the hub cannot read: %s", service, rootMessage(e));
            } else {
                LOG.warnf("%s not reachable: %s", service, rootMessage(e));
            }
            return failed(Problem.unreachable(service));
        }
    }

    public boolean isOk() {
        return problem == null;
    }

    public boolean failed() {
        return problem != null;
    }

    public T value() {
        return value;
    }

    public Problem problem() {
        return problem;
    }

    public T orElse(T other) {
        return problem == null ? value : other;
    }

    public <R> Fetched<R> map(Function<T, R> f) {
        return problem == null ? of(f.apply(value)) : failed(problem);
    }

    private static boolean hasCause(Throwable e, Class<?> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
