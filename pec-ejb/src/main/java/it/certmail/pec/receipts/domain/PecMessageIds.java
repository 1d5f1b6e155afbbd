package it.certmail.pec.receipts.domain;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * Generatore di identificativi (PEC msgid, RFC 6109 §2.2.1): {@code [alphanumeric string]@[provider mail domain]},
 * unambiguous across the cluster. Shape, close to the one Aruba, Sogei and Namirial share:
 * {@code opec1.<yyyyMMddHHmmss>.<node>.<counter>.<random>@<domain>}; the node id keeps nodes apart, the counter
 * keeps one node's ids apart, and 64 random bits cover restarts of a node within the same second. The same
 * generator serves the Message-IDs of notifications. Ids are returned without angle brackets.
 */
public final class PecMessageIds {

    /** 16 lower-case hex digits, as {@code %016x} writes them, without a Formatter per id. */
    private static final HexFormat HEX = HexFormat.of();

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT)
            .withZone(PecTime.ROME);
    private static final Pattern NODE = Pattern.compile("[A-Za-z0-9-]{1,32}");
    private static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?"
            + "(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+");

    private final String node;
    private final String domain;
    private final RandomGenerator random;
    private final AtomicLong counter = new AtomicLong();

    /**
     * @param node   this node's id, unique in the cluster: letters, digits and '-', at most 32
     * @param domain the provider's mail domain
     * @param random the source of the random part (a {@link SecureRandom} in production, seeded in tests)
     */
    public PecMessageIds(String node, String domain, RandomGenerator random) {
        if (node == null || !NODE.matcher(node).matches()) {
            throw new IllegalArgumentException("node id must be 1-32 letters, digits or '-': " + node);
        }
        if (domain == null || !DOMAIN.matcher(domain).matches()) {
            throw new IllegalArgumentException("not a mail domain: " + domain);
        }
        this.node = node;
        this.domain = domain.toLowerCase(Locale.ROOT);
        this.random = Objects.requireNonNull(random, "random");
    }

    /** With a {@link SecureRandom}. */
    public PecMessageIds(String node, String domain) {
        this(node, domain, new SecureRandom());
    }

    /** A new id whose timestamp is {@code now} in Italian local time. */
    public String next(Instant now) {
        long n = counter.incrementAndGet();
        return "opec1." + STAMP.format(now) + "." + node + "." + n + "."
                + HEX.toHexDigits(random.nextLong()) + "@" + domain;
    }

    /** The id as a Message-ID header value: {@code <id>}. */
    public static String inAngles(String id) {
        return "<" + id + ">";
    }

    /** A Message-ID without its angle brackets, trimmed; null stays null. */
    public static String withoutAngles(String id) {
        if (id == null) {
            return null;
        }
        String s = id.trim();
        return s.length() >= 2 && s.startsWith("<") && s.endsWith(">") ? s.substring(1, s.length() - 1).trim() : s;
    }
}
