package it.certmail.pec.mailbox.infra;

import static it.certmail.pec.mailbox.infra.TestDatabase.inTransaction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import it.certmail.pec.mailbox.domain.InvalidMailboxRequestException;
import it.certmail.pec.mailbox.domain.MailboxConflictException;
import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.mailbox.domain.MailboxNotFoundException;
import it.certmail.pec.mailbox.model.MailFolder;
import it.certmail.pec.mailbox.model.Mailbox;
import it.certmail.pec.mailbox.model.MailboxStatus;
import it.certmail.pec.mailbox.model.SpecialUse;

class JpaMailboxDirectoryTest {

    private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");
    private static final UnaryOperator<String> FAKE_HASH = p -> "$fake$" + p;

    private final TestDatabase db = TestDatabase.h2();
    private final EntityManager em = db.entityManager();
    private final JpaMailboxDirectory directory = new JpaMailboxDirectory(em);

    @AfterEach
    void close() {
        em.close();
        db.close();
    }

    /** Runs work that may throw a MailboxException in a transaction; rethrows it unwrapped. */
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

    interface Work<T> {
        T run() throws MailboxException;
    }

    private Mailbox bob() throws MailboxException {
        tx(() -> directory.createDomain("B.Test", T0));
        return tx(() -> directory.createMailbox(new NewMailbox(" Bob@B.test", "password1", "Bob Rossi",
                "bob@example.org", null), FAKE_HASH, T0));
    }

    @Test
    void createDomainShouldStoreItLowerCaseAndRefuseADuplicate() throws MailboxException {
        tx(() -> directory.createDomain("Pec.B.Test", T0));

        assertThat(directory.domainNames()).containsExactly("pec.b.test");
        assertThat(directory.isLocalDomain("PEC.b.test")).isTrue();
        assertThat(directory.isLocalDomain("c.test")).isFalse();
        assertThatThrownBy(() -> tx(() -> directory.createDomain("pec.b.test", T0))).isInstanceOf(MailboxConflictException.class);
        assertThatThrownBy(() -> tx(() -> directory.createDomain("no_dots", T0))).isInstanceOf(InvalidMailboxRequestException.class);
    }

    @Test
    void createMailboxShouldMakeAnActiveMailboxWithTheStandardFolders() throws MailboxException {
        Mailbox created = bob();

        Mailbox m = directory.find("BOB@b.test").orElseThrow();
        assertThat(m.getId()).isEqualTo(created.getId());
        assertThat(m.getAddress()).isEqualTo("bob@b.test");
        assertThat(m.getStatus()).isEqualTo(MailboxStatus.ACTIVE);
        assertThat(m.getWebPasswordHash()).isEqualTo("$fake$password1");
        assertThat(m.getClientPasswordHash()).isNull();
        assertThat(m.getQuotaBytes()).isEqualTo(1L << 30);
        assertThat(m.isAcceptOrdinaryMail()).isTrue();
        assertThat(m.isBlockNonPecRecipients()).isFalse();
        assertThat(m.getPlan()).isNull();
        assertThat(m.getExpiresAt()).isNull();
        assertThat(m.getCreatedAt().toInstant()).isEqualTo(T0);

        assertThat(new JpaMessageStore(em).folders("bob@b.test"))
                .extracting(MailFolder::getName, MailFolder::getSpecialUse, MailFolder::getUidNext, MailFolder::getUidValidity)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("INBOX", null, 1L, T0.getEpochSecond()),
                        org.assertj.core.groups.Tuple.tuple("Sent", SpecialUse.SENT, 1L, T0.getEpochSecond()),
                        org.assertj.core.groups.Tuple.tuple("Drafts", SpecialUse.DRAFTS, 1L, T0.getEpochSecond()),
                        org.assertj.core.groups.Tuple.tuple("Trash", SpecialUse.TRASH, 1L, T0.getEpochSecond()),
                        org.assertj.core.groups.Tuple.tuple("Archive", SpecialUse.ARCHIVE, 1L, T0.getEpochSecond()));
    }

    @Test
    void createMailboxShouldRefuseBadRequestsBeforeHashingThePassword() throws MailboxException {
        bob();
        AtomicInteger hashes = new AtomicInteger();
        UnaryOperator<String> counting = p -> {
            hashes.incrementAndGet();
            return "$h";
        };

        assertThatThrownBy(() -> tx(() -> directory.createMailbox(new NewMailbox("ann@c.test", "password1", "Ann", null, null), counting, T0)))
                .isInstanceOf(InvalidMailboxRequestException.class).hasMessageContaining("c.test");
        assertThatThrownBy(() -> tx(() -> directory.createMailbox(new NewMailbox("not an address", "password1", "Ann", null, null), counting, T0)))
                .isInstanceOf(InvalidMailboxRequestException.class);
        assertThatThrownBy(() -> tx(() -> directory.createMailbox(new NewMailbox("ann@b.test", "short", "Ann", null, null), counting, T0)))
                .isInstanceOf(InvalidMailboxRequestException.class);
        assertThatThrownBy(() -> tx(() -> directory.createMailbox(new NewMailbox("ann@b.test", "password1", " ", null, null), counting, T0)))
                .isInstanceOf(InvalidMailboxRequestException.class);
        assertThatThrownBy(() -> tx(() -> directory.createMailbox(new NewMailbox("BOB@b.test", "password1", "Bob", null, null), counting, T0)))
                .isInstanceOf(MailboxConflictException.class);
        assertThat(hashes).hasValue(0);
    }

    @Test
    void patchShouldChangeOnlyWhatIsGivenAndKeepClosedMailboxesClosed() throws MailboxException {
        bob();

        tx(() -> directory.patch("bob@b.test", false, null, null));
        Mailbox m = directory.find("bob@b.test").orElseThrow();
        assertThat(m.isAcceptOrdinaryMail()).isFalse();
        assertThat(m.isBlockNonPecRecipients()).isFalse();
        assertThat(m.getStatus()).isEqualTo(MailboxStatus.ACTIVE);

        tx(() -> directory.patch("bob@b.test", null, true, MailboxStatus.CLOSED));
        assertThatThrownBy(() -> tx(() -> directory.patch("bob@b.test", null, null, MailboxStatus.ACTIVE)))
                .isInstanceOf(InvalidMailboxRequestException.class);
        m = directory.find("bob@b.test").orElseThrow();
        assertThat(m.getStatus()).isEqualTo(MailboxStatus.CLOSED);
        assertThat(m.isBlockNonPecRecipients()).isTrue();
        assertThatThrownBy(() -> tx(() -> directory.patch("nobody@b.test", true, null, null)))
                .isInstanceOf(MailboxNotFoundException.class);
    }

    @Test
    void setClientPasswordHashShouldStoreTheHashAndItsTime() throws MailboxException {
        bob();

        tx(() -> directory.setClientPasswordHash("bob@b.test", "$client", T0.plusSeconds(60)));

        Mailbox m = inTransaction(em, () -> directory.find("bob@b.test").orElseThrow());
        assertThat(m.getClientPasswordHash()).isEqualTo("$client");
        assertThat(m.getClientPasswordSetAt().toInstant()).isEqualTo(T0.plusSeconds(60));
        assertThat(m.getVersion()).isGreaterThan(0);
    }
}
