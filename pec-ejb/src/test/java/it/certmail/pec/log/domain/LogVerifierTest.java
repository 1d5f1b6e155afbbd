package it.certmail.pec.log.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import it.certmail.pec.log.domain.LogFinding.Kind;

/** The chain, the seals and the verifier on a log built here: intact, then altered, removed, inserted, forged. */
class LogVerifierTest {

    private static final LocalDate FIRST = LocalDate.of(2026, 11, 1);
    private static final Instant NOW = Instant.parse("2026-11-05T10:00:00Z");
    private static final byte[] PROVIDER_KEY = "provider".getBytes(StandardCharsets.UTF_8);
    /** A keyed signature stands in for the provider's CMS here (CmsSealSignaturesTest checks the real one). */
    private static final SealSignatureCheck HMAC = (content, signature) ->
            Arrays.equals(hmac(PROVIDER_KEY, content), signature) ? Optional.empty() : Optional.of("not ours");

    private long nextId = 1000;

    /** Days 1-4 November sealed (3 entries each), the 5th open with 2 entries chained and 1 pending. */
    private final Map<LocalDate, List<ChainedEntry>> days = new LinkedHashMap<>();
    private final Map<LocalDate, DaySeal> seals = new LinkedHashMap<>();

    LogVerifierTest() {
        DaySeal previous = null;
        for (int d = 0; d < 4; d++) {
            LocalDate day = FIRST.plusDays(d);
            List<ChainedEntry> entries = chain(day, 3);
            days.put(day, entries);
            previous = seal(day, entries, previous);
            seals.put(day, previous);
        }
        LocalDate today = LocalDate.of(2026, 11, 5);
        List<ChainedEntry> open = new ArrayList<>(chain(today, 2));
        open.add(entry(today, 9));
        days.put(today, open);
    }

    @Test
    void anUntouchedLogShouldBeIntact() {
        LogVerification v = verify();
        assertThat(v.findings()).isEmpty();
        assertThat(v.intact()).isTrue();
        assertThat(v.daysChecked()).isEqualTo(5);
        assertThat(v.entriesChecked()).isEqualTo(15);
        assertThat(v.seals()).isEqualTo(4);
        assertThat(v.pending()).isEqualTo(1);
        assertThat(v.lastSealedDay()).isEqualTo(LocalDate.of(2026, 11, 4));
    }

    @Test
    void anAlteredEntryShouldBeFoundWithItsDay() {
        ChainedEntry e = days.get(FIRST.plusDays(1)).get(1);
        replace(FIRST.plusDays(1), 1, new ChainedEntry(e.id(), e.eventTime(), e.eventType(), e.msgid(),
                e.clientMsgid(), "mallory@evil.test", e.recipients(), e.subject(), e.generatedIds(),
                e.sendingProvider(), e.detail(), e.seq(), e.hash()));
        assertThat(verify().findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Kind.ALTERED);
            assertThat(f.day()).isEqualTo(FIRST.plusDays(1));
            assertThat(f.entryId()).isEqualTo(e.id());
            assertThat(f.seq()).isEqualTo(2L);
        });
    }

    @Test
    void anEntryAlteredInAnOpenDayShouldBeFoundToo() {
        LocalDate today = LocalDate.of(2026, 11, 5);
        ChainedEntry e = days.get(today).get(0);
        replace(today, 0, new ChainedEntry(e.id(), e.eventTime(), "CONSEGNA", e.msgid(), e.clientMsgid(), e.sender(),
                e.recipients(), e.subject(), e.generatedIds(), e.sendingProvider(), e.detail(), e.seq(), e.hash()));
        assertThat(verify().findings()).extracting(LogFinding::kind, LogFinding::day, LogFinding::entryId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.ALTERED, today, e.id()));
    }

    @Test
    void anEntryAlteredWithEveryHashAfterItRewrittenShouldNoLongerMatchTheSeal() {
        LocalDate day = FIRST.plusDays(2);
        List<ChainedEntry> entries = days.get(day);
        ChainedEntry e = entries.get(0);
        List<ChainedEntry> forged = new ArrayList<>();
        forged.add(new ChainedEntry(e.id(), e.eventTime(), e.eventType(), e.msgid(), e.clientMsgid(), e.sender(),
                "mallory@evil.test", e.subject(), e.generatedIds(), e.sendingProvider(), e.detail(), null, null));
        forged.addAll(entries.subList(1, entries.size()));
        days.put(day, rechain(forged));
        assertThat(verify().findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Kind.ALTERED);
            assertThat(f.day()).isEqualTo(day);
            assertThat(f.detail()).contains("sealed hash");
        });
    }

    @Test
    void aRemovedEntryShouldBeFoundWithItsPosition() {
        days.get(FIRST.plusDays(3)).remove(1);
        assertThat(verify().findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Kind.REMOVED);
            assertThat(f.day()).isEqualTo(FIRST.plusDays(3));
            assertThat(f.seq()).isEqualTo(2L);
        });
    }

    @Test
    void theLastEntryOfADayRemovedShouldBeFoundByTheSealsCount() {
        days.get(FIRST).remove(2);
        assertThat(verify().findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Kind.REMOVED);
            assertThat(f.day()).isEqualTo(FIRST);
            assertThat(f.seq()).isEqualTo(3L);
        });
    }

    @Test
    void aRemovedEntryWithTheChainRenumberedAndRehashedShouldNoLongerMatchTheSeal() {
        List<ChainedEntry> entries = new ArrayList<>(days.get(FIRST));
        entries.remove(0);
        days.put(FIRST, rechain(entries));
        assertThat(verify().findings()).extracting(LogFinding::kind, LogFinding::day)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.REMOVED, FIRST));
    }

    @Test
    void anEntryInsertedWithoutAPositionShouldBeFound() {
        ChainedEntry forged = entry(FIRST.plusDays(1), 5);
        days.get(FIRST.plusDays(1)).add(forged);
        assertThat(verify().findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Kind.INSERTED);
            assertThat(f.entryId()).isEqualTo(forged.id());
            assertThat(f.day()).isEqualTo(FIRST.plusDays(1));
        });
    }

    @Test
    void anEntryInsertedAtATakenPositionWithAPlausibleHashShouldBeFound() {
        LocalDate day = FIRST.plusDays(1);
        ChainedEntry first = days.get(day).get(0);
        ChainedEntry forged = entry(day, 1);
        days.get(day).add(forged.withChain(2, LogChain.hash(first.hash(), forged, 2)));
        assertThat(verify().findings()).extracting(LogFinding::kind, LogFinding::entryId, LogFinding::seq)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.INSERTED, forged.id(), 2L));
    }

    @Test
    void anEntryAppendedToASealedDayWithAValidHashShouldBeFound() {
        LocalDate day = FIRST.plusDays(3);
        List<ChainedEntry> entries = days.get(day);
        ChainedEntry forged = entry(day, 23);
        entries.add(forged.withChain(4, LogChain.hash(entries.get(2).hash(), forged, 4)));
        assertThat(verify().findings()).extracting(LogFinding::kind, LogFinding::entryId, LogFinding::day)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.INSERTED, forged.id(), day));
    }

    @Test
    void anInsertionWithTheWholeDayRechainedShouldNoLongerMatchTheSeal() {
        List<ChainedEntry> entries = new ArrayList<>(days.get(FIRST));
        entries.add(1, entry(FIRST, 1));
        days.put(FIRST, rechain(entries));
        assertThat(verify().findings()).extracting(LogFinding::kind, LogFinding::day)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.INSERTED, FIRST));
    }

    @Test
    void aSealSignedWithAnotherKeyShouldBeBad() {
        LocalDate day = FIRST.plusDays(1);
        DaySeal s = seals.get(day);
        seals.put(day, new DaySeal(day, s.entries(), s.lastHash(), s.previousSeal(), s.sealedAt(),
                hmac("mallory".getBytes(StandardCharsets.UTF_8), s.content()), false));
        assertThat(verify().findings()).extracting(LogFinding::kind, LogFinding::day)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.BAD_SEAL, day));
    }

    @Test
    void aSealWhoseCountWasChangedShouldBeBad() {
        LocalDate day = FIRST.plusDays(2);
        DaySeal s = seals.get(day);
        seals.put(day, new DaySeal(day, 2, s.lastHash(), s.previousSeal(), s.sealedAt(), s.signature(), false));
        assertThat(verify().findings()).extracting(LogFinding::kind).contains(Kind.BAD_SEAL);
    }

    @Test
    void aWholeDayRemovedWithItsSealShouldBreakTheChainOfSeals() {
        LocalDate day = FIRST.plusDays(1);
        days.get(day).clear();
        seals.remove(day);
        assertThat(verify().findings()).extracting(LogFinding::kind, LogFinding::day).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Kind.MISSING_SEAL, day),
                org.assertj.core.groups.Tuple.tuple(Kind.BAD_SEAL, day.plusDays(1)));
    }

    @Test
    void theFirstDaysRemovedWithTheirSealsShouldBeFound() {
        days.remove(FIRST);
        seals.remove(FIRST);
        assertThat(verify().findings()).extracting(LogFinding::kind, LogFinding::day)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.BAD_SEAL, FIRST.plusDays(1)));
    }

    @Test
    void aClosedDayWithoutASealShouldBeReportedOnlyOnceItIsLate() {
        LocalDate day = FIRST.plusDays(3);
        seals.remove(day);
        // the entries of the day as the chainer left them, not sealed
        LogVerifier early = new LogVerifier(HMAC, RetentionPolicy.PEC_LOG,
                LogChain.start(day.plusDays(1)).plus(Duration.ofMinutes(30)));
        for (Map.Entry<LocalDate, List<ChainedEntry>> d : days.entrySet()) {
            if (!d.getKey().isAfter(day)) {
                early.day(d.getKey(), d.getValue(), seals.get(d.getKey()));
            }
        }
        assertThat(early.result().findings()).isEmpty();
        assertThat(early.result().pending()).isZero();
        assertThat(verify().findings()).extracting(LogFinding::kind, LogFinding::day)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.MISSING_SEAL, day));
    }

    @Test
    void monthsDroppedByRetentionShouldBeAcceptedWhenTheirSealsAreKept() {
        Instant later = Instant.parse("2029-06-10T10:00:00Z");
        LogVerifier v = new LogVerifier(HMAC, RetentionPolicy.PEC_LOG, later);
        DaySeal previous = null;
        for (LocalDate day = FIRST; day.isBefore(LocalDate.of(2029, 6, 10)); day = day.plusDays(1)) {
            boolean dropped = day.isBefore(LocalDate.of(2026, 12, 1));
            List<ChainedEntry> entries = chain(day, 1);
            previous = seal(day, entries, previous);
            v.day(day, dropped ? List.of() : entries, dropped ? previous.withEntriesDropped() : previous);
        }
        v.day(LocalDate.of(2029, 6, 10), List.of(), null);
        assertThat(v.result().findings()).isEmpty();
        assertThat(v.result().droppedDays()).isEqualTo(30);
    }

    @Test
    void entriesDroppedBeforeTheirRetentionEndedShouldBeRemoved() {
        LocalDate day = FIRST;
        days.get(day).clear();
        seals.put(day, seals.get(day).withEntriesDropped());
        assertThat(verify().findings()).extracting(LogFinding::kind, LogFinding::day)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.REMOVED, day));
    }

    @Test
    void aDayDroppedAfterKeptDaysShouldBeRemoved() {
        Instant later = Instant.parse("2029-06-10T10:00:00Z");
        LogVerifier v = new LogVerifier(HMAC, RetentionPolicy.PEC_LOG, later);
        for (Map.Entry<LocalDate, DaySeal> s : seals.entrySet()) {
            boolean dropped = s.getKey().equals(FIRST.plusDays(2));
            v.day(s.getKey(), dropped ? List.of() : days.get(s.getKey()),
                    dropped ? s.getValue().withEntriesDropped() : s.getValue());
        }
        assertThat(v.result().findings()).extracting(LogFinding::kind, LogFinding::day)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.REMOVED, FIRST.plusDays(2)));
    }

    @Test
    void theEncodingShouldTellApartFieldsThatConcatenateAlike() {
        ChainedEntry a = new ChainedEntry(1, NOW, "ACCETTAZIONE", "ab", "c", null, null, null, null, null, null,
                null, null);
        ChainedEntry b = new ChainedEntry(1, NOW, "ACCETTAZIONE", "a", "bc", null, null, null, null, null, null,
                null, null);
        ChainedEntry c = new ChainedEntry(1, NOW, "ACCETTAZIONE", "ab", "c", "", null, null, null, null, null,
                null, null);
        assertThat(LogChain.hash(LogChain.GENESIS, a, 1)).isNotEqualTo(LogChain.hash(LogChain.GENESIS, b, 1))
                .isNotEqualTo(LogChain.hash(LogChain.GENESIS, c, 1))
                .isNotEqualTo(LogChain.hash(LogChain.GENESIS, a, 2))
                .hasSize(64);
    }

    @Test
    void aRangeShouldStartFromTheSealBeforeIt() {
        LogVerification v = verifyFrom(FIRST.plusDays(2), seals.get(FIRST.plusDays(1)));
        assertThat(v.findings()).isEmpty();
        assertThat(v.daysChecked()).isEqualTo(3);
        assertThat(v.seals()).isEqualTo(2);
        assertThat(v.firstDay()).isEqualTo(FIRST.plusDays(2));
        assertThat(v.lastDay()).isEqualTo(LocalDate.of(2026, 11, 5));
    }

    @Test
    void aRangeShouldFindTheBrokenLinkToTheSealBeforeIt() {
        // the seal before the range re-signed by the provider after a change: valid, but not the one the range's
        // first seal follows
        DaySeal genuine = seals.get(FIRST.plusDays(1));
        DaySeal unsigned = new DaySeal(genuine.day(), genuine.entries(), genuine.lastHash(), genuine.previousSeal(),
                genuine.sealedAt().plusSeconds(60), null, false);
        DaySeal resealed = new DaySeal(unsigned.day(), unsigned.entries(), unsigned.lastHash(),
                unsigned.previousSeal(), unsigned.sealedAt(), hmac(PROVIDER_KEY, unsigned.content()), false);
        assertThat(verifyFrom(FIRST.plusDays(2), resealed).findings())
                .extracting(LogFinding::kind, LogFinding::day)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.BAD_SEAL, FIRST.plusDays(2)));
        // a forged seal before the range: reported on its own day
        DaySeal forged = new DaySeal(genuine.day(), genuine.entries(), genuine.lastHash(), genuine.previousSeal(),
                genuine.sealedAt(), hmac("mallory".getBytes(StandardCharsets.UTF_8), genuine.content()), false);
        assertThat(verifyFrom(FIRST.plusDays(2), forged).findings())
                .extracting(LogFinding::kind, LogFinding::day)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.BAD_SEAL, FIRST.plusDays(1)));
    }

    private LogVerification verifyFrom(LocalDate from, DaySeal predecessor) {
        LogVerifier v = new LogVerifier(HMAC, RetentionPolicy.PEC_LOG, NOW);
        v.startAfter(predecessor);
        for (LocalDate day = from; !day.isAfter(LogChain.dayOf(NOW)); day = day.plusDays(1)) {
            v.day(day, days.getOrDefault(day, List.of()), seals.get(day));
        }
        return v.result();
    }

    private LogVerification verify() {
        LogVerifier v = new LogVerifier(HMAC, RetentionPolicy.PEC_LOG, NOW);
        for (LocalDate day = FIRST; !day.isAfter(LogChain.dayOf(NOW)); day = day.plusDays(1)) {
            v.day(day, days.getOrDefault(day, List.of()), seals.get(day));
        }
        return v.result();
    }

    private void replace(LocalDate day, int index, ChainedEntry e) {
        days.get(day).set(index, e);
    }

    private ChainedEntry entry(LocalDate day, int hour) {
        long id = nextId++;
        return new ChainedEntry(id, LogChain.start(day).plus(Duration.ofHours(hour)).plusNanos(123_456_000),
                "ACCETTAZIONE", "opec." + id + "@pec.example", "<c" + id + "@client>", "alice@a.example",
                "bob@b.example carol@c.example", "Oggetto è " + id, "<r" + id + "@pec.example>", "PEC Example",
                null, null, null);
    }

    private List<ChainedEntry> chain(LocalDate day, int n) {
        List<ChainedEntry> fresh = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            fresh.add(entry(day, 1 + 2 * i));
        }
        return rechain(fresh);
    }

    /** As the chainer does: positions 1..n in list order, each hash over the previous one. */
    private static List<ChainedEntry> rechain(List<ChainedEntry> entries) {
        List<ChainedEntry> out = new ArrayList<>();
        String previous = LogChain.GENESIS;
        for (int i = 0; i < entries.size(); i++) {
            String hash = LogChain.hash(previous, entries.get(i), i + 1);
            out.add(entries.get(i).withChain(i + 1, hash));
            previous = hash;
        }
        return out;
    }

    private static DaySeal seal(LocalDate day, List<ChainedEntry> entries, DaySeal previous) {
        DaySeal unsigned = new DaySeal(day, entries.size(),
                entries.isEmpty() ? LogChain.GENESIS : entries.get(entries.size() - 1).hash(),
                previous == null ? LogChain.NO_PREVIOUS_SEAL : previous.hash(),
                LogChain.start(day.plusDays(1)).plus(Duration.ofMinutes(20)), null, false);
        return new DaySeal(day, unsigned.entries(), unsigned.lastHash(), unsigned.previousSeal(), unsigned.sealedAt(),
                hmac(PROVIDER_KEY, unsigned.content()), false);
    }

    private static byte[] hmac(byte[] key, byte[] content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
