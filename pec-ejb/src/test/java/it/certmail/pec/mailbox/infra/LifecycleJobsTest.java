package it.certmail.pec.mailbox.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
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
import it.certmail.pec.mailbox.billing.domain.ChargeRequest;
import it.certmail.pec.mailbox.billing.domain.Checkout;
import it.certmail.pec.mailbox.billing.domain.DiscountRule;
import it.certmail.pec.mailbox.billing.domain.PaymentDeclinedException;
import it.certmail.pec.mailbox.billing.domain.PriceList;
import it.certmail.pec.mailbox.billing.infra.JpaBilling;
import it.certmail.pec.mailbox.billing.infra.SandboxPaymentGateway;
import it.certmail.pec.mailbox.billing.model.AddOnKind;
import it.certmail.pec.mailbox.billing.model.DiscountKind;
import it.certmail.pec.mailbox.billing.model.Invoice;
import it.certmail.pec.mailbox.billing.model.OrderKind;
import it.certmail.pec.mailbox.billing.model.Payment;
import it.certmail.pec.mailbox.billing.model.PurchaseOrder;
import it.certmail.pec.mailbox.billing.model.Subscription;
import it.certmail.pec.mailbox.domain.InvalidMailboxRequestException;
import it.certmail.pec.mailbox.domain.LifecycleStep;
import it.certmail.pec.mailbox.domain.MailboxAccess;
import it.certmail.pec.mailbox.domain.MailboxConflictException;
import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.mailbox.domain.MessageSummaryReader;
import it.certmail.pec.mailbox.domain.PasswordPolicy;
import it.certmail.pec.mailbox.domain.ReminderSchedule;
import it.certmail.pec.mailbox.model.LifecyclePhase;
import it.certmail.pec.mailbox.model.Mailbox;
import it.certmail.pec.mailbox.model.MailboxStatus;
import it.certmail.pec.mailbox.model.Notice;

/**
 * The jobs' work on H2 through the resource-local unit: each job run finds the due subscriptions and advances
 * each one in its own transaction, as the EJB services do. Time is passed in; the simulated days are far apart.
 */
class LifecycleJobsTest {

    private static final Instant T0 = Instant.parse("2026-01-31T09:00:00Z");
    private static final long GIB = 1L << 30;
    private static final Set<LifecycleStep> LIFECYCLE = EnumSet.complementOf(EnumSet.of(LifecycleStep.CHARGE));
    private static final Set<LifecycleStep> BILLING = EnumSet.of(LifecycleStep.CHARGE);

    final TestDatabase db = TestDatabase.h2();
    final EntityManager em = db.entityManager();
    private final SandboxPaymentGateway gateway = new SandboxPaymentGateway();
    final JpaBilling billing = new JpaBilling(em);
    final Checkout checkout = new Checkout(new TestTransactions(em), gateway);
    final JpaLifecycle lifecycle = new JpaLifecycle(em, billing);
    private final JpaMailboxDirectory directory = new JpaMailboxDirectory(em);
    private BlobStore blobs;
    private long seed;

    interface Work<T> {
        T run() throws MailboxException;
    }

    <T> T tx(Work<T> work) throws MailboxException {
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
    }

    @AfterEach
    void close() {
        em.close();
        db.close();
    }

    void mailbox(String local, String plan, boolean autoRenew, String token, Integer termYears)
            throws MailboxException {
        tx(() -> {
            Mailbox m = directory.createMailbox(new NewMailbox(local + "@b.test", "password1", "Holder " + local,
                    local + "@example.org", plan), p -> "$h", T0);
            return billing.activate(m, plan, termYears, autoRenew, token, T0);
        });
    }

    Subscription sub(String local) {
        return billing.find(local + "@b.test").orElseThrow();
    }

    Mailbox box(String local) {
        return directory.find(local + "@b.test").orElseThrow();
    }

    void deliver(String local, String folder, long size) throws MailboxException {
        try (InputStream in = new GeneratedMessage(size, ++seed)) {
            BlobRef blob = blobs.store(in);
            var summary = MessageSummaryReader.read(blobs.open(blob.id()));
            tx(() -> new JpaMessageStore(em).deliver(local + "@b.test", folder, blob, summary, List.of(), T0));
            blobs.release(blob.id());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the lifecycle job goes through {@link LifecycleChunk} (see {@code LifecycleJobsChunkedTest}). */
    boolean chunked() {
        return false;
    }

    /**
     * One run of a job: every due subscription advanced in its own transaction, or (chunked) all of them in one
     * chunk transaction and the ones it leaves one by one, as the jobs do.
     */
    List<LifecycleStep> run(String job, Instant now) throws MailboxException {
        List<LifecycleStep> done = new ArrayList<>();
        List<Long> due = tx(() -> lifecycle.due(job.equals("billing") ? BILLING : LIFECYCLE, now, 100));
        if (chunked() && !due.isEmpty()) {
            LifecycleChunk.Outcome o = tx(() -> new LifecycleChunk(em).advance(due, job, now));
            done.addAll(o.steps());
            for (Long id : o.single()) {
                done.addAll(lifecycle.advance(checkout, id, job, now));
            }
            return done;
        }
        for (Long id : due) {
            done.addAll(lifecycle.advance(checkout, id, job, now));
        }
        return done;
    }

    /** Both jobs once a day at 09:00 UTC from {@code from} to {@code to}. */
    private List<String> daily(Instant from, Instant to) throws MailboxException {
        List<String> log = new ArrayList<>();
        for (Instant now = from; !now.isAfter(to); now = now.plus(Duration.ofDays(1))) {
            long day = Duration.between(T0, now).toDays();
            for (LifecycleStep s : run("billing", now)) {
                log.add(day + " " + s);
            }
            for (LifecycleStep s : run("lifecycle", now)) {
                log.add(day + " " + s);
            }
        }
        return log;
    }

    /** An admin's edit of the catalog, in SQL; the shared cache forgets what it held. */
    private void editPlan(String sql) throws MailboxException {
        tx(() -> em.createNativeQuery(sql).executeUpdate());
        em.getEntityManagerFactory().getCache().evictAll();
    }

    List<Notice> notices(String local) {
        return new NoticeOutbox(em).forMailbox(local + "@b.test");
    }

    @Test
    void standardShouldExpireIntoSuperReceptionEvenWhenFullThenBeDisabledAndPurged() throws MailboxException {
        mailbox("bob", "standard", false, null, null);
        deliver("bob", "INBOX", 3000);
        Instant expiry = sub("bob").getExpiresAt();
        assertThat(expiry).isEqualTo(Instant.parse("2027-01-31T09:00:00Z"));
        assertThat(box("bob").getQuotaBytes()).isEqualTo(GIB);
        // full: a PEC delivery is never refused for space, but sending is
        tx(() -> em.createNamedQuery(Mailbox.ADD_USED_BYTES).setParameter("delta", GIB).setParameter("id", box("bob").getId())
                .executeUpdate());
        assertThat(MailboxAccess.sendRefusal(MailboxStatus.ACTIVE, directory.usedBytes(box("bob")), GIB)).isPresent();

        assertThat(run("lifecycle", expiry.minusSeconds(1))).isEmpty();
        assertThat(run("lifecycle", expiry)).containsExactly(LifecycleStep.EXPIRE);
        assertThat(run("lifecycle", expiry)).isEmpty();
        assertThat(box("bob").getStatus()).isEqualTo(MailboxStatus.RECEIVE_ONLY);
        assertThat(sub("bob").getNextStep()).isEqualTo("DISABLE");
        assertThat(sub("bob").getNextStepAt()).isEqualTo(expiry.plus(Duration.ofDays(90)));
        deliver("bob", "INBOX", 2000);
        assertThat(new JpaMessageStore(em).list("bob@b.test", "INBOX")).hasSize(2);

        assertThat(run("lifecycle", expiry.plus(Duration.ofDays(90)))).containsExactly(LifecycleStep.DISABLE);
        assertThat(box("bob").getStatus()).isEqualTo(MailboxStatus.DISABLED);
        assertThat(MailboxAccess.receiveRefusal(box("bob").getStatus())).isPresent();

        assertThat(run("lifecycle", expiry.plus(Duration.ofDays(97)))).containsExactly(LifecycleStep.PURGE);
        assertThat(directory.find("bob@b.test")).isEmpty();
        assertThat(db.count("SELECT COUNT(*) FROM stored_message")).isZero();
        assertThat(db.count("SELECT COUNT(*) FROM message_blob")).isZero();
        assertThat(db.count("SELECT COUNT(*) FROM mail_folder")).isZero();
        assertThat(notices("bob")).extracting(Notice::getSubject).containsExactly("Casella PEC scaduta: super ricezione",
                "Casella PEC disabilitata", "Casella PEC cancellata");
        // the invoice of the first period outlives the mailbox
        assertThat(db.count("SELECT COUNT(*) FROM invoice WHERE mailbox_address = 'bob@b.test'")).isEqualTo(1);
    }

    @Test
    void aCeasedAddressShouldGoBackOnlyToItsHolderAndEmpty() throws MailboxException {
        mailbox("bob", "standard", false, null, null);
        deliver("bob", "INBOX", 3000);
        Instant purge = sub("bob").getExpiresAt().plus(Duration.ofDays(97));
        run("lifecycle", purge);
        run("lifecycle", purge);

        assertThatThrownBy(() -> tx(() -> directory.createMailbox(new NewMailbox("bob@b.test", "password1", "Someone Else",
                null, "standard"), p -> "$h", purge.plus(Duration.ofDays(30))))).isInstanceOf(MailboxConflictException.class)
                .hasMessageContaining("reserved");
        tx(() -> directory.createMailbox(new NewMailbox("bob@b.test", "password1", "holder BOB", null, "standard"),
                p -> "$h", purge.plus(Duration.ofDays(30))));
        assertThat(new JpaMessageStore(em).list("bob@b.test", "INBOX")).isEmpty();
        assertThat(db.count("SELECT COUNT(*) FROM address_reservation")).isZero();
    }

    @Test
    void aRenewalDuringSuperReceptionShouldKeepTheContent() throws MailboxException {
        mailbox("bob", "standard", false, "card-ok", null);
        deliver("bob", "INBOX", 3000);
        Instant expiry = sub("bob").getExpiresAt();
        run("lifecycle", expiry);
        Instant now = expiry.plus(Duration.ofDays(60));

        PurchaseOrder o = billing.renew(checkout, "bob@b.test", null, 2, null, now);

        assertThat(o.getKind()).isEqualTo(OrderKind.RENEWAL);
        assertThat(o.getTotalCents()).isEqualTo(1220);
        assertThat(box("bob").getStatus()).isEqualTo(MailboxStatus.ACTIVE);
        assertThat(sub("bob").getExpiresAt()).isEqualTo(Instant.parse("2029-01-31T09:00:00Z"));
        assertThat(new JpaMessageStore(em).list("bob@b.test", "INBOX")).hasSize(1);
        assertThat(run("lifecycle", expiry.plus(Duration.ofDays(97)))).isEmpty();
    }

    @Test
    void classicShouldLapseToReceptionOnlyDeleteTheArchiveAndEndAddOns() throws MailboxException {
        mailbox("ann", "classic-1y", false, "card-ok", null);
        deliver("ann", "INBOX", 3000);
        deliver("ann", "Archive", 5000);
        billing.buyAddOn(checkout, "ann@b.test", AddOnKind.EXTRA_GB, 1, null, T0.plus(Duration.ofDays(100)));
        assertThat(box("ann").getQuotaBytes()).isEqualTo(3 * GIB);
        Instant expiry = sub("ann").getExpiresAt();

        assertThat(run("lifecycle", expiry)).containsExactly(LifecycleStep.EXPIRE);

        Mailbox ann = box("ann");
        assertThat(ann.getStatus()).isEqualTo(MailboxStatus.RECEIVE_ONLY);
        assertThat(new JpaMessageStore(em).list("ann@b.test", "Archive")).isEmpty();
        assertThat(new JpaMessageStore(em).list("ann@b.test", "INBOX")).hasSize(1);
        assertThat(directory.usedBytes(ann)).isEqualTo(3000);
        assertThat(ann.getQuotaBytes()).isEqualTo(GIB);
        assertThat(sub("ann").getNextStep()).isNull();
        assertThat(daily(expiry.plus(Duration.ofDays(1)), expiry.plus(Duration.ofDays(400)))).isEmpty();
        assertThat(box("ann").getStatus()).isEqualTo(MailboxStatus.RECEIVE_ONLY);

        // sending comes back by buying a plan
        Instant later = expiry.plus(Duration.ofDays(400));
        PurchaseOrder o = billing.renew(checkout, "ann@b.test", "classic-2y", 2, null, later);
        assertThat(o.getKind()).isEqualTo(OrderKind.REACTIVATION);
        assertThat(box("ann").getStatus()).isEqualTo(MailboxStatus.ACTIVE);
        assertThat(box("ann").getPlan()).isEqualTo("classic-2y");
        assertThat(sub("ann").getExpiresAt()).isEqualTo(later.atZone(JpaBilling.ZONE).plusYears(2).toInstant());
    }

    @Test
    void fifteenDailyRetriesShouldLeadToCessationAndDeletionWithTheirNotices() throws MailboxException {
        mailbox("eve", "monthly", true, "decline-card", null);
        tx(() -> {
            sub("eve").setAlertPhone("+393331234567");
            return null;
        });
        deliver("eve", "INBOX", 3000);
        Instant expiry = sub("eve").getExpiresAt();
        assertThat(expiry).isEqualTo(Instant.parse("2026-02-28T09:00:00Z"));

        List<String> log = daily(expiry, expiry.plus(Duration.ofDays(60)));

        List<String> expected = new ArrayList<>();
        for (int i = 0; i <= 15; i++) {
            expected.add((28 + i) + " CHARGE");
        }
        // the last attempt's day: cessation starts once it failed; deletion 30 days after it
        expected.addAll(List.of("43 START_CESSATION", "68 FINAL_NOTICE", "73 DELETE"));
        assertThat(log).containsExactlyElementsOf(expected);
        assertThat(em.createNamedQuery(Payment.BY_MAILBOX, Payment.class).setParameter("address", "eve@b.test")
                .getResultList()).hasSize(16).noneMatch(Payment::isApproved);
        assertThat(directory.find("eve@b.test")).isEmpty();
        assertThat(notices("eve")).extracting(Notice::getChannel, Notice::getSubject).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Notice.Channel.SMS, "Pagamento non riuscito"),
                org.assertj.core.groups.Tuple.tuple(Notice.Channel.EMAIL, "Avvio della cessazione della casella PEC"),
                org.assertj.core.groups.Tuple.tuple(Notice.Channel.PEC, "Ultimo avviso: cancellazione della casella"),
                org.assertj.core.groups.Tuple.tuple(Notice.Channel.EMAIL, "Casella PEC cancellata"));
    }

    @Test
    void aReactivationInsideTheCessationWindowShouldKeepAddressAndContent() throws MailboxException {
        mailbox("eve", "monthly", true, "decline-card", null);
        deliver("eve", "INBOX", 3000);
        Instant expiry = sub("eve").getExpiresAt();
        daily(expiry, expiry.plus(Duration.ofDays(20)));
        assertThat(sub("eve").getPhase()).isEqualTo(LifecyclePhase.CESSATION);
        assertThat(box("eve").getStatus().canSend()).isFalse();
        Instant now = expiry.plus(Duration.ofDays(25));

        assertThatThrownBy(() -> billing.renew(checkout, "eve@b.test", null, null, null, now))
                .isInstanceOf(PaymentDeclinedException.class);
        tx(() -> {
            sub("eve").setPaymentToken("card-ok");
            return null;
        });
        PurchaseOrder o = billing.renew(checkout, "eve@b.test", null, null, null, now);

        assertThat(o.getKind()).isEqualTo(OrderKind.REACTIVATION);
        assertThat(o.getTotalCents()).isEqualTo(121);
        assertThat(box("eve").getStatus()).isEqualTo(MailboxStatus.ACTIVE);
        assertThat(sub("eve").getExpiresAt()).isEqualTo(now.atZone(JpaBilling.ZONE).plusMonths(1).toInstant());
        // with a good card, monthly renewals go on; no deletion comes
        List<String> log = daily(now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(70)));
        assertThat(log).containsExactly("84 CHARGE", "114 CHARGE");
        assertThat(new JpaMessageStore(em).list("eve@b.test", "INBOX")).hasSize(1);
    }

    @Test
    void autoRenewShouldChargeSevenDaysBeforeExpiryAndIssueInvoicesWithoutGaps() throws MailboxException {
        mailbox("bob", "pro", true, "card-ok", 1);
        mailbox("ann", "premium", true, "card-ok", 2);

        List<String> log = daily(T0, Instant.parse("2028-02-01T09:00:00Z"));

        // bob yearly (days 358 and 723), ann every two years (day 723)
        assertThat(log).containsExactly("358 CHARGE", "723 CHARGE", "723 CHARGE");
        assertThat(sub("bob").getExpiresAt()).isEqualTo(Instant.parse("2029-01-31T09:00:00Z"));
        assertThat(sub("ann").getExpiresAt()).isEqualTo(Instant.parse("2030-01-31T09:00:00Z"));
        List<Invoice> y2026 = em.createNamedQuery(Invoice.BY_YEAR, Invoice.class).setParameter("year", 2026).getResultList();
        List<Invoice> y2027 = em.createNamedQuery(Invoice.BY_YEAR, Invoice.class).setParameter("year", 2027).getResultList();
        List<Invoice> y2028 = em.createNamedQuery(Invoice.BY_YEAR, Invoice.class).setParameter("year", 2028).getResultList();
        assertThat(y2026).extracting(Invoice::getNumber).containsExactly("2026/000001", "2026/000002");
        assertThat(y2027).extracting(Invoice::getNumber).containsExactly("2027/000001");
        assertThat(y2028).extracting(Invoice::getNumber).containsExactly("2028/000001", "2028/000002");
        assertThat(y2028).extracting(Invoice::getMailboxAddress).containsExactlyInAnyOrder("bob@b.test", "ann@b.test");
        // premium two years: 80.00 + 22 % VAT
        assertThat(y2026.get(1).getTotalCents()).isEqualTo(9760);
        assertThat(y2027.get(0).getTotalCents()).isEqualTo(3050);
    }

    @Test
    void aJobRestartedMidRunShouldNotChargeOrActTwice() throws MailboxException {
        mailbox("bob", "pro", true, "card-ok", 1);
        Instant due = sub("bob").getNextStepAt();
        Long id = sub("bob").getId();

        // the node dies after the gateway approved, before the settling transaction commits
        ChargeRequest charge = tx(() -> lifecycle.dueCharge(id, "billing", due)).orElseThrow();
        Checkout.Charged charged = new Checkout.Charged(charge, charge.chargeWith(gateway));
        em.getTransaction().begin();
        assertThat(lifecycle.advance(id, "billing", due, java.util.Optional.of(charged)))
                .containsExactly(LifecycleStep.CHARGE);
        em.getTransaction().rollback();
        em.clear();
        assertThat(gateway.approvedCharges()).isEqualTo(1);

        assertThat(run("billing", due)).containsExactly(LifecycleStep.CHARGE);
        assertThat(run("billing", due)).isEmpty();
        assertThat(gateway.approvedCharges()).isEqualTo(1);
        assertThat(db.count("SELECT COUNT(*) FROM purchase_order WHERE kind = 'RENEWAL'")).isEqualTo(1);
        assertThat(db.count("SELECT COUNT(*) FROM lifecycle_step")).isEqualTo(1);
    }

    @Test
    void addOnsShouldBeChargedProRataAndSpaceNeverReducedBelowUse() throws MailboxException {
        mailbox("bob", "pro", false, "card-ok", null);
        deliver("bob", "INBOX", 3000);
        // 6.5 months before the expiry: 7 months are charged
        Instant now = Instant.parse("2026-07-15T10:00:00Z");

        PurchaseOrder o = billing.buyAddOn(checkout, "bob@b.test", AddOnKind.EXTRA_GB, 2, null, now);

        assertThat(o.getNetCents()).isEqualTo(700);
        assertThat(o.getVatCents()).isEqualTo(154);
        assertThat(o.getTotalCents()).isEqualTo(854);
        assertThat(box("bob").getQuotaBytes()).isEqualTo(7 * GIB);
        assertThat(billing.running(sub("bob"), now)).singleElement()
                .satisfies(a -> assertThat(a.getExpiresAt()).isEqualTo(sub("bob").getExpiresAt()));
        // none after the expiry
        assertThatThrownBy(() -> billing.buyAddOn(checkout, "bob@b.test", AddOnKind.EXTRA_GB, 1, null,
                Instant.parse("2027-02-01T00:00:00Z"))).isInstanceOf(MailboxConflictException.class)
                .hasMessageContaining("paid period");
        // nor one the plan does not allow
        assertThatThrownBy(() -> billing.buyAddOn(checkout, "bob@b.test", AddOnKind.EXTRA_GB, 0, null, now))
                .isInstanceOf(InvalidMailboxRequestException.class);
    }

    @Test
    void spaceShouldNotBeReducedBelowWhatIsUsed() throws MailboxException {
        mailbox("bob", "standard", false, "card-ok", null);
        Instant now = T0.plus(Duration.ofDays(10));
        billing.buyAddOn(checkout, "bob@b.test", AddOnKind.EXTRA_GB, 2, null, now);
        tx(() -> em.createNamedQuery(Mailbox.ADD_USED_BYTES).setParameter("delta", 2 * GIB).setParameter("id", box("bob").getId())
                .executeUpdate());
        // usage is counted from the stored messages: make them weigh 2 GiB by editing the plan to be tiny instead
        deliver("bob", "INBOX", 5000);
        editPlan("UPDATE plan SET space_bytes = 4096 WHERE code = 'standard'");
        tx(() -> {
            billing.applyQuota(sub("bob"), now);
            return null;
        });
        assertThat(box("bob").getQuotaBytes()).isEqualTo(4096 + 2 * GIB);

        tx(() -> {
            billing.reduceAddOn(sub("bob"), AddOnKind.EXTRA_GB, 1, now);
            return null;
        });
        assertThat(box("bob").getQuotaBytes()).isEqualTo(4096 + GIB);
        assertThatThrownBy(() -> tx(() -> {
            billing.reduceAddOn(sub("bob"), AddOnKind.EXTRA_GB, 1, now);
            return null;
        })).isInstanceOf(MailboxConflictException.class).hasMessageContaining("occupato");
    }

    @Test
    void aDowngradeShouldBeRefusedUntilTheContentFitsAndThenDeleteTheArchive() throws MailboxException {
        mailbox("bob", "pro", false, "card-ok", null);
        deliver("bob", "INBOX", 6000);
        deliver("bob", "Archive", 4000);
        // the catalog is data: a tiny standard plan makes the content too big for it
        editPlan("UPDATE plan SET space_bytes = 5000 WHERE code = 'standard'");
        Instant now = T0.plus(Duration.ofDays(30));

        assertThatThrownBy(() -> billing.changePlan(checkout, "bob@b.test", "standard", null, now))
                .isInstanceOf(MailboxConflictException.class).hasMessageContaining("liberare spazio");
        long id = new JpaMessageStore(em).list("bob@b.test", "INBOX").get(0).getId();
        editPlan("UPDATE plan SET space_bytes = 6000 WHERE code = 'standard'");

        PurchaseOrder o = billing.changePlan(checkout, "bob@b.test", "standard", null, now);

        assertThat(o.getKind()).isEqualTo(OrderKind.DOWNGRADE);
        assertThat(o.getTotalCents()).isZero();
        assertThat(box("bob").getPlan()).isEqualTo("standard");
        assertThat(box("bob").getQuotaBytes()).isEqualTo(6000);
        assertThat(new JpaMessageStore(em).list("bob@b.test", "Archive")).isEmpty();
        assertThat(new JpaMessageStore(em).list("bob@b.test", "INBOX")).extracting(m -> m.getId()).containsExactly(id);
        assertThat(db.count("SELECT COUNT(*) FROM invoice")).isEqualTo(1);

        // and an upgrade at once, the yearly difference (35.00) for 11 months
        PurchaseOrder up = billing.changePlan(checkout, "bob@b.test", "premium", null, now);
        assertThat(up.getKind()).isEqualTo(OrderKind.UPGRADE);
        assertThat(up.getNetCents()).isEqualTo(3208);
        assertThat(box("bob").getQuotaBytes()).isEqualTo(10 * GIB);
    }

    @Test
    void discountCodesShouldApplyInTheirWindowToTheirPlansAndOnceWhenSingleUse() throws MailboxException {
        mailbox("bob", "standard", false, "card-ok", null);
        mailbox("ann", "pro", false, "card-ok", null);
        Instant now = T0.plus(Duration.ofDays(200));
        tx(() -> billing.createDiscount(new DiscountRule("WELCOME", DiscountKind.PERCENT, 5000, T0, T0.plus(Duration.ofDays(365)),
                Set.of("standard"), 1, 0)));

        assertThatThrownBy(() -> billing.renew(checkout, "ann@b.test", null, 1, "welcome", now))
                .isInstanceOf(InvalidMailboxRequestException.class).hasMessageContaining("piano pro");
        PurchaseOrder o = billing.renew(checkout, "bob@b.test", null, 1, "welcome", now);
        assertThatThrownBy(() -> billing.renew(checkout, "bob@b.test", null, 1, "WELCOME", now))
                .isInstanceOf(InvalidMailboxRequestException.class).hasMessageContaining("già stato usato");
        assertThatThrownBy(() -> billing.renew(checkout, "bob@b.test", null, 1, "NOPE", now))
                .isInstanceOf(InvalidMailboxRequestException.class);

        assertThat(o.getNetCents()).isEqualTo(500);
        assertThat(o.getDiscountCents()).isEqualTo(250);
        assertThat(o.getVatCents()).isEqualTo(55);
        assertThat(o.getTotalCents()).isEqualTo(305);
        assertThat(o.getDiscountCode()).isEqualTo("WELCOME");
    }

    @Test
    void remindersShouldGoOnceEachForExpiryAndClientPasswords() throws MailboxException {
        mailbox("bob", "standard", false, null, null);
        mailbox("ann", "standard", true, "card-ok", null);
        tx(() -> directory.setClientPasswordHash("bob@b.test", "$c", T0));
        int expiry = 0;
        int password = 0;
        for (Instant now = T0; now.isBefore(T0.plus(Duration.ofDays(366))); now = now.plus(Duration.ofDays(1))) {
            Instant at = now;
            expiry += tx(() -> lifecycle.queueExpiryNotices(ReminderSchedule.EXPIRY, at));
            password += tx(() -> lifecycle.queuePasswordReminders(PasswordPolicy.DEFAULT, at));
        }
        assertThat(expiry).isEqualTo(6);
        assertThat(password).isEqualTo(4);
        assertThat(notices("bob")).extracting(Notice::getSubject).filteredOn(s -> s.contains("password"))
                .containsExactly("La password dei client della casella PEC scade tra 15 giorni",
                        "La password dei client della casella PEC scade tra 10 giorni",
                        "La password dei client della casella PEC scade tra 5 giorni",
                        "La password dei client della casella PEC scade tra 1 giorno");
        assertThat(notices("bob")).allSatisfy(n -> assertThat(n.getRecipient()).isEqualTo("bob@example.org"));
        // automatic renewal: no expiry notices
        assertThat(notices("ann")).isEmpty();
    }

    @Test
    void theSeededCatalogShouldBeThePresets() {
        PriceList seeded = billing.priceList();

        assertThat(seeded.plans()).containsExactlyInAnyOrderElementsOf(PriceList.presets().plans());
        assertThat(seeded.addOnYearlyPrices()).isEqualTo(PriceList.presets().addOnYearlyPrices());
    }

    @Test
    void termYearsAndPlansShouldBeCheckedAtCreation() {
        assertThatThrownBy(() -> mailbox("bob", "standard", false, null, 6)).isInstanceOf(InvalidMailboxRequestException.class);
        assertThatThrownBy(() -> mailbox("bob", "gold", false, null, null)).isInstanceOf(InvalidMailboxRequestException.class)
                .hasMessageContaining("unknown plan");
    }
}
