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

import it.certmail.pec.mailbox.billing.infra.JpaBilling;
import it.certmail.pec.mailbox.billing.model.AddOnKind;
import it.certmail.pec.mailbox.billing.model.Subscription;
import it.certmail.pec.mailbox.billing.model.SubscriptionAddOn;
import it.certmail.pec.mailbox.domain.InvalidMailboxRequestException;
import it.certmail.pec.mailbox.domain.MailboxConflictException;
import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.mailbox.model.MailboxUser;
import it.certmail.pec.mailbox.model.WebmailSendRecord;
import it.certmail.pec.security.domain.RecoveryCodes;
import it.certmail.pec.security.domain.SealedSecrets;
import it.certmail.pec.security.domain.Totp;
import it.certmail.pec.security.infra.Argon2idPasswordHasher;

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

    private static final Totp TOTP = Totp.standard();
    private static final SealedSecrets SEALER = new SealedSecrets(new byte[32]);

    @Test
    void aUserEnrolsTotpWithACodeAndEachCodeWorksOnce() throws MailboxException {
        buySeats(1, T0.plus(Duration.ofDays(365)));
        MailboxUser carla = tx(() -> users.invite("bob@b.test", "carla@studio.it", "$h", T0));
        byte[] secret = Totp.newSecret(new java.security.SecureRandom());
        assertThat(tx(() -> users.totpEnrolled(carla.getId()))).isFalse();
        String wrong = TOTP.code(secret, T0).equals("000000") ? "111111" : "000000";
        assertThat(tx(() -> users.enrolTotp(carla.getId(), secret, wrong, TOTP, SEALER, T0, HASHES))).isFalse();
        assertThat(tx(() -> users.totpEnrolled(carla.getId()))).isFalse();

        assertThat(tx(() -> users.enrolTotp(carla.getId(), secret, TOTP.code(secret, T0), TOTP, SEALER, T0, HASHES))).isTrue();
        assertThat(tx(() -> users.totpEnrolled(carla.getId()))).isTrue();
        MailboxUser stored = tx(() -> em.find(MailboxUser.class, carla.getId()));
        assertThat(stored.getTotpSecret()).startsWith("v1:").doesNotContain(Base32Text.of(secret));
        assertThat(SEALER.open(stored.getTotpSecret())).isEqualTo(secret);
        // a second enrolment would replace the secret without a code of the old one: refused
        assertThat(tx(() -> users.enrolTotp(carla.getId(), secret, TOTP.code(secret, T0.plusSeconds(60)), TOTP,
                SEALER, T0.plusSeconds(60), HASHES))).isFalse();

        Instant later = T0.plusSeconds(120);
        assertThat(tx(() -> users.verifyTotp(carla.getId(), wrong, TOTP, SEALER, later, HASHER))).isFalse();
        String code = TOTP.code(secret, later);
        assertThat(tx(() -> users.verifyTotp(carla.getId(), code, TOTP, SEALER, later, HASHER))).isTrue();
        assertThat(tx(() -> users.verifyTotp(carla.getId(), code, TOTP, SEALER, later, HASHER))).as("a code works once")
                .isFalse();
        // the enrolment's own code is spent too
        assertThat(tx(() -> users.verifyTotp(carla.getId(), TOTP.code(secret, T0), TOTP, SEALER, later, HASHER))).isFalse();

        tx(() -> users.revoke("bob@b.test", carla.getId(), later));
        Instant after = later.plusSeconds(60);
        assertThat(tx(() -> users.verifyTotp(carla.getId(), TOTP.code(secret, after), TOTP, SEALER, after, HASHER)))
                .as("a revoked user's codes open nothing").isFalse();
        assertThat(tx(() -> users.totpEnrolled(carla.getId()))).isFalse();
    }

    private static final Argon2idPasswordHasher HASHER = new Argon2idPasswordHasher();
    private static final List<String> CODES = List.of("aaaaa-bbbbb", "ccccc-ddddd");
    private static final List<String> HASHES = CODES.stream().map(HASHER::hash).toList();

    @Test
    void aRecoveryCodeWorksOnceAndTheUserTurnsTotpOffWithACode() throws MailboxException {
        buySeats(1, T0.plus(Duration.ofDays(365)));
        MailboxUser carla = tx(() -> users.invite("bob@b.test", "carla@studio.it", "$h", T0));
        byte[] secret = Totp.newSecret(new java.security.SecureRandom());
        assertThat(tx(() -> users.enrolTotp(carla.getId(), secret, TOTP.code(secret, T0), TOTP, SEALER, T0, HASHES)))
                .isTrue();
        assertThat(tx(() -> users.recoveryCodesLeft(carla.getId()))).isEqualTo(2);
        Instant later = T0.plusSeconds(120);
        String first = RecoveryCodes.normalize(CODES.get(0)).orElseThrow();
        assertThat(tx(() -> users.verifyTotp(carla.getId(), CODES.get(0).toUpperCase(), TOTP, SEALER, later, HASHER)))
                .as("typed in capitals").isTrue();
        assertThat(tx(() -> users.verifyTotp(carla.getId(), first, TOTP, SEALER, later, HASHER)))
                .as("a recovery code works once").isFalse();
        assertThat(tx(() -> users.recoveryCodesLeft(carla.getId()))).isEqualTo(1);
        assertThat(tx(() -> users.verifyTotp(carla.getId(), "zzzzz-zzzzz", TOTP, SEALER, later, HASHER))).isFalse();

        String wrong = TOTP.code(secret, later).equals("000000") ? "111111" : "000000";
        assertThat(tx(() -> users.disableTotp(carla.getId(), wrong, TOTP, SEALER, later, HASHER))).isFalse();
        assertThat(tx(() -> users.totpEnrolled(carla.getId()))).isTrue();
        assertThat(tx(() -> users.disableTotp(carla.getId(), TOTP.code(secret, later), TOTP, SEALER, later, HASHER)))
                .isTrue();
        assertThat(tx(() -> users.totpEnrolled(carla.getId()))).isFalse();
        MailboxUser stored = tx(() -> em.find(MailboxUser.class, carla.getId()));
        assertThat(stored.getTotpSecret()).isNull();
        assertThat(stored.getTotpRecoveryHashes()).isEmpty();
        // turned off, it can be enrolled again (a new secret, new codes)
        byte[] second = Totp.newSecret(new java.security.SecureRandom());
        Instant again = later.plusSeconds(60);
        assertThat(tx(() -> users.enrolTotp(carla.getId(), second, TOTP.code(second, again), TOTP, SEALER, again,
                HASHES))).isTrue();
        assertThat(tx(() -> users.recoveryCodesLeft(carla.getId()))).isEqualTo(2);
    }

    @Test
    void aUserChangesTheOwnPasswordProvenWithTheCurrentOne() throws MailboxException {
        Argon2idPasswordHasher hasher = new Argon2idPasswordHasher();
        buySeats(1, T0.plus(Duration.ofDays(365)));
        MailboxUser carla = tx(() -> users.invite("bob@b.test", "carla@studio.it", hasher.hash("first-pass-1"), T0));
        assertThatThrownBy(() -> tx(() -> users.changePassword(carla.getId(), "first-pass-1", "short", hasher)))
                .isInstanceOf(InvalidMailboxRequestException.class).hasMessageContaining("at least 8");
        assertThat(tx(() -> users.changePassword(carla.getId(), "not-the-current", "second-pass-2", hasher)))
                .isFalse();
        assertThat(hasher.verify("first-pass-1", tx(() -> em.find(MailboxUser.class, carla.getId())).getPasswordHash()))
                .isTrue();

        assertThat(tx(() -> users.changePassword(carla.getId(), "first-pass-1", "second-pass-2", hasher))).isTrue();
        String hash = tx(() -> em.find(MailboxUser.class, carla.getId())).getPasswordHash();
        assertThat(hasher.verify("second-pass-2", hash)).isTrue();
        assertThat(hasher.verify("first-pass-1", hash)).isFalse();

        tx(() -> users.revoke("bob@b.test", carla.getId(), T0));
        assertThat(tx(() -> users.changePassword(carla.getId(), "second-pass-2", "third-pass-3", hasher))).isFalse();
    }

    /** The secret as an app would show it, to check it is not stored in clear. */
    private static final class Base32Text {
        static String of(byte[] secret) {
            return it.certmail.pec.security.domain.Base32.encode(secret);
        }
    }
}
