package it.certmail.pec.log.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.interceptor.InvocationContext;
import jakarta.transaction.Status;

import org.junit.jupiter.api.Test;

import it.certmail.pec.testsupport.InterceptedCalls;
import it.certmail.pec.testsupport.TestTransactionRegistry;

/** What the interceptor does around a step's call: keeps, writes as the call ends, and never leaves entries behind. */
class RegistroInOneStatementTest {

    /** The recorder's two calls, noted in order; the write fails when asked to. */
    private static final class NotingLog extends Registro {
        final List<String> calls = new ArrayList<>();
        boolean outerKeepsAlready;
        boolean writeFails;

        NotingLog() {
            super(null, null, null);
        }

        @Override
        public boolean keepUntilTheStepEnds() {
            calls.add("keep");
            return !outerKeepsAlready;
        }

        @Override
        public void writeKept() {
            calls.add("write");
            if (writeFails) {
                throw new IllegalStateException("the registro entries could not be written");
            }
        }
    }

    private final NotingLog log = new NotingLog();
    private final TestTransactionRegistry transaction = new TestTransactionRegistry();
    private final RegistroInOneStatement interceptor = new RegistroInOneStatement();

    RegistroInOneStatementTest() {
        interceptor.log = new PecLog() {
            @Override
            public Registro registro() {
                return log;
            }
        };
        interceptor.transactions = transaction;
    }

    @Test
    void theKeptEntriesShouldBeWrittenAsTheCallEndsAfterTheStepsWork() throws Exception {
        Object result = interceptor.writeTheStepsEntriesTogether(call(() -> {
            log.calls.add("step");
            return "250";
        }));

        assertThat(result).isEqualTo("250");
        assertThat(log.calls).containsExactly("keep", "step", "write");
    }

    @Test
    void anInnerStepShouldLeaveTheWritingToTheOuterOne() throws Exception {
        log.outerKeepsAlready = true;

        interceptor.writeTheStepsEntriesTogether(call(() -> "done"));

        assertThat(log.calls).containsExactly("keep");
    }

    @Test
    void aCheckedExceptionThatMayStillCommitShouldStillWriteTheEntries() {
        assertThatThrownBy(() -> interceptor.writeTheStepsEntriesTogether(call(() -> {
            throw new IOException("cannot compose");
        }))).isInstanceOf(IOException.class);

        assertThat(log.calls).containsExactly("keep", "write");
        assertThat(transaction.getTransactionStatus()).isEqualTo(Status.STATUS_ACTIVE);
    }

    @Test
    void aDoomedTransactionShouldNotBeWrittenTo() {
        assertThatThrownBy(() -> interceptor.writeTheStepsEntriesTogether(call(() -> {
            transaction.setRollbackOnly();
            throw new IllegalStateException("a bug");
        }))).isInstanceOf(IllegalStateException.class);

        assertThat(log.calls).containsExactly("keep");
    }

    @Test
    void aWriteThatFailsAfterAnExceptionShouldDoomTheTransactionAndKeepTheFirstError() {
        log.writeFails = true;

        assertThatThrownBy(() -> interceptor.writeTheStepsEntriesTogether(call(() -> {
            throw new IOException("cannot compose");
        }))).isInstanceOf(IOException.class)
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));

        assertThat(transaction.getTransactionStatus()).isEqualTo(Status.STATUS_MARKED_ROLLBACK);
    }

    @Test
    void aWriteThatFailsAfterTheWorkShouldFailTheCall() {
        log.writeFails = true;

        assertThatThrownBy(() -> interceptor.writeTheStepsEntriesTogether(call(() -> "250")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("could not be written");
    }

    private static InvocationContext call(java.util.concurrent.Callable<Object> step) {
        return InterceptedCalls.of(step);
    }
}
