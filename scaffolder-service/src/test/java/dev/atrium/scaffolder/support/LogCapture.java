package dev.atrium.scaffolder.support;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Captures every log record the application writes while it is open (root logger, all levels the
 * loggers let through, with Atrium's own loggers lowered to DEBUG), formatted as the console would
 * show them, stack traces included. Used to prove a value never reaches a log.
 */
public final class LogCapture extends Handler implements AutoCloseable {
    private static final String ATRIUM = "dev.atrium";

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Logger root = Logger.getLogger("");
    private final Logger atrium = Logger.getLogger(ATRIUM);
    private final Level atriumLevel;

    private LogCapture() {
        setLevel(Level.ALL);
        atriumLevel = atrium.getLevel();
        atrium.setLevel(Level.FINE);
        root.addHandler(this);
    }

    public static LogCapture start() {
        return new LogCapture();
    }

    @Override
    public void publish(LogRecord record) {
        String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
        StringBuilder line = new StringBuilder(record.getLevel() + " [" + record.getLoggerName() + "] " + message);
        if (record.getParameters() != null) {
            for (Object p : record.getParameters()) {
                line.append(" | ").append(p);
            }
        }
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.append('\n').append(trace);
        }
        lines.add(line.toString());
    }

    /** Everything captured so far. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** Captured lines that contain {@code text}. */
    public List<String> containing(String text) {
        return lines.stream().filter(l -> l.contains(text)).toList();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        root.removeHandler(this);
        atrium.setLevel(atriumLevel);
    }
}
