package it.certmail.pec.mailbox.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import it.certmail.pec.mailbox.model.LifecycleFacts;
import it.certmail.pec.mailbox.model.LifecyclePhase;
import it.certmail.pec.mailbox.model.LifecyclePolicy;
import it.certmail.pec.mailbox.model.MailboxStatus;
import it.certmail.pec.platform.domain.AdjustableClock;

/**
 * Recesso: a withdrawn mailbox is closed to mail at once, keeps its content 30 days for the holder to download,
 * gets a reminder 5 days before, and is deleted on the 30th day; the machine run hour by hour on an adjustable clock.
 */
class LifecycleWithdrawalTest {

    private static final Instant WITHDRAWN_AT = Instant.parse("2026-03-10T10:15:00Z");
    private static final Instant EXPIRY = Instant.parse("2027-01-31T23:00:00Z");

    private final AdjustableClock clock = new AdjustableClock(Clock.fixed(WITHDRAWN_AT, ZoneOffset.UTC));

    /** Every due step at the clock's time, as the lifecycle job would perform them. */
    private static LifecycleFacts runJobs(LifecycleFacts facts, LifecyclePolicy policy, Instant now, List<String> log) {
        for (Optional<PendingStep> s = LifecycleMachine.next(facts, policy); s.isPresent() && s.get().isDue(now);
                s = LifecycleMachine.next(facts, policy)) {
            assertThat(s.get().step()).as("no charge after a withdrawal").isNotEqualTo(LifecycleStep.CHARGE);
            facts = LifecycleMachine.after(facts, s.get().step(), policy);
            log.add(now + " " + s.get().step());
        }
        return facts;
    }

    @Test
    void withdrawalShouldCloseTheMailboxToMailAndDeleteItThirtyDaysLaterAfterAReminder() {
        LifecyclePolicy policy = LifecyclePolicy.superReception();
        LifecycleFacts facts = LifecycleMachine.withdrawn(LifecycleFacts.paidUntil(EXPIRY, true), clock.instant());

        assertThat(facts.phase()).isEqualTo(LifecyclePhase.WITHDRAWN);
        assertThat(facts.phase().status()).isEqualTo(MailboxStatus.DISABLED);
        MailboxStatus status = facts.phase().status();
        assertThat(status.canSend()).isFalse();
        assertThat(status.canReceive()).isFalse();
        assertThat(status.canLogin()).as("IMAP, POP3 and SMTP submission closed").isFalse();
        assertThat(facts.phase().webDownloadOnly()).as("the web area stays open for downloads").isTrue();
        assertThat(facts.phase().lapsed()).as("a renewal does not bring a withdrawn mailbox back").isFalse();
        assertThat(facts.autoRenew()).isFalse();
        assertThat(facts.cessationEndsAt()).isEqualTo(WITHDRAWN_AT.plus(Duration.ofDays(30)));

        List<String> log = new ArrayList<>();
        Instant reminder = WITHDRAWN_AT.plus(Duration.ofDays(25));
        Instant deletion = WITHDRAWN_AT.plus(Duration.ofDays(30));
        while (!clock.instant().isAfter(WITHDRAWN_AT.plus(Duration.ofDays(31)))) {
            facts = runJobs(facts, policy, clock.instant(), log);
            if (clock.instant().isBefore(deletion)) {
                assertThat(facts.phase()).as("kept until the 30th day, at " + clock.instant())
                        .isEqualTo(LifecyclePhase.WITHDRAWN);
            }
            clock.advance(Duration.ofHours(1));
        }
        assertThat(facts.phase()).isEqualTo(LifecyclePhase.CLOSED);
        assertThat(log).containsExactly(
                reminder + " WITHDRAWAL_REMINDER",
                deletion + " DELETE");
        assertThat(LifecycleMachine.next(facts, policy)).isEmpty();
    }

    @Test
    void withdrawalShouldHoldItsDateWhateverThePlanOrAFailingRenewal() {
        LifecyclePolicy recurring = LifecyclePolicy.recurring();
        // a monthly plan whose renewal is failing, past its period end: the retries stop
        LifecycleFacts retrying = LifecycleMachine.chargeFailed(LifecycleFacts.paidUntil(WITHDRAWN_AT.minus(
                Duration.ofDays(2)), true), WITHDRAWN_AT.minus(Duration.ofDays(1)));
        assertThat(retrying.phase()).isEqualTo(LifecyclePhase.PAYMENT_RETRY);

        LifecycleFacts withdrawn = LifecycleMachine.withdrawn(retrying, clock.instant());
        assertThat(LifecycleMachine.next(withdrawn, recurring)).contains(new PendingStep(
                LifecycleStep.WITHDRAWAL_REMINDER, WITHDRAWN_AT.plus(Duration.ofDays(25)), 0));

        // withdrawing again a week later keeps the first deletion date
        clock.advance(Duration.ofDays(7));
        assertThat(LifecycleMachine.withdrawn(withdrawn, clock.instant())).isEqualTo(withdrawn);

        // a mailbox that never expires gets the same 30 days
        LifecycleFacts forever = LifecycleMachine.withdrawn(LifecycleFacts.paidUntil(null, false), WITHDRAWN_AT);
        assertThat(LifecycleMachine.next(forever, LifecyclePolicy.receptionOnly()).map(PendingStep::dueAt))
                .contains(WITHDRAWN_AT.plus(Duration.ofDays(25)));

        // a closed mailbox stays closed
        LifecycleFacts closed = LifecycleFacts.paidUntil(EXPIRY, false).withPhase(LifecyclePhase.CLOSED);
        assertThat(LifecycleMachine.withdrawn(closed, WITHDRAWN_AT)).isEqualTo(closed);
    }

    @Test
    void cessationShouldKeepTheContentThirtyDaysAsAWithdrawalDoes() {
        // the "30 days after a withdrawal or cessation": recurring plans keep it 30 days, signed in
        LifecyclePolicy recurring = LifecyclePolicy.recurring();
        LifecycleFacts ceased = LifecycleMachine.after(LifecycleFacts.paidUntil(WITHDRAWN_AT, false),
                LifecycleStep.START_CESSATION, recurring);
        assertThat(ceased.phase()).isEqualTo(LifecyclePhase.CESSATION);
        assertThat(ceased.phase().status().canLogin()).isTrue();
        assertThat(ceased.cessationEndsAt()).isEqualTo(WITHDRAWN_AT.plus(Duration.ofDays(30)));
    }
}
