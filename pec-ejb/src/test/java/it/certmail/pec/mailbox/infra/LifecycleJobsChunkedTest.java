package it.certmail.pec.mailbox.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.Test;

import it.certmail.pec.mailbox.domain.LifecycleStep;
import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.mailbox.model.LifecyclePhase;
import it.certmail.pec.mailbox.model.LifecycleStepDone;
import it.certmail.pec.mailbox.model.MailboxStatus;

/**
 * The same scenarios as {@link LifecycleJobsTest}, with every job run going through {@link LifecycleChunk} (one
 * transaction for all due subscriptions, batched writes) and the per-mailbox path only for what it leaves; and what
 * only the chunk does: all or nothing, purges left to the per-mailbox path, keyset pages.
 */
class LifecycleJobsChunkedTest extends LifecycleJobsTest {

    private static final EnumSet<LifecycleStep> LIFECYCLE = EnumSet.complementOf(EnumSet.of(LifecycleStep.CHARGE));

    @Override
    boolean chunked() {
        return true;
    }

    @Test
    void aChunkShouldExpireEveryPlanFamilyInOneTransaction() throws MailboxException {
        mailbox("std", "standard", false, null, null);
        mailbox("cls", "classic-1y", false, null, null);
        mailbox("mon", "monthly", false, null, null);
        List<Long> ids = List.of(sub("std").getId(), sub("cls").getId(), sub("mon").getId());
        // the month ended unpaid 26 days ago: cessation, and the final notice 5 days before the deletion
        Instant month = sub("mon").getExpiresAt().plus(Duration.ofDays(26));
        LifecycleChunk.Outcome first = tx(() -> new LifecycleChunk(em).advance(ids, "lifecycle", month));
        assertThat(first.steps()).containsExactly(LifecycleStep.START_CESSATION, LifecycleStep.FINAL_NOTICE);
        assertThat(first.single()).isEmpty();

        Instant later = sub("std").getExpiresAt().plus(Duration.ofDays(1));
        LifecycleChunk.Outcome o = tx(() -> new LifecycleChunk(em).advance(ids, "lifecycle", later));

        assertThat(o.steps()).containsExactly(LifecycleStep.EXPIRE, LifecycleStep.EXPIRE);
        // the deletion deletes content: one by one, after the chunk
        assertThat(o.single()).containsExactly(sub("mon").getId());
        assertThat(sub("std").getPhase()).isEqualTo(LifecyclePhase.GRACE);
        assertThat(sub("std").getNextStep()).isEqualTo("DISABLE");
        assertThat(sub("cls").getPhase()).isEqualTo(LifecyclePhase.RECEPTION_ONLY);
        assertThat(sub("cls").getNextStep()).isNull();
        assertThat(sub("mon").getPhase()).isEqualTo(LifecyclePhase.CESSATION);
        assertThat(sub("mon").getNextStep()).isEqualTo("DELETE");
        assertThat(box("std").getStatus()).isEqualTo(MailboxStatus.RECEIVE_ONLY);
        assertThat(box("cls").getQuotaBytes()).isEqualTo(1L << 30);
        assertThat(notices("mon")).extracting(n -> n.getChannel().name() + " " + n.getSubject()).containsExactly(
                "EMAIL Avvio della cessazione della casella PEC", "PEC Ultimo avviso: cancellazione della casella");
        assertThat(db.count("SELECT COUNT(*) FROM lifecycle_step")).isEqualTo(4);
        // again: nothing new is due
        assertThat(tx(() -> new LifecycleChunk(em).advance(ids, "lifecycle", later)).steps()).isEmpty();
        assertThat(db.count("SELECT COUNT(*) FROM notice")).isEqualTo(4);
    }

    @Test
    void aStepRecordedBeforeShouldFailTheWholeChunkAndBeLeftAloneOneByOne() throws MailboxException {
        mailbox("a", "standard", false, null, null);
        mailbox("b", "standard", false, null, null);
        Instant expiry = sub("a").getExpiresAt();
        // the facts of b did not move with its record (a crash between two systems, an admin's edit)
        long bMailbox = box("b").getId();
        tx(() -> {
            em.persist(new LifecycleStepDone(bMailbox, expiry + "/EXPIRE", "EXPIRE", expiry, null));
            return null;
        });
        List<Long> ids = List.of(sub("a").getId(), sub("b").getId());

        assertThatThrownBy(() -> tx(() -> new LifecycleChunk(em).advance(ids, "lifecycle", expiry)))
                .isInstanceOf(RuntimeException.class);
        assertThat(sub("a").getPhase()).isEqualTo(LifecyclePhase.ACTIVE);
        assertThat(db.count("SELECT COUNT(*) FROM notice")).isZero();

        // the fallback: one transaction each; a goes on, b is not done twice
        List<LifecycleStep> done = new ArrayList<>();
        for (Long id : ids) {
            done.addAll(tx(() -> lifecycle.advance(id, "lifecycle", expiry)));
        }
        assertThat(done).containsExactly(LifecycleStep.EXPIRE);
        assertThat(sub("a").getPhase()).isEqualTo(LifecyclePhase.GRACE);
        assertThat(sub("b").getPhase()).isEqualTo(LifecyclePhase.ACTIVE);
        assertThat(db.count("SELECT COUNT(*) FROM lifecycle_step")).isEqualTo(2);
    }

    @Test
    void purgesShouldBeLeftToThePerMailboxPathAfterTheStepsBeforeThem() throws MailboxException {
        mailbox("old", "standard", false, null, null);
        deliver("old", "INBOX", 2000);
        // the jobs were stopped for the whole super reception: expiry, disable and purge are all due
        Instant late = sub("old").getExpiresAt().plus(Duration.ofDays(120));
        long id = sub("old").getId();

        LifecycleChunk.Outcome o = tx(() -> new LifecycleChunk(em).advance(List.of(id), "lifecycle", late));

        assertThat(o.steps()).containsExactly(LifecycleStep.EXPIRE, LifecycleStep.DISABLE);
        assertThat(o.single()).containsExactly(id);
        assertThat(sub("old").getNextStep()).isEqualTo("PURGE");
        assertThat(tx(() -> lifecycle.advance(id, "lifecycle", late))).containsExactly(LifecycleStep.PURGE);
        assertThat(db.count("SELECT COUNT(*) FROM mailbox WHERE address = 'old@b.test'")).isZero();
    }

    @Test
    void duePagesShouldFollowTheKeysetWithoutGapsOrRepeats() throws MailboxException {
        for (int i = 0; i < 7; i++) {
            mailbox("k" + i, "standard", false, null, null);
        }
        Instant later = sub("k0").getExpiresAt().plus(Duration.ofDays(1));
        List<Long> seen = new ArrayList<>();
        Instant at = null;
        long after = 0;
        List<Object[]> page;
        do {
            Instant cursor = at;
            long cursorId = after;
            page = tx(() -> lifecycle.dueAfter(LIFECYCLE, later, cursor, cursorId, 3));
            for (Object[] r : page) {
                seen.add(((Number) r[0]).longValue());
                at = (Instant) r[1];
                after = ((Number) r[0]).longValue();
            }
        } while (page.size() == 3);
        assertThat(seen).hasSize(7).doesNotHaveDuplicates().isSorted();
    }
}
