package it.certmail.pec.mailbox.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import it.certmail.pec.billing.infra.JpaBilling;
import it.certmail.pec.billing.model.AddOnKind;
import it.certmail.pec.billing.model.Subscription;
import it.certmail.pec.billing.model.SubscriptionAddOn;
import it.certmail.pec.mailbox.domain.InvalidMailboxRequestException;
import it.certmail.pec.mailbox.domain.MailboxConflictException;
import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.mailbox.model.MailboxUser;
import it.certmail.pec.mailbox.model.WebmailSendRecord;

/** Additional users against a real (H2) database: seats from the running USER_SEAT add-on, revocation, the trail. */
class MailboxUsersTest {

    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");

    private TestDatabase db;
    private EntityManager em;
    private JpaMailboxUsers users;

    @BeforeEach
    void mailboxes() throws MailboxException {
        db = TestDatabase.h2();
        em = db.entityManager();
        users = new JpaMailboxUsers(em);
        JpaMailboxDirectory directory = new JpaMailboxDirectory(em);
        tx(() -> directory.createDomain("b.test", T0));
        tx(() -> directory.createMailbox(new NewMailbox("bob@b.test", "password1", "Bob", null, null), p -> "$h", T0));
        tx(() -> directory.createMailbox(new NewMailbox("ann@b.test", "password1", "Ann", null, null), p -> "$h", T0));
        tx(() -> new JpaBilling(em).activate(directory.require("bob@b.test"), "premium", 1, false, null, T0));
    }

    @AfterEach
    void close() {
        em.close();
        db.close();
    }

    private <T> T tx(JpaMessageStoreTest.Work<T> work) throws MailboxException {
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

    private void buySeats(int units, Instant expiresAt) throws MailboxException {
        tx(() -> {
            Subscription s = new JpaBilling(em).require("bob@b.test");
            em.persist(new SubscriptionAddOn(s, AddOnKind.USER_SEAT, units, T0, expiresAt, null));
            return null;
        });
    }

    @Test
    void invitationsNeedARunningSeatEach() throws MailboxException {
        assertThatThrownBy(() -> tx(() -> users.invite("bob@b.test", "carla@studio.it", "$h", T0)))
                .isInstanceOf(MailboxConflictException.class).hasMessageContaining("no additional-user seat");
        buySeats(1, T0.plus(Duration.ofDays(365)));
        buySeats(5, T0.minusSeconds(1)); // expired: gives nothing
        MailboxUser carla = tx(() -> users.invite("bob@b.test", " Carla@Studio.it ", "$h", T0));
        assertThat(carla.getLogin()).isEqualTo("carla@studio.it");
        assertThatThrownBy(() -> tx(() -> users.invite("bob@b.test", "dario@studio.it", "$h", T0)))
                .isInstanceOf(MailboxConflictException.class).hasMessageContaining("all 1");

        // a revoked user frees the seat, but the login is never given again
        assertThat(tx(() -> users.revoke("bob@b.test", carla.getId(), T0))).isTrue();
        assertThat(tx(() -> users.activeMailbox(carla.getId()))).isEmpty();
        assertThatThrownBy(() -> tx(() -> users.invite("bob@b.test", "carla@studio.it", "$h", T0)))
                .isInstanceOf(MailboxConflictException.class).hasMessageContaining("taken");
        MailboxUser dario = tx(() -> users.invite("bob@b.test", "dario@studio.it", "$h", T0));
        assertThat(tx(() -> users.activeMailbox(dario.getId()))).contains("bob@b.test");
        assertThat(tx(() -> users.users("bob@b.test"))).extracting(MailboxUser::getLogin)
                .containsExactly("carla@studio.it", "dario@studio.it");
    }

    @Test
    void loginsAreCheckedAndNeverAMailboxAddress() throws MailboxException {
        buySeats(2, T0.plus(Duration.ofDays(365)));
        assertThatThrownBy(() -> tx(() -> users.invite("bob@b.test", "carla", "$h", T0)))
                .isInstanceOf(InvalidMailboxRequestException.class);
        assertThatThrownBy(() -> tx(() -> users.invite("bob@b.test", "ann@b.test", "$h", T0)))
                .isInstanceOf(MailboxConflictException.class);
    }

    @Test
    void anotherHoldersMailboxCannotRevokeAUser() throws MailboxException {
        buySeats(1, T0.plus(Duration.ofDays(365)));
        MailboxUser carla = tx(() -> users.invite("bob@b.test", "carla@studio.it", "$h", T0));
        assertThat(tx(() -> users.revoke("ann@b.test", carla.getId(), T0))).isFalse();
        assertThat(tx(() -> users.activeMailbox(carla.getId()))).contains("bob@b.test");
    }

    @Test
    void theTrailSaysWhoSentWhatNewestFirst() throws MailboxException {
        tx(() -> {
            users.recordSend("bob@b.test", "bob@b.test", "<1@b.test>", List.of("x@a.test"), T0);
            users.recordSend("bob@b.test", "carla@studio.it", "<2@b.test>", List.of("x@a.test", "y@a.test"),
                    T0.plusSeconds(60));
            return null;
        });
        assertThat(tx(() -> users.trail("bob@b.test", 10))).extracting(WebmailSendRecord::getSentBy,
                WebmailSendRecord::getMessageId, WebmailSendRecord::getRecipients).containsExactly(
                org.assertj.core.groups.Tuple.tuple("carla@studio.it", "<2@b.test>", "x@a.test, y@a.test"),
                org.assertj.core.groups.Tuple.tuple("bob@b.test", "<1@b.test>", "x@a.test"));
        assertThat(tx(() -> users.trail("ann@b.test", 10))).isEmpty();
    }
}
