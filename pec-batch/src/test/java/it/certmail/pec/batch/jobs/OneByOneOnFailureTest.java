package it.certmail.pec.batch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import it.certmail.pec.batch.scheduler.JobReport;

/** The timeouts job's batches against an in-memory stand-in for the tracking service. */
class OneByOneOnFailureTest {

    /** Due items in id order; processing sends one notice per item, all or nothing per call, as a transaction. */
    private static final class FakeChecks implements OneByOneOnFailure.Items {
        final TreeSet<Long> due = new TreeSet<>();
        final List<Long> sent = new ArrayList<>();
        final List<Long> held = new ArrayList<>();
        Set<Long> broken = Set.of();
        Set<Long> unholdable = Set.of();
        final List<String> heldErrors = new ArrayList<>();
        int batches;

        FakeChecks(int n) {
            for (long id = 1; id <= n; id++) {
                due.add(id);
            }
        }

        @Override
        public List<Long> due(int max) {
            return due.stream().limit(max).toList();
        }

        @Override
        public int process(List<Long> ids) {
            batches++;
            for (Long id : ids) {
                if (broken.contains(id)) {
                    throw new IllegalStateException("unreadable daticert of transmission " + id);
                }
            }
            sent.addAll(ids);
            due.removeAll(ids);
            return ids.size();
        }

        @Override
        public void hold(long id, String error) {
            if (unholdable.contains(id)) {
                throw new IllegalStateException("the database refused to hold " + id);
            }
            held.add(id);
            heldErrors.add(error);
            due.remove(id);
        }
    }

    @Test
    void everyDueItemShouldBeProcessedOnceInBatches() {
        FakeChecks checks = new FakeChecks(1200);
        JobReport report = new OneByOneOnFailure(checks, 500, "notices sent").run();
        assertThat(checks.sent).hasSize(1200).doesNotHaveDuplicates();
        assertThat(checks.batches).isEqualTo(3);
        assertThat(report.processed()).isEqualTo(1200);
        assertThat(report.errors()).isZero();
        assertThat(report.detail()).isEqualTo("1200 notices sent");
    }

    @Test
    void aBrokenItemShouldCostOnlyItselfAndBeHeldAndNamed() {
        FakeChecks checks = new FakeChecks(1200);
        checks.broken = Set.of(1L, 700L);
        JobReport report = new OneByOneOnFailure(checks, 500, "notices sent").run();
        assertThat(checks.sent).hasSize(1198).doesNotHaveDuplicates().doesNotContain(1L, 700L);
        assertThat(checks.held).containsExactly(1L, 700L);
        assertThat(report.processed()).isEqualTo(1198);
        assertThat(report.errors()).isEqualTo(2);
        assertThat(report.detail()).contains("item 1 held: unreadable daticert of transmission 1")
                .contains("item 700 held");
    }

    @Test
    void theHeldItemShouldBeGivenItsError() {
        FakeChecks checks = new FakeChecks(3);
        checks.broken = Set.of(2L);
        new OneByOneOnFailure(checks, 500, "notices sent").run();
        assertThat(checks.heldErrors).containsExactly("unreadable daticert of transmission 2");
    }

    @Test
    void anItemThatCannotEvenBeHeldShouldNotStopTheOthers() {
        FakeChecks checks = new FakeChecks(5);
        checks.broken = Set.of(2L);
        checks.unholdable = Set.of(2L);
        JobReport report = new OneByOneOnFailure(checks, 500, "notices sent").run();
        assertThat(checks.sent).containsExactly(1L, 3L, 4L, 5L);
        assertThat(report.errors()).isEqualTo(1);
        assertThat(report.detail()).contains("item 2 held");
    }

    @Test
    void itemsLeftDueByTheServiceShouldNotMakeTheRunLoop() {
        OneByOneOnFailure.Items stuck = new OneByOneOnFailure.Items() {
            @Override
            public List<Long> due(int max) {
                return List.of(1L, 2L);
            }

            @Override
            public int process(List<Long> ids) {
                return 0;
            }

            @Override
            public void hold(long id, String error) {
            }
        };
        assertThat(new OneByOneOnFailure(stuck, 2, "notices sent").run().processed()).isZero();
    }
}
