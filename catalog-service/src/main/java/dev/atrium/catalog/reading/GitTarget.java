package dev.atrium.catalog.reading;

import dev.atrium.commons.error.InputError;
import java.net.URI;
import java.util.Locale;

/**
 * A git location target: {@code <cloneUrl>#[<ref>:]<path>}; the path defaults to
 * {@code catalog-info.yaml} and must stay inside the repository.
 */
public record GitTarget(String cloneUrl, String ref, String path) {

    /** Parses the syntax only; where the repository may be cloned from is the reader's check. */
    public static GitTarget parse(String target) {
        if (target.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
            throw new InputError("Git location target contains control characters");
        }
        String url = target;
        String ref = null;
        String path = "catalog-info.yaml";
        int hash = target.indexOf('#');
        if (hash >= 0) {
            url = target.substring(0, hash);
            String frag = target.substring(hash + 1);
            int colon = frag.indexOf(':');
            if (colon >= 0) {
                ref = frag.substring(0, colon).isBlank() ? null : frag.substring(0, colon);
                frag = frag.substring(colon + 1);
            }
            if (!frag.isBlank()) {
                path = frag;
            }
        }
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("https://") && !lower.startsWith("http://") && !url.startsWith("file://")) {
            throw new InputError("Git location target must be an http(s):// or file:// clone URL, optionally followed by #[ref:]path");
        }
        try {
            new URI(url);
        } catch (Exception e) {
            throw new InputError("Git location target is not a valid clone URL: " + url);
        }
        if (path.startsWith("/") || path.contains("..") || path.contains("\\")) {
            throw new InputError("Git location path must be relative to the repository root: " + path);
        }
        if (ref != null && (ref.startsWith("-") || ref.contains("..") || ref.contains(" "))) {
            throw new InputError("Git location ref is not a valid branch or tag name: " + ref);
        }
        return new GitTarget(url, ref, path);
    }

    public GitTarget withPath(String p) {
        return new GitTarget(cloneUrl, ref, p);
    }

    /** The repository a pass clones once for all the targets and placeholders it reads from it. */
    String repositoryKey() {
        return cloneUrl + "#" + (ref == null ? "" : ref);
    }

    @Override
    public String toString() {
        return cloneUrl + "#" + (ref == null ? "" : ref + ":") + path;
    }
}
