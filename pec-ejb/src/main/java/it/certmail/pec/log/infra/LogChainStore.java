package it.certmail.pec.log.infra;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import it.certmail.pec.log.domain.ChainedEntry;
import it.certmail.pec.log.domain.DaySeal;
import it.certmail.pec.log.domain.LogChain;
import it.certmail.pec.log.domain.LogVerification;
import it.certmail.pec.log.domain.LogVerifier;

/**
 * The hash chain and the daily seals of {@code pec_log} in the database (H2 and PostgreSQL, partitions included):
 * {@code pec_log.chain_seq} and {@code entry_hash}, one {@code pec_log_day} row per chained day (its head while
 * open, its seal once closed). Works on the caller's connection and transaction: chaining and sealing take the one
 * row of {@code pec_log_chain_lock} first, so one chainer works at a time in the whole cluster and the positions it
 * hands out follow one order.
 */
public final class LogChainStore {

    private static final String ENTRY_COLUMNS = "id, event_time, event_type, msgid, client_msgid, sender, recipients,"
            + " subject, generated_ids, sending_provider, detail, chain_seq, entry_hash";
    private static final String SEAL_QUERY = "SELECT log_day, chained, last_hash, previous_seal, sealed_at,"
            + " seal_signature, entries_dropped FROM pec_log_day";

    private final Connection c;

    public LogChainStore(Connection connection) {
        this.c = connection;
    }

    /**
     * Chains up to {@code max} committed entries not chained yet, of days not sealed yet, oldest first.
     *
     * @return how many it chained (less than {@code max} once nothing is left)
     */
    public int chainPending(int max) throws SQLException {
        lock();
        Optional<DaySeal> last = lastSeal();
        Instant from = last.map(s -> LogChain.start(s.day().plusDays(1))).orElse(Instant.EPOCH);
        return chain(from, Instant.parse("9999-12-31T00:00:00Z"), max);
    }

    /**
     * Seals the next day due at {@code now}, after chaining what is left of it: the day after the last seal, or
     * the first day of the log (yesterday when the log is empty), once {@link LogChain#sealable} says so. Empty
     * days are sealed too, so the seals form an unbroken chain.
     *
     * @param signer detached CMS signature of the seal's content
     * @return the seal written, or empty when no day is due
     */
    public Optional<DaySeal> sealNext(Instant now, UnaryOperator<byte[]> signer) throws SQLException {
        lock();
        Optional<DaySeal> last = lastSeal();
        LocalDate day;
        if (last.isPresent()) {
            day = last.get().day().plusDays(1);
        } else {
            day = firstEntryDay().orElse(LogChain.dayOf(now).minusDays(1));
        }
        if (!LogChain.sealable(day, now)) {
            return Optional.empty();
        }
        while (chain(LogChain.start(day), LogChain.start(day.plusDays(1)), 5000) > 0) {
            // until the day is chained whole
        }
        Head head = head(day).orElse(new Head(0, LogChain.GENESIS));
        DaySeal unsigned = new DaySeal(day, head.count, head.lastHash,
                last.map(DaySeal::hash).orElse(LogChain.NO_PREVIOUS_SEAL), now.truncatedTo(ChronoUnit.SECONDS), null,
                false);
        byte[] signature = signer.apply(unsigned.content());
        try (PreparedStatement p = c.prepareStatement(head(day).isPresent()
                ? "UPDATE pec_log_day SET sealed_at = ?, previous_seal = ?, seal_signature = ? WHERE log_day = ?"
                : "INSERT INTO pec_log_day (sealed_at, previous_seal, seal_signature, log_day, chained, last_hash)"
                        + " VALUES (?, ?, ?, ?, 0, '" + LogChain.GENESIS + "')")) {
            p.setObject(1, OffsetDateTime.ofInstant(unsigned.sealedAt(), ZoneOffset.UTC));
            p.setString(2, unsigned.previousSeal());
            p.setString(3, Base64.getEncoder().encodeToString(signature));
            p.setObject(4, day);
            p.executeUpdate();
        }
        return Optional.of(new DaySeal(day, head.count, head.lastHash, unsigned.previousSeal(), unsigned.sealedAt(),
                signature, false));
    }

    /** Every seal, oldest first. */
    public List<DaySeal> seals() throws SQLException {
        return seals(LocalDate.of(1, 1, 1), LocalDate.of(9999, 12, 31));
    }

    /** The seals of the days from {@code first} to {@code last}, both included, oldest first. */
    public List<DaySeal> seals(LocalDate first, LocalDate last) throws SQLException {
        List<DaySeal> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(SEAL_QUERY + " WHERE sealed_at IS NOT NULL AND log_day >= ?"
                + " AND log_day <= ? ORDER BY log_day")) {
            p.setObject(1, first);
            p.setObject(2, last);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(seal(rs));
                }
            }
        }
        return out;
    }

    /**
     * Feeds {@code verifier} the whole registro, day by day, from the first seal or entry to the day of {@code now}.
     * Each day is one statement; sealed days no longer change, open ones are checked for what they hold.
     */
    public LogVerification verify(LogVerifier verifier, Instant now) throws SQLException {
        return verify(verifier, now, null, null);
    }

    /**
     * Feeds {@code verifier} the days from {@code from} to {@code to} (both included; null: from the first seal or
     * entry, to the day of {@code now}), only the days the registro has. A range that starts inside the registro
     * starts after the seal of the day before it, so the link of the chain of seals at the boundary is checked;
     * the days before it are not read.
     *
     * @throws IllegalArgumentException when {@code from} is after {@code to}
     */
    public LogVerification verify(LogVerifier verifier, Instant now, LocalDate from, LocalDate to)
            throws SQLException {
        if (from != null && to != null && from.isAfter(to)) {
            throw new IllegalArgumentException("the range starts (" + from + ") after it ends (" + to + ")");
        }
        LocalDate today = LogChain.dayOf(now);
        LocalDate last = to == null || to.isAfter(today) ? today : to;
        LocalDate first = firstDay().orElse(null);
        if (first == null || first.isAfter(last)) {
            return verifier.result();
        }
        if (from != null && from.isAfter(first)) {
            first = from;
            seals(first.minusDays(1), first.minusDays(1)).stream().findFirst().ifPresent(verifier::startAfter);
        }
        Map<LocalDate, DaySeal> byDay = new HashMap<>();
        seals(first, last).forEach(s -> byDay.put(s.day(), s));
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            verifier.day(day, entriesOf(day), byDay.get(day));
        }
        return verifier.result();
    }

    /** The first day with a seal or an entry. */
    private Optional<LocalDate> firstDay() throws SQLException {
        Optional<LocalDate> firstEntry = firstEntryDay();
        LocalDate firstSeal = firstSealDay();
        if (firstSeal != null && (firstEntry.isEmpty() || firstSeal.isBefore(firstEntry.get()))) {
            return Optional.of(firstSeal);
        }
        return firstEntry;
    }

    /** Every stored entry of {@code day} (by its time), chained or not. */
    public List<ChainedEntry> entriesOf(LocalDate day) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT " + ENTRY_COLUMNS
                + " FROM pec_log WHERE event_time >= ? AND event_time < ?")) {
            p.setObject(1, OffsetDateTime.ofInstant(LogChain.start(day), ZoneOffset.UTC));
            p.setObject(2, OffsetDateTime.ofInstant(LogChain.start(day.plusDays(1)), ZoneOffset.UTC));
            return read(p);
        }
    }

    /** The day of the oldest entry kept. */
    public Optional<LocalDate> firstEntryDay() throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MIN(event_time) FROM pec_log")) {
            rs.next();
            OffsetDateTime t = rs.getObject(1, OffsetDateTime.class);
            return Optional.ofNullable(t).map(x -> LogChain.dayOf(x.toInstant()));
        }
    }

    /**
     * The first month retention must keep because some of its days are not sealed: the month of the day after the
     * last seal, or earlier the month of an entry older than the first seal (written back-dated before sealing
     * began, it is in no seal); when nothing is sealed, the month of the oldest entry (or the current one).
     */
    public YearMonth firstMonthNotWhollySealed(Instant now) throws SQLException {
        Optional<DaySeal> last = lastSeal();
        Optional<LocalDate> oldest = firstEntryDay();
        if (last.isEmpty()) {
            return YearMonth.from(oldest.orElse(LogChain.dayOf(now)));
        }
        YearMonth afterLast = YearMonth.from(last.get().day().plusDays(1));
        LocalDate firstSealed = firstSealDay();
        if (oldest.isPresent() && oldest.get().isBefore(firstSealed)
                && YearMonth.from(oldest.get()).isBefore(afterLast)) {
            return YearMonth.from(oldest.get());
        }
        return afterLast;
    }

    /** The day of the first seal, or null. */
    private LocalDate firstSealDay() throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT MIN(log_day) FROM pec_log_day WHERE sealed_at IS NOT NULL")) {
            rs.next();
            return rs.getObject(1, LocalDate.class);
        }
    }

    /** Marks the seals of the days before {@code firstKept}, whose entries retention has removed. */
    public int markDropped(YearMonth firstKept) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE pec_log_day SET entries_dropped = TRUE"
                + " WHERE log_day < ? AND sealed_at IS NOT NULL AND entries_dropped = FALSE")) {
            p.setObject(1, firstKept.atDay(1));
            return p.executeUpdate();
        }
    }

    private void lock() throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM pec_log_chain_lock WHERE id = 1 FOR UPDATE")) {
            if (!rs.next()) {
                throw new SQLException("pec_log_chain_lock has no row (migration V71)");
            }
        }
    }

    private Optional<DaySeal> lastSeal() throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(SEAL_QUERY + " WHERE log_day = (SELECT MAX(log_day) FROM pec_log_day"
                     + " WHERE sealed_at IS NOT NULL)")) {
            return rs.next() ? Optional.of(seal(rs)) : Optional.empty();
        }
    }

    private static DaySeal seal(ResultSet rs) throws SQLException {
        String signature = rs.getString(6);
        return new DaySeal(rs.getObject(1, LocalDate.class), rs.getLong(2), rs.getString(3), rs.getString(4),
                rs.getObject(5, OffsetDateTime.class).toInstant(),
                signature == null ? null : Base64.getDecoder().decode(signature), rs.getBoolean(7));
    }

    /** Chains up to {@code max} unchained entries with a time in {@code [from, to)}, in (time, id) order. */
    private int chain(Instant from, Instant to, int max) throws SQLException {
        List<ChainedEntry> fresh;
        try (PreparedStatement p = c.prepareStatement("SELECT " + ENTRY_COLUMNS + " FROM pec_log WHERE chain_seq IS NULL"
                + " AND event_time >= ? AND event_time < ? ORDER BY event_time, id")) {
            p.setObject(1, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
            p.setObject(2, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
            p.setMaxRows(max);
            fresh = read(p);
        }
        Map<LocalDate, List<ChainedEntry>> byDay = new LinkedHashMap<>();
        for (ChainedEntry e : fresh) {
            byDay.computeIfAbsent(LogChain.dayOf(e.eventTime()), d -> new ArrayList<>()).add(e);
        }
        for (Map.Entry<LocalDate, List<ChainedEntry>> day : byDay.entrySet()) {
            Optional<Head> stored = head(day.getKey());
            Head head = stored.orElse(new Head(0, LogChain.GENESIS));
            try (PreparedStatement u = c.prepareStatement(
                    "UPDATE pec_log SET chain_seq = ?, entry_hash = ? WHERE id = ? AND event_time = ? AND chain_seq IS NULL")) {
                for (ChainedEntry e : day.getValue()) {
                    long seq = head.count + 1;
                    String hash = LogChain.hash(head.lastHash, e, seq);
                    u.setLong(1, seq);
                    u.setString(2, hash);
                    u.setLong(3, e.id());
                    u.setObject(4, OffsetDateTime.ofInstant(e.eventTime(), ZoneOffset.UTC));
                    u.addBatch();
                    head = new Head(seq, hash);
                }
                u.executeBatch();
            }
            try (PreparedStatement p = c.prepareStatement(stored.isPresent()
                    ? "UPDATE pec_log_day SET chained = ?, last_hash = ? WHERE log_day = ?"
                    : "INSERT INTO pec_log_day (chained, last_hash, log_day) VALUES (?, ?, ?)")) {
                p.setLong(1, head.count);
                p.setString(2, head.lastHash);
                p.setObject(3, day.getKey());
                p.executeUpdate();
            }
        }
        return fresh.size();
    }

    private Optional<Head> head(LocalDate day) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT chained, last_hash FROM pec_log_day WHERE log_day = ?")) {
            p.setObject(1, day);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(new Head(rs.getLong(1), rs.getString(2))) : Optional.empty();
            }
        }
    }

    private static List<ChainedEntry> read(PreparedStatement p) throws SQLException {
        List<ChainedEntry> out = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                Long seq = rs.getObject(12) == null ? null : rs.getLong(12);
                out.add(new ChainedEntry(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                        rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                        rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
                        seq, rs.getString(13)));
            }
        }
        return out;
    }

    /** A day's chain so far: how many entries, and the last hash. */
    private record Head(long count, String lastHash) {
    }
}
