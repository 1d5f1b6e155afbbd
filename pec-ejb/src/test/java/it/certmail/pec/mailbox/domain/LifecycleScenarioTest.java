package it.certmail.pec.mailbox.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import it.certmail.pec.mailbox.billing.domain.PlanTerms;
import it.certmail.pec.mailbox.billing.domain.PriceList;
import it.certmail.pec.mailbox.model.LifecycleFacts;
import it.certmail.pec.mailbox.model.LifecyclePhase;
import it.certmail.pec.mailbox.model.LifecyclePolicy;
import it.certmail.pec.mailbox.model.MailboxStatus;

/** Each plan family over simulated years: the machine run day by day, as the jobs would. */
class LifecycleScenarioTest {

    private static final ZoneId ROME = ZoneId.of("Europe/Rome");
    private static final Instant START = Instant.parse("2026-01-31T09:00:00Z");
    private static final PriceList CATALOG = PriceList.presets();

    /** Runs the jobs once a day at 09:00 UTC; a charge succeeds when {@code pays} says so. */
    private static final class Simulation {
        final PlanTerms plan;
        final LifecyclePolicy policy;
        LifecycleFacts facts;
        int paidMonths;
        Instant now;
        final List<String> log = new ArrayList<>();
        Predicate<Instant> pays = t -> true;

        Simulation(String planCode, boolean autoRenew) {
            plan = CATALOG.plan(planCode).orElseThrow();
            policy = plan.policy();
            paidMonths = plan.periodMonths();
            now = START;
            facts = LifecycleFacts.paidUntil(PlanTerms.periodEnd(START, paidMonths, ROME), autoRenew);
        }

        void runUntil(Instant end) {
            while (!now.isAfter(end)) {
                runJobs();
                now = now.plus(Duration.ofDays(1));
            }
        }

        void runJobs() {
            for (Optional<PendingStep> s = LifecycleMachine.next(facts, policy); s.isPresent() && s.get().isDue(now);
                    s = LifecycleMachine.next(facts, policy)) {
                PendingStep step = s.get();
                if (step.step() == LifecycleStep.CHARGE) {
                    if (pays.test(now)) {
                        renew();
                        log.add(day() + " paid");
                    } else {
                        facts = LifecycleMachine.chargeFailed(facts, now);
                        log.add(day() + " declined#" + step.attempt());
                    }
                } else {
                    facts = LifecycleMachine.after(facts, step.step(), policy);
                    log.add(day() + " " + step.step());
                }
            }
        }

        /** A manual renewal or reactivation (the holder pays now). */
        void renew() {
            if (facts.phase() == LifecyclePhase.CESSATION || facts.phase() == LifecyclePhase.RECEPTION_ONLY) {
                // a fresh period from today
                facts = LifecycleMachine.renewed(facts, PlanTerms.periodEnd(now, plan.periodMonths(), ROME));
                return;
            }
            paidMonths += plan.periodMonths();
            facts = LifecycleMachine.renewed(facts, PlanTerms.periodEnd(START, paidMonths, ROME));
        }

        long day() {
            return Duration.between(START, now).toDays();
        }

        MailboxStatus status() {
            return facts.phase().status();
        }
    }

    @Test
    void standardShouldGoThroughSuperReceptionDisableAndPurgeWhenNotRenewed() {
        Simulation s = new Simulation("standard", false);
        Instant expiry = s.facts.expiresAt();
        assertThat(expiry).isEqualTo(Instant.parse("2027-01-31T09:00:00Z"));

        s.runUntil(expiry.minusSeconds(1));
        assertThat(s.status()).isEqualTo(MailboxStatus.ACTIVE);
        s.runUntil(expiry);
        assertThat(s.facts.phase()).isEqualTo(LifecyclePhase.GRACE);
        assertThat(s.status().canReceive()).isTrue();
        assertThat(s.status().canSend()).isFalse();

        s.runUntil(expiry.plus(Duration.ofDays(89)));
        assertThat(s.facts.phase()).isEqualTo(LifecyclePhase.GRACE);
        s.runUntil(expiry.plus(Duration.ofDays(90)));
        assertThat(s.facts.phase()).isEqualTo(LifecyclePhase.DISABLED);
        assertThat(s.status().canReceive()).isFalse();
        assertThat(s.status().canLogin()).isFalse();

        s.runUntil(expiry.plus(Duration.ofDays(96)));
        assertThat(s.facts.phase()).isEqualTo(LifecyclePhase.DISABLED);
        s.runUntil(expiry.plus(Duration.ofDays(97)));
        assertThat(s.facts.phase()).isEqualTo(LifecyclePhase.CLOSED);
        assertThat(s.log).containsExactly("365 EXPIRE", "455 DISABLE", "462 PURGE");
        s.runUntil(expiry.plus(Duration.ofDays(900)));
        assertThat(s.log).hasSize(3);
    }

    @Test
    void standardRenewedDuringSuperReceptionShouldBecomeActiveAgainWithItsOldExpiryExtended() {
        Simulation s = new Simulation("standard", false);
        s.runUntil(s.facts.expiresAt().plus(Duration.ofDays(40)));
        assertThat(s.facts.phase()).isEqualTo(LifecyclePhase.GRACE);

        s.renew();

        assertThat(s.facts.phase()).isEqualTo(LifecyclePhase.ACTIVE);
        assertThat(s.facts.expiresAt()).isEqualTo(Instant.parse("2028-01-31T09:00:00Z"));
        s.runUntil(Instant.parse("2028-01-30T09:00:00Z"));
        assertThat(s.log).containsExactly("365 EXPIRE");
    }

    @Test
    void autoRenewShouldChargeSevenDaysBeforeExpiryEveryYearForFiveYears() {
        Simulation s = new Simulation("pro", true);
        s.runUntil(START.plus(Duration.ofDays(5 * 366)));

        assertThat(s.log).containsExactly("358 paid", "723 paid", "1089 paid", "1454 paid", "1819 paid");
        assertThat(s.facts.expiresAt()).isEqualTo(Instant.parse("2032-01-31T09:00:00Z"));
        assertThat(s.status()).isEqualTo(MailboxStatus.ACTIVE);
    }

    @Test
    void autoRenewRefusedShouldRetryDailyUntilExpiryThenExpire() {
        Simulation s = new Simulation("premium", true);
        s.pays = t -> false;
        s.runUntil(s.facts.expiresAt().plus(Duration.ofDays(1)));

        assertThat(s.log).containsExactly("358 declined#1", "359 declined#2", "360 declined#3", "361 declined#4",
                "362 declined#5", "363 declined#6", "364 declined#7", "365 declined#8", "365 EXPIRE");
        assertThat(s.facts.phase()).isEqualTo(LifecyclePhase.GRACE);
    }

    @Test
    void classicShouldStayInReceptionOnlyForGoodAndComeBackWithANewPlan() {
        Simulation s = new Simulation("classic-3y", false);
        assertThat(s.facts.expiresAt()).isEqualTo(Instant.parse("2029-01-31T09:00:00Z"));
        s.runUntil(s.facts.expiresAt().plus(Duration.ofDays(3 * 365)));

        assertThat(s.facts.phase()).isEqualTo(LifecyclePhase.RECEPTION_ONLY);
        assertThat(s.status().canReceive()).isTrue();
        assertThat(s.status().canSend()).isFalse();
        assertThat(s.status().canLogin()).isTrue();
        assertThat(s.log).containsExactly("1096 EXPIRE");

        s.renew();
        assertThat(s.status()).isEqualTo(MailboxStatus.ACTIVE);
        assertThat(s.facts.expiresAt()).isEqualTo(PlanTerms.periodEnd(s.now, 36, ROME));
    }

    @Test
    void monthlyShouldBeChargedOnTheSameDayOfEachMonth() {
        Simulation s = new Simulation("monthly", true);
        s.runUntil(Instant.parse("2026-06-01T00:00:00Z"));

        // started on 31 January: the end of February, then back on the 31st where the month has one
        assertThat(s.log).containsExactly("28 paid", "59 paid", "89 paid", "120 paid");
        // 31 May was charged (10:00 in Rome, summer time): paid through 30 June
        assertThat(s.facts.expiresAt()).isEqualTo(Instant.parse("2026-06-30T08:00:00Z"));
    }

    @Test
    void monthlyWithFailingChargesShouldRetryFifteenDaysThenCeaseAndBeDeletedThirtyDaysAfterTheLastAttempt() {
        Simulation s = new Simulation("monthly", true);
        s.pays = t -> t.isBefore(Instant.parse("2026-03-15T00:00:00Z"));
        s.runUntil(Instant.parse("2026-07-01T00:00:00Z"));

        List<String> expected = new ArrayList<>(List.of("28 paid"));
        // 31 March: first attempt, then fifteen daily retries
        for (int i = 0; i <= 15; i++) {
            expected.add((59 + i) + " declined#" + (i + 1));
        }
        expected.add("74 START_CESSATION");
        expected.add("99 FINAL_NOTICE");
        expected.add("104 DELETE");
        assertThat(s.log).containsExactlyElementsOf(expected);
        assertThat(s.facts.phase()).isEqualTo(LifecyclePhase.CLOSED);
    }

    @Test
    void monthlyInPaymentRetryShouldKeepWorkingAndCessationShouldStopSending() {
        Simulation s = new Simulation("monthly", true);
        s.pays = t -> false;
        s.runUntil(START.plus(Duration.ofDays(30)));
        assertThat(s.facts.phase()).isEqualTo(LifecyclePhase.PAYMENT_RETRY);
        assertThat(s.status()).isEqualTo(MailboxStatus.ACTIVE);

        s.runUntil(START.plus(Duration.ofDays(44)));
        assertThat(s.facts.phase()).isEqualTo(LifecyclePhase.CESSATION);
        assertThat(s.status().canSend()).isFalse();
        assertThat(s.facts.cessationEndsAt()).isEqualTo(s.facts.lastChargeAt().plus(Duration.ofDays(30)));
    }

    @Test
    void reactivationInsideTheCessationWindowShouldStopTheDeletion() {
        Simulation s = new Simulation("annual", true);
        s.pays = t -> false;
        Instant expiry = s.facts.expiresAt();
        s.runUntil(expiry.plus(Duration.ofDays(30)));
        assertThat(s.facts.phase()).isEqualTo(LifecyclePhase.CESSATION);

        s.pays = t -> true;
        s.renew();
        s.runUntil(expiry.plus(Duration.ofDays(200)));

        assertThat(s.facts.phase()).isEqualTo(LifecyclePhase.ACTIVE);
        assertThat(s.log).doesNotContain("DELETE").noneMatch(l -> l.endsWith("DELETE"));
        assertThat(s.facts.expiresAt()).isAfter(expiry.plus(Duration.ofDays(365)));
    }

    @Test
    void annualWithoutAutoRenewShouldStartCessationAtExpiry() {
        Simulation s = new Simulation("annual", false);
        Instant expiry = s.facts.expiresAt();
        s.runUntil(expiry.plus(Duration.ofDays(31)));

        assertThat(s.log).containsExactly("365 START_CESSATION", "390 FINAL_NOTICE", "395 DELETE");
    }

    @Test
    void nextShouldShowThePendingStepWithItsDate() {
        LifecyclePolicy p = LifecyclePolicy.superReception();
        Instant expiry = Instant.parse("2027-03-01T00:00:00Z");

        assertThat(LifecycleMachine.next(LifecycleFacts.paidUntil(expiry, false), p))
                .contains(new PendingStep(LifecycleStep.EXPIRE, expiry, 0));
        assertThat(LifecycleMachine.next(LifecycleFacts.paidUntil(expiry, true), p))
                .contains(new PendingStep(LifecycleStep.CHARGE, expiry.minus(Duration.ofDays(7)), 1));
        assertThat(LifecycleMachine.next(LifecycleFacts.paidUntil(expiry, false).withPhase(LifecyclePhase.GRACE), p))
                .contains(new PendingStep(LifecycleStep.DISABLE, expiry.plus(Duration.ofDays(90)), 0));
        assertThat(LifecycleMachine.next(LifecycleFacts.paidUntil(null, false), p)).isEmpty();
        assertThat(LifecycleMachine.next(LifecycleFacts.paidUntil(expiry, false).withPhase(LifecyclePhase.CLOSED), p))
                .isEmpty();
    }

    @Test
    void aLateJobShouldCatchUpEveryStepInOrder() {
        Simulation s = new Simulation("standard", false);
        s.now = s.facts.expiresAt().plus(Duration.ofDays(200));
        s.runJobs();
        assertThat(s.log).containsExactly("565 EXPIRE", "565 DISABLE", "565 PURGE");
    }
}
