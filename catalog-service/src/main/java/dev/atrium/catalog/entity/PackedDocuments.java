package dev.atrium.catalog.entity;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Served documents as the read cache keeps them: UTF-8, deflated against a preset dictionary of the words every
 * catalog entity shares (the envelope's keys, Backstage's annotations and relation types, as PostgreSQL writes a
 * {@code jsonb} value out). A document of the bench catalog (1.9 KB on average) packs into 356 bytes on average, so
 * the same cache bytes hold about five times as many documents; inflating one costs about 5 µs (docs/decisions/0031).
 * <p>
 * A packed document is the length of its UTF-8 bytes (a variable-length integer) followed by a raw deflate stream.
 * The codecs are native zlib streams: a deflater holds about 256 KB outside the heap and an inflater about 40 KB.
 * They are made when first needed, up to a fixed number (so their memory is bounded however many threads read), and
 * reused; a thread that finds all of them busy waits for one, which takes microseconds.
 */
final class PackedDocuments {

    /** Strings that occur in nearly every served entity, the most frequent last (zlib reaches them with the shortest distances). */
    static final byte[] DICTIONARY = ("""
            {"spec": {"type": "website", "owner": "user:default/", "system": "", "lifecycle": "experimental", "subcomponentOf": "", \
            "consumesApis": ["api:"], "providesApis": ["api:"], "definition": "openapi: 3.0.0", "dependsOn": ["resource:"], \
            "profile": {"email": "", "picture": "", "displayName": ""}, "children": [], "parent": "", "members": [], "memberOf": [], \
            "targets": [], "target": "", "steps": [], "parameters": []}, "links": [{"url": "https://", "title": ""}], \
            "labels": {}, "tags": ["java", "python", "typescript", "go"], \
            {"type": "memberOf", "target": {"kind": "group", "name": "", "namespace": "default"}, "targetRef": "group:default/"}, \
            {"type": "hasMember", "target": {"kind": "user", "name": "", "namespace": "default"}, "targetRef": "user:default/"}, \
            {"type": "parentOf", "target": {"kind": "group", "name": "", "namespace": "default"}, "targetRef": "group:default/"}, \
            {"type": "childOf", "target": {"kind": "group", "name": "", "namespace": "default"}, "targetRef": "group:default/"}, \
            {"type": "hasPart", "target": {"kind": "component", "name": "", "namespace": "default"}, "targetRef": "component:default/"}, \
            {"type": "apiConsumedBy", "target": {"kind": "component", "name": "", "namespace": "default"}, "targetRef": "component:default/"}, \
            {"type": "apiProvidedBy", "target": {"kind": "component", "name": "", "namespace": "default"}, "targetRef": "component:default/"}, \
            {"type": "consumesApi", "target": {"kind": "api", "name": "", "namespace": "default"}, "targetRef": "api:default/"}, \
            {"type": "providesApi", "target": {"kind": "api", "name": "", "namespace": "default"}, "targetRef": "api:default/"}, \
            {"type": "dependencyOf", "target": {"kind": "component", "name": "", "namespace": "default"}, "targetRef": "component:default/"}, \
            {"type": "dependsOn", "target": {"kind": "resource", "name": "", "namespace": "default"}, "targetRef": "resource:default/"}, \
            {"type": "dependsOn", "target": {"kind": "component", "name": "", "namespace": "default"}, "targetRef": "component:default/"}, \
            {"type": "partOf", "target": {"kind": "domain", "name": "", "namespace": "default"}, "targetRef": "domain:default/"}, \
            {"type": "ownerOf", "target": {"kind": "component", "name": "", "namespace": "default"}, "targetRef": "component:default/"}, \
            {"type": "partOf", "target": {"kind": "system", "name": "", "namespace": "default"}, "targetRef": "system:default/"}, \
            {"type": "ownedBy", "target": {"kind": "group", "name": "", "namespace": "default"}, "targetRef": "group:default/"}]}, \
            "backstage.io/source-location": "url:https://github.com/", "backstage.io/techdocs-ref": "dir:.", \
            "github.com/project-slug": "", "backstage.io/view-url": "https://", "backstage.io/edit-url": "https://", \
            {"kind": "Component", "spec": {"type": "service", "owner": "group:", "system": "system:", "lifecycle": "production", \
            "dependsOn": ["component:"]}, "metadata": {"uid": "", "etag": "", "name": "", "tags": [], "title": "", \
            "namespace": "default", "annotations": {"backstage.io/managed-by-location": "url:https://", \
            "backstage.io/managed-by-origin-location": "url:https://"}, "description": ""}, "relations": [], \
            "apiVersion": "backstage.io/v1alpha1"}, \
            "annotations": {"backstage.io/managed-by-location": "file:/", "backstage.io/managed-by-origin-location": "file:/"}, \
            "description": ""}, "relations": [{"type": "ownedBy", "target": {"kind": "group", "name": "", "namespace": "default"}, \
            "targetRef": "group:default/"}, {"type": "partOf", "target": {"kind": "system", "name": "", "namespace": "default"}, \
            "targetRef": "system:default/"}, {"type": "dependsOn", "target": {"kind": "component", "name": "", "namespace": "default"}, \
            "targetRef": "component:default/"}], "apiVersion": "backstage.io/v1alpha1"}""").getBytes(StandardCharsets.UTF_8);

    private final Pool<Deflater> deflaters;
    private final Pool<Inflater> inflaters;

    /** Codecs for up to {@code threads} threads packing and as many unpacking at the same moment. */
    PackedDocuments(int threads) {
        deflaters = new Pool<>(threads, () -> new Deflater(Deflater.DEFAULT_COMPRESSION, true));
        inflaters = new Pool<>(threads, () -> new Inflater(true));
    }

    /** The UTF-8 bytes of a document, packed. */
    byte[] pack(byte[] text) {
        Deflater deflater = deflaters.take();
        try {
            deflater.setDictionary(DICTIONARY);
            deflater.setInput(text);
            deflater.finish();
            // a stored block costs 5 bytes per 16 KB at worst; the length prefix at most 5
            byte[] out = new byte[text.length + text.length / 1000 + 64];
            int at = writeLength(out, text.length);
            while (!deflater.finished()) {
                if (at == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                at += deflater.deflate(out, at, out.length - at);
            }
            return Arrays.copyOf(out, at);
        } finally {
            deflater.reset();
            deflaters.give(deflater);
        }
    }

    /** The UTF-8 bytes of a packed document. */
    byte[] utf8(byte[] packed) {
        int length = 0;
        int shift = 0;
        int at = 0;
        byte b;
        do {
            b = packed[at++];
            length |= (b & 0x7f) << shift;
            shift += 7;
        } while (b < 0);
        Inflater inflater = inflaters.take();
        try {
            inflater.setDictionary(DICTIONARY);
            inflater.setInput(packed, at, packed.length - at);
            byte[] text = new byte[length];
            int done = 0;
            while (done < length) {
                int n = inflater.inflate(text, done, length - done);
                if (n == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalStateException("packed document ends after " + done + " of " + length + " bytes");
                }
                done += n;
            }
            return text;
        } catch (DataFormatException e) {
            throw new IllegalStateException("packed document is corrupt", e);
        } finally {
            inflater.reset();
            inflaters.give(inflater);
        }
    }

    /** At most {@code size} codecs, made on first need; {@link #take} waits while all are taken. */
    private static final class Pool<T> {
        private final ArrayBlockingQueue<T> idle;
        private final Supplier<T> factory;
        private final AtomicInteger unmade;

        Pool(int size, Supplier<T> factory) {
            this.idle = new ArrayBlockingQueue<>(size);
            this.factory = factory;
            this.unmade = new AtomicInteger(size);
        }

        T take() {
            T codec = idle.poll();
            if (codec != null) {
                return codec;
            }
            if (unmade.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return factory.get();
            }
            try {
                return idle.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a codec", e);
            }
        }

        void give(T codec) {
            idle.add(codec);
        }
    }

    private static int writeLength(byte[] out, int length) {
        int at = 0;
        while ((length & ~0x7f) != 0) {
            out[at++] = (byte) ((length & 0x7f) | 0x80);
            length >>>= 7;
        }
        out[at++] = (byte) length;
        return at;
    }
}
