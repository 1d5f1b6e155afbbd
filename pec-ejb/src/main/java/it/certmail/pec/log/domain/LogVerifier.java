package it.certmail.pec.log.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import it.certmail.pec.log.domain.LogFinding.Kind;

/**
 * Verifica del registro: walks the registro day by day, oldest first, and finds every entry altered, removed or
 * inserted after the chainer fixed its day's chain, and every seal that is forged, out of its chain of seals or
 * missing. Feed it every day from the first one with a seal or an entry to the last, in order, then take the
 * {@link #result()}. Pure: the entries, the seals and the signature check come from outside.
 *
 * <p>How each change shows: an entry whose fields no longer give its hash is ALTERED; a gap in the positions of a
 * day's chain, or a chain shorter than its seal counts, is REMOVED; an entry without a position in a sealed day, a
 * second entry at one position or entries beyond the sealed count are INSERTED; an entry and every hash after it
 * rewritten consistently no longer ends in the sealed last hash (ALTERED, for the day). Seals are chained too, so
 * a day removed with its seal leaves the next seal pointing at nothing.
 *
 * <p>A range of days is checked the same way after {@link #startAfter}: the first day's seal must follow the seal
 * of the day before the range, whose own signature is checked too, so the range is linked to the rest of the chain.
 */
public final class LogVerifier {

    private final SealSignatureCheck signatures;
    private final RetentionPolicy retention;
    private final Instant now;
    private final List<LogFinding> findings = new ArrayList<>();

    private LocalDate firstDay;
    private LocalDate lastDay;
    private DaySeal previousSeal;
    private boolean keptDaySeen;
    private YearMonth lastDroppedMonth;
    private int days;
    private long entries;
    private int seals;
    private long pending;
    private int droppedDays;

    public LogVerifier(SealSignatureCheck signatures, RetentionPolicy retention, Instant now) {
        this.signatures = Objects.requireNonNull(signatures, "signatures");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.now = Objects.requireNonNull(now, "now");
    }

    /**
     * Starts a range after {@code predecessor}, the seal of the day before the range's first day: the first day's
     * seal must name it as its previous seal, and it must itself be the provider's valid signature (else a
     * BAD_SEAL finding on its day). Call it once, before the first {@link #day}.
     *
     * @throws IllegalStateException if days were fed already
     */
    public void startAfter(DaySeal predecessor) {
        if (lastDay != null) {
            throw new IllegalStateException("the range must start before the first day is fed");
        }
        Optional<String> problem = predecessor.signature() == null || predecessor.signature().length == 0
                ? Optional.of("no signature")
                : signatures.problem(predecessor.content(), predecessor.signature());
        problem.ifPresent(p -> findings.add(new LogFinding(predecessor.day(), Kind.BAD_SEAL, null, null,
                "the seal before the range is not the provider's valid signature of its content: " + p)));
        previousSeal = predecessor;
        lastDay = predecessor.day();
        // what the days before the range leave behind for the retention checks
        if (predecessor.entriesDropped()) {
            lastDroppedMonth = YearMonth.from(predecessor.day());
        } else {
            keptDaySeen = true;
        }
    }

    /**
     * One day: every stored entry whose time falls in it (chained or not, any order) and its seal, or null.
     *
     * @throws IllegalArgumentException if days are not fed in order without gaps
     */
    public void day(LocalDate day, List<ChainedEntry> dayEntries, DaySeal seal) {
        if (lastDay != null && !day.equals(lastDay.plusDays(1))) {
            throw new IllegalArgumentException("days must be fed in order without gaps: " + day + " after " + lastDay);
        }
        if (firstDay == null) {
            firstDay = day;
        }
        lastDay = day;
        days++;
        entries += dayEntries.size();
        if (seal != null) {
            seals++;
            checkSeal(day, seal);
        } else if (isLate(day) && (previousSeal != null || !dayEntries.isEmpty())) {
            findings.add(new LogFinding(day, Kind.MISSING_SEAL, null, null,
                    "the day closed more than " + LogChain.SEAL_LATE_AFTER.toHours() + " h ago and has no seal"));
        }
        if (seal != null && seal.entriesDropped()) {
            checkDropped(day, dayEntries, seal);
            return;
        }
        if (seal != null && lastDroppedMonth != null && lastDroppedMonth.equals(YearMonth.from(day))) {
            findings.add(new LogFinding(day, Kind.REMOVED, null, null,
                    "retention dropped only part of " + lastDroppedMonth + ": it drops whole months"));
        }
        if (seal != null || !dayEntries.isEmpty()) {
            keptDaySeen = true;
        }
        checkChain(day, dayEntries, seal);
    }

    public LogVerification result() {
        return new LogVerification(days, entries, seals, pending, droppedDays,
                seals == 0 ? null : previousSeal.day(), firstDay, firstDay == null ? null : lastDay, findings);
    }

    private boolean isLate(LocalDate day) {
        return !LogChain.start(day.plusDays(1)).plus(LogChain.SEAL_LATE_AFTER).isAfter(now);
    }

    private void checkSeal(LocalDate day, DaySeal seal) {
        Optional<String> problem = seal.signature() == null || seal.signature().length == 0
                ? Optional.of("no signature")
                : signatures.problem(seal.content(), seal.signature());
        problem.ifPresent(p -> findings.add(new LogFinding(day, Kind.BAD_SEAL, null, null,
                "the seal is not the provider's valid signature of its content: " + p)));
        if (previousSeal == null) {
            if (!LogChain.NO_PREVIOUS_SEAL.equals(seal.previousSeal())) {
                findings.add(new LogFinding(day, Kind.BAD_SEAL, null, null,
                        "the seal follows a previous seal that is not there (days or seals removed before it)"));
            }
        } else if (!previousSeal.hash().equals(seal.previousSeal())) {
            findings.add(new LogFinding(day, Kind.BAD_SEAL, null, null,
                    "the seal does not follow the seal of " + previousSeal.day()));
        }
        previousSeal = seal;
    }

    private void checkDropped(LocalDate day, List<ChainedEntry> dayEntries, DaySeal seal) {
        droppedDays++;
        YearMonth month = YearMonth.from(day);
        if (keptDaySeen) {
            findings.add(new LogFinding(day, Kind.REMOVED, null, null, seal.entries()
                    + " entries dropped after days that are kept: retention drops only the oldest months"));
        } else if (!month.isBefore(retention.firstKeptMonth(now))) {
            findings.add(new LogFinding(day, Kind.REMOVED, null, null, seal.entries()
                    + " entries dropped before the " + retention.months() + " months of retention ended"));
        } else {
            lastDroppedMonth = month;
        }
        for (ChainedEntry e : dayEntries) {
            findings.add(new LogFinding(day, Kind.INSERTED, e.id(), e.seq(),
                    "an entry in a day whose entries retention has dropped"));
        }
    }

    private void checkChain(LocalDate day, List<ChainedEntry> dayEntries, DaySeal seal) {
        Map<Long, List<ChainedEntry>> byPosition = new TreeMap<>();
        for (ChainedEntry e : dayEntries) {
            if (!e.chained()) {
                if (seal == null) {
                    pending++;
                } else {
                    findings.add(new LogFinding(day, Kind.INSERTED, e.id(), null, "not part of the sealed chain"));
                }
            } else {
                byPosition.computeIfAbsent(e.seq(), k -> new ArrayList<>()).add(e);
            }
        }
        long sealedCount = seal == null ? Long.MAX_VALUE : seal.entries();
        String previous = LogChain.GENESIS;
        boolean previousKnown = true;
        boolean beyondSeal = false;
        long expected = 1;
        ChainedEntry last = null;
        for (Map.Entry<Long, List<ChainedEntry>> at : byPosition.entrySet()) {
            long seq = at.getKey();
            List<ChainedEntry> candidates = at.getValue();
            candidates.sort(Comparator.comparingLong(ChainedEntry::id));
            if (seq < 1 || seq > sealedCount) {
                beyondSeal |= seq > sealedCount;
                for (ChainedEntry e : candidates) {
                    findings.add(new LogFinding(day, Kind.INSERTED, e.id(), seq, seq < 1
                            ? "at a position that does not exist"
                            : "beyond the " + sealedCount + " entries the seal counts"));
                }
                continue;
            }
            if (seq > expected) {
                findings.add(new LogFinding(day, Kind.REMOVED, null, expected, removed(expected, seq - 1)));
                previousKnown = false;
            }
            ChainedEntry onChain = null;
            if (previousKnown) {
                for (ChainedEntry e : candidates) {
                    if (onChain == null && LogChain.hash(previous, e, seq).equals(e.hash())) {
                        onChain = e;
                    }
                }
            }
            if (onChain == null) {
                onChain = candidates.get(0);
                if (previousKnown) {
                    findings.add(new LogFinding(day, Kind.ALTERED, onChain.id(), seq, "the entry (or the hash of the"
                            + " one before it) no longer matches its hash: changed after it was chained"));
                }
            }
            for (ChainedEntry e : candidates) {
                if (e != onChain) {
                    findings.add(new LogFinding(day, Kind.INSERTED, e.id(), seq, "a second entry at position " + seq));
                }
            }
            previous = onChain.hash() == null ? LogChain.GENESIS : onChain.hash();
            previousKnown = onChain.hash() != null;
            expected = seq + 1;
            last = onChain;
        }
        if (seal == null) {
            return;
        }
        if (expected - 1 < seal.entries()) {
            findings.add(new LogFinding(day, Kind.REMOVED, null, expected, removed(expected, seal.entries())
                    + " (the seal counts " + seal.entries() + ")"));
        } else if (!beyondSeal && !seal.lastHash().equals(last == null ? LogChain.GENESIS : last.hash())) {
            findings.add(new LogFinding(day, Kind.ALTERED, last == null ? null : last.id(), expected - 1,
                    "the day's chain no longer ends in the sealed hash: entries rewritten after the seal"));
        }
    }

    private static String removed(long from, long to) {
        return from == to ? "entry " + from + " of the chain is missing" : "entries " + from + "-" + to
                + " of the chain are missing";
    }
}
