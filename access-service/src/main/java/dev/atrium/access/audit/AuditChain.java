package dev.atrium.access.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * The hash of one audit record: SHA-256 over the previous record's hash and every field of this one,
 * each length-prefixed so that no two different records can serialize alike. Pure; no database.
 */
public final class AuditChain {
    /** The previous hash of the first record. */
    public static final String GENESIS = "0".repeat(64);

    private AuditChain() {
    }

    /** Record fields as hashed. {@code at} is truncated to microseconds, PostgreSQL's precision. */
    public record Fields(long seq, String id, Instant at, String actor, String action, String subject, String team,
            String details) {
    }

    public static String hash(String prevHash, Fields f) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        put(sha, prevHash);
        put(sha, Long.toString(f.seq()));
        put(sha, f.id());
        put(sha, f.at().truncatedTo(ChronoUnit.MICROS).toString());
        put(sha, f.actor());
        put(sha, f.action());
        put(sha, f.subject());
        put(sha, f.team() == null ? "\u0000" : f.team());
        put(sha, f.details());
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void put(MessageDigest sha, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        sha.update(bytes);
    }
}
