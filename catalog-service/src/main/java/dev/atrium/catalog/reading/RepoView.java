package dev.atrium.catalog.reading;

import java.util.List;
import java.util.Optional;

/**
 * A repository (or directory) as {@code analyze-location} sees it: its regular files and their
 * bytes, read without following links out of it.
 */
public interface RepoView {
    /** Location type the files of this view are registered as. */
    String type();

    /** Name to draft an entity with (directory or repository name). */
    String name();

    /** The bytes of a regular file, or empty when there is none. */
    Optional<byte[]> read(String path);

    /** Paths of the regular files at most {@code depth} levels deep. */
    List<String> files(int depth);

    /** The location target of a file of this view, e.g. to register it. */
    String target(String path);
}
