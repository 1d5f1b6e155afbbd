package it.certmail.pec.log.domain;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;

/**
 * The hash chain of the registro. Each UTC day has its own chain: entry {@code n} of a day carries
 * {@code SHA-256(hash(n-1) || canonical(entry n))}, the first one starting from {@link #GENESIS}; the day's
 * {@link DaySeal} signs the last hash and the count, and names the previous day's seal.
 *
 * <p>Why a chaining step and not a hash computed by the writer: the log is written inside the callers' transactions
 * on every node, and their commit order is not the order of their times nor of their ids; chaining at write time
 * would need a cluster-wide lock held until each caller commits. Instead a single chainer (one job, under one row
 * lock, cluster-wide) appends the committed, not yet chained entries of each open day in (time, id) order and
 * numbers them: the order is the one the chainer fixed and wrote down ({@code seq}), so it is well defined whatever
 * the writers did. The cost moves off the write path; an entry is covered by the chain within minutes, and by a
 * signed seal once its day has closed.
 *
 * <p>Days are UTC days, as the monthly partitions that retention drops.
 */
public final class LogChain {

    /** The "previous hash" of a day's first entry, and the last hash of a day without entries. */
    public static final String GENESIS = "0".repeat(64);
    /** A day is sealed this long after its end, so that transactions open at midnight have committed. */
    public static final Duration SEAL_AFTER = Duration.ofMinutes(15);
    /** A closed day without a seal this long after its end is reported (the sealing job runs every few minutes). */
    public static final Duration SEAL_LATE_AFTER = Duration.ofHours(2);
    /** {@code previous-seal} of the first seal ever. */
    public static final String NO_PREVIOUS_SEAL = "none";

    private LogChain() {
    }

    public static LocalDate dayOf(Instant time) {
        return LocalDate.ofInstant(time, ZoneOffset.UTC);
    }

    public static Instant start(LocalDate day) {
        return day.atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    /** Whether {@code day} may be sealed at {@code now}. */
    public static boolean sealable(LocalDate day, Instant now) {
        return !start(day.plusDays(1)).plus(SEAL_AFTER).isAfter(now);
    }

    /** The hash of {@code e} at position {@code seq} of its day's chain, after {@code previousHash}. */
    public static String hash(String previousHash, ChainedEntry e, long seq) {
        MessageDigest sha = sha256();
        sha.update(HexFormat.of().parseHex(previousHash));
        sha.update(canonical(e, seq));
        return hex(sha.digest());
    }

    /**
     * Every field in a fixed order, each as a 4-byte length and its UTF-8 bytes (-1 for null), so that no two
     * different entries encode alike; the day and the position are part of it, so an entry cannot be moved.
     */
    static byte[] canonical(ChainedEntry e, long seq) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        field(out, "pec-log-entry/1");
        field(out, dayOf(e.eventTime()).toString());
        field(out, Long.toString(seq));
        field(out, Long.toString(e.id()));
        field(out, e.eventTime().getEpochSecond() + "." + e.eventTime().getNano());
        field(out, e.eventType());
        field(out, e.msgid());
        field(out, e.clientMsgid());
        field(out, e.sender());
        field(out, e.recipients());
        field(out, e.subject());
        field(out, e.generatedIds());
        field(out, e.sendingProvider());
        field(out, e.detail());
        return out.toByteArray();
    }

    private static void field(ByteArrayOutputStream out, String value) {
        if (value == null) {
            out.writeBytes(new byte[] {-1, -1, -1, -1});
            return;
        }
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        out.write(b.length >>> 24);
        out.write(b.length >>> 16);
        out.write(b.length >>> 8);
        out.write(b.length);
        out.writeBytes(b);
    }

    public static byte[] sha256(byte[] data) {
        return sha256().digest(data);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
