package it.certmail.pec.mailbox.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import it.certmail.pec.blob.domain.BlobRef;
import it.certmail.pec.blob.infra.BlobStore;
import it.certmail.pec.mailbox.billing.domain.Checkout;
import it.certmail.pec.mailbox.billing.infra.JpaBilling;
import it.certmail.pec.mailbox.billing.infra.SandboxPaymentGateway;
import it.certmail.pec.mailbox.billing.model.Subscription;
import it.certmail.pec.mailbox.domain.LifecycleStep;
import it.certmail.pec.mailbox.domain.MailboxAccess;
import it.certmail.pec.mailbox.domain.MailboxConflictException;
import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.mailbox.domain.MessageSummaryReader;
import it.certmail.pec.mailbox.model.LifecyclePhase;
import it.certmail.pec.mailbox.model.Mailbox;
import it.certmail.pec.mailbox.model.MailboxStatus;
import it.certmail.pec.mailbox.model.Notice;

/**
 * Recesso on the database (H2 here, PostgreSQL in {@link LifecycleWithdrawalStorePostgresTest}): the WITHDRAWN phase
 * passes the widened {@code ck_subscription_phase} (V85) while an unknown one still fails it; the withdrawn mailbox
 * keeps its content, refuses mail and is not renewable; the lifecycle job reminds the holder 5 days before and
 * deletes it on the 30th day.
 */
class LifecycleWithdrawalStoreTest {

    private static final Instant T0 = Instant.parse("2026-01-31T09:00:00Z");
    private static final Set<LifecycleStep> LIFECYCLE = EnumSet.complementOf(EnumSet.of(LifecycleStep.CHARGE));

    private final TestDatabase db = database();
    private final EntityManager em = db.entityManager();
    private final JpaBilling billing = new JpaBilling(em);
    private final Checkout checkout = new Checkout(new TestTransactions(em), new SandboxPaymentGateway());
    private final JpaLifecycle lifecycle = new JpaLifecycle(em, billing);
    private final JpaMailboxDirectory directory = new JpaMailboxDirectory(em);
    private BlobStore blobs;

    TestDatabase database() {
        return TestDatabase.h2();
    }

    interface Work<T> {
        T run() throws MailboxException;
    }

    private <T> T tx(Work<T> work) throws MailboxException {
        em.getTransaction().begin();
        try {
            T result = work.run();
            em.getTransaction().commit();
            return result;
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.clear();
        }
    }

    @BeforeEach
    void domain() throws MailboxException {
        blobs = new BlobStore(db.dataSource, Clock.fixed(T0, ZoneOffset.UTC), 1000);
        tx(() -> directory.createDomain("b.test", T0));
        tx(() -> {
            Mailbox m = directory.createMailbox(new NewMailbox("ann@b.test", "password1", "Holder Ann",
                    "ann@example.org", "standard"), p -> "$h", T0);
            return billing.activate(m, "standard", null, true, "card-ok", T0);
        });
        try (InputStream in = new GeneratedMessage(3000, 7)) {
            BlobRef blob = blobs.store(in);
            var summary = MessageSummaryReader.read(blobs.open(blob.id()));
            tx(() -> new JpaMessageStore(em).deliver("ann@b.test", "INBOX", blob, summary, List.of(), T0));
            blobs.release(blob.id());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void close() {
        em.close();
        db.close();
    }

    private Subscription sub() {
        return billing.find("ann@b.test").orElseThrow();
    }

    private List<LifecycleStep> runLifecycle(Instant now) throws MailboxException {
        List<LifecycleStep> done = new ArrayList<>();
        for (Long id : tx(() -> lifecycle.due(LIFECYCLE, now, 100))) {
            done.addAll(lifecycle.advance(checkout, id, "lifecycle", now));
        }
        return done;
    }

    @Test
    void aWithdrawnMailboxShouldKeepItsContentThirtyDaysClosedToMailThenBeDeleted() throws MailboxException {
        Instant at = T0.plus(Duration.ofDays(40));
        tx(() -> {
            lifecycle.withdraw(sub(), at);
            return null;
        });

        Subscription s = sub();
        assertThat(s.getPhase()).isEqualTo(LifecyclePhase.WITHDRAWN);
        assertThat(s.isAutoRenew()).isFalse();
        assertThat(s.getNextStep()).isEqualTo("WITHDRAWAL_REMINDER");
        assertThat(s.getNextStepAt()).isEqualTo(at.plus(Duration.ofDays(25)));
        Mailbox m = directory.find("ann@b.test").orElseThrow();
        assertThat(m.getStatus()).isEqualTo(MailboxStatus.DISABLED);
        assertThat(MailboxAccess.receiveRefusal(m.getStatus())).isPresent();
        assertThat(MailboxAccess.sendRefusal(m.getStatus(), 0, m.getQuotaBytes())).isPresent();
        assertThat(new JpaMessageStore(em).list("ann@b.test", "INBOX")).as("content kept for download").hasSize(1);
        assertThat(db.count("SELECT COUNT(*) FROM subscription WHERE phase = 'WITHDRAWN'")).isEqualTo(1);
        assertThat(new NoticeOutbox(em).forMailbox("ann@b.test")).singleElement().satisfies(n -> {
            assertThat(n.getSubject()).isEqualTo("Recesso dalla casella PEC ann@b.test");
            assertThat(n.getBody()).contains("Fino al 11/04/2026").contains("scaricare i messaggi");
        });
        // no way back by paying, and withdrawing again changes nothing
        assertThatThrownBy(() -> billing.renewalCharge(sub(), null, null, null, at))
                .isInstanceOf(MailboxConflictException.class);
        tx(() -> {
            lifecycle.withdraw(sub(), at.plus(Duration.ofDays(3)));
            return null;
        });
        assertThat(sub().getNextStepAt()).isEqualTo(at.plus(Duration.ofDays(25)));

        assertThat(runLifecycle(at.plus(Duration.ofDays(25)).minusSeconds(1))).isEmpty();
        assertThat(runLifecycle(at.plus(Duration.ofDays(25)))).containsExactly(LifecycleStep.WITHDRAWAL_REMINDER);
        assertThat(runLifecycle(at.plus(Duration.ofDays(26)))).isEmpty();
        assertThat(new JpaMessageStore(em).list("ann@b.test", "INBOX")).hasSize(1);
        assertThat(sub().getNextStep()).isEqualTo("DELETE");

        assertThat(runLifecycle(at.plus(Duration.ofDays(30)))).containsExactly(LifecycleStep.DELETE);
        assertThat(directory.find("ann@b.test")).isEmpty();
        assertThat(db.count("SELECT COUNT(*) FROM stored_message")).isZero();
        assertThat(new NoticeOutbox(em).forMailbox("ann@b.test")).extracting(Notice::getSubject).containsExactly(
                "Recesso dalla casella PEC ann@b.test", "Recesso: la casella PEC sarà cancellata il 11/04/2026",
                "Casella PEC cancellata");
    }

    @Test
    void thePhaseConstraintShouldStillRefuseAnUnknownPhase() throws SQLException {
        try (Connection c = db.dataSource.getConnection(); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeUpdate("UPDATE subscription SET phase = 'LIMBO'"))
                    .isInstanceOf(SQLException.class);
            assertThat(st.executeUpdate("UPDATE subscription SET phase = 'WITHDRAWN'")).isEqualTo(1);
        }
    }
}
