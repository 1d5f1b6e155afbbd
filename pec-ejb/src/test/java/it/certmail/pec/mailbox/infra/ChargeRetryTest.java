package it.certmail.pec.mailbox.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import it.certmail.pec.mailbox.billing.domain.Checkout;
import it.certmail.pec.mailbox.billing.domain.Money;
import it.certmail.pec.mailbox.billing.domain.PaymentDeclinedException;
import it.certmail.pec.mailbox.billing.domain.PaymentGateway;
import it.certmail.pec.mailbox.billing.domain.PaymentResult;
import it.certmail.pec.mailbox.billing.infra.JpaBilling;
import it.certmail.pec.mailbox.billing.infra.SandboxPaymentGateway;
import it.certmail.pec.mailbox.billing.model.AddOnKind;
import it.certmail.pec.mailbox.billing.model.PurchaseOrder;
import it.certmail.pec.mailbox.billing.model.Subscription;
import it.certmail.pec.mailbox.domain.LifecycleStep;
import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.mailbox.model.Mailbox;

/**
 * A charge that is retried is paid once: the payment gateway is called with no database transaction open, with an
 * idempotency key that stays the same until the purchase is settled, whether the gateway failed after charging or
 * the transaction that applies the charge rolled back.
 */
class ChargeRetryTest {

    private static final Instant T0 = Instant.parse("2026-01-31T09:00:00Z");

    private final TestDatabase db = TestDatabase.h2();
    private final EntityManager em = db.entityManager();
    private final SandboxPaymentGateway sandbox = new SandboxPaymentGateway();
    private final FlakyGateway gateway = new FlakyGateway();
    private final JpaBilling billing = new JpaBilling(em);
    private final JpaLifecycle lifecycle = new JpaLifecycle(em, billing);
    private final JpaMailboxDirectory directory = new JpaMailboxDirectory(em);

    /** The sandbox behind a gateway that can fail after charging, and that notes every call made inside a transaction. */
    private final class FlakyGateway implements PaymentGateway {
        boolean failAfterNextCharge;
        final List<String> calledInsideTransaction = new ArrayList<>();

        @Override
        public PaymentResult charge(String token, Money amount, String idempotencyKey, String description) {
            if (em.getTransaction().isActive()) {
                calledInsideTransaction.add(idempotencyKey);
            }
            PaymentResult result = sandbox.charge(token, amount, idempotencyKey, description);
            if (failAfterNextCharge) {
                failAfterNextCharge = false;
                throw new IllegalStateException("gateway timeout after the charge went through");
            }
            return result;
        }
    }

    /** What rolls a transaction back after its work (the node dies before the commit). */
    private static final class Crash extends RuntimeException {
        Crash() {
            super("the node died before the commit");
        }
    }

    interface Work<T> {
        T run() throws MailboxException;
    }

    private <T> T tx(Work<T> work) throws MailboxException {
        return new TestTransactions(em).inTransaction(work::run);
    }

    /** The checkout the services use; with {@code crashBeforeCommit}, its settling transaction dies before the commit. */
    private Checkout checkout(boolean crashBeforeCommit) {
        TestTransactions transactions = new TestTransactions(em) {
            private int steps;

            @Override
            void beforeCommit() {
                // the second step settles the charge
                if (crashBeforeCommit && ++steps == 2) {
                    throw new Crash();
                }
            }
        };
        return new Checkout(transactions, gateway);
    }

    @BeforeEach
    void mailboxes() throws MailboxException {
        tx(() -> directory.createDomain("b.test", T0));
        for (String local : List.of("bob", "ann")) {
            tx(() -> {
                Mailbox m = directory.createMailbox(new NewMailbox(local + "@b.test", "password1", "Holder " + local,
                        local + "@example.org", "pro"), p -> "$h", T0);
                return billing.activate(m, "pro", 1, true, "card-ok", T0);
            });
        }
    }

    @AfterEach
    void close() {
        em.close();
        db.close();
    }

    private Subscription sub(String local) {
        return billing.find(local + "@b.test").orElseThrow();
    }

    // ---- the flows as the services run them

    private PurchaseOrder renew(String local, Instant now, boolean crashBeforeCommit) throws MailboxException {
        return billing.renew(checkout(crashBeforeCommit), local + "@b.test", null, 1, null, now);
    }

    private PurchaseOrder buyAddOn(String local, Instant now, boolean crashBeforeCommit) throws MailboxException {
        return billing.buyAddOn(checkout(crashBeforeCommit), local + "@b.test", AddOnKind.EXTRA_GB, 1, null, now);
    }

    private List<LifecycleStep> billingJob(String local, Instant now, boolean crashBeforeCommit)
            throws MailboxException {
        long id = sub(local).getId();
        return lifecycle.advance(checkout(crashBeforeCommit), id, "billing", now);
    }

    private long orders(String kind) {
        return db.count("SELECT COUNT(*) FROM purchase_order WHERE kind = '" + kind + "'");
    }

    // ---- tests

    @Test
    void aManualRenewalRetriedAfterTheGatewayFailedShouldBeChargedOnce() throws MailboxException {
        Instant now = T0.plusSeconds(86_400 * 30);
        gateway.failAfterNextCharge = true;

        assertThatThrownBy(() -> renew("bob", now, false)).hasMessageContaining("gateway timeout");
        PurchaseOrder order = renew("bob", now, false);

        assertThat(sandbox.approvedCharges()).isEqualTo(1);
        assertThat(orders("RENEWAL")).isEqualTo(1);
        assertThat(order.getPaymentRef()).isEqualTo("sandbox-1");
        assertThat(gateway.calledInsideTransaction).isEmpty();
    }

    @Test
    void aManualRenewalRetriedAfterItsTransactionRolledBackShouldBeChargedOnce() throws MailboxException {
        Instant now = T0.plusSeconds(86_400 * 30);

        assertThatThrownBy(() -> renew("bob", now, true)).isInstanceOf(Crash.class);
        assertThat(sandbox.approvedCharges()).as("charged before the rollback").isEqualTo(1);
        renew("bob", now, false);

        assertThat(sandbox.approvedCharges()).isEqualTo(1);
        assertThat(orders("RENEWAL")).isEqualTo(1);
        assertThat(gateway.calledInsideTransaction).isEmpty();
    }

    @Test
    void aSecondRenewalAfterTheFirstWasSettledShouldBeChargedAgain() throws MailboxException {
        Instant now = T0.plusSeconds(86_400 * 30);

        renew("bob", now, false);
        renew("bob", now, false);

        assertThat(sandbox.approvedCharges()).as("two renewals, two years").isEqualTo(2);
        assertThat(orders("RENEWAL")).isEqualTo(2);
    }

    @Test
    void anAddOnRetriedAfterItsTransactionRolledBackShouldBeChargedOnceAndABuyAfterItAgain() throws MailboxException {
        Instant now = T0.plusSeconds(86_400 * 30);

        assertThatThrownBy(() -> buyAddOn("ann", now, true)).isInstanceOf(Crash.class);
        buyAddOn("ann", now, false);
        assertThat(sandbox.approvedCharges()).isEqualTo(1);
        buyAddOn("ann", now, false);

        assertThat(sandbox.approvedCharges()).as("the second gigabyte is a new purchase").isEqualTo(2);
        assertThat(orders("ADD_ON")).isEqualTo(2);
        assertThat(gateway.calledInsideTransaction).isEmpty();
    }

    @Test
    void theRenewalJobRetriedAfterTheGatewayFailedShouldChargeOnceOutsideTheTransaction() throws MailboxException {
        Instant due = sub("bob").getNextStepAt();
        gateway.failAfterNextCharge = true;

        assertThatThrownBy(() -> billingJob("bob", due, false)).hasMessageContaining("gateway timeout");
        assertThat(billingJob("bob", due, false)).containsExactly(LifecycleStep.CHARGE);
        assertThat(billingJob("bob", due, false)).isEmpty();

        assertThat(sandbox.approvedCharges()).isEqualTo(1);
        assertThat(orders("RENEWAL")).isEqualTo(1);
        assertThat(gateway.calledInsideTransaction).isEmpty();
    }

    @Test
    void theRenewalJobRetriedAfterItsTransactionRolledBackShouldChargeOnce() throws MailboxException {
        Instant due = sub("bob").getNextStepAt();

        assertThatThrownBy(() -> billingJob("bob", due, true)).isInstanceOf(Crash.class);
        assertThat(sandbox.approvedCharges()).as("charged before the rollback").isEqualTo(1);
        assertThat(billingJob("bob", due, false)).containsExactly(LifecycleStep.CHARGE);

        assertThat(sandbox.approvedCharges()).isEqualTo(1);
        assertThat(orders("RENEWAL")).isEqualTo(1);
    }

    @Test
    void aDeclinedRenewalRetriedWithAnotherCardShouldBeChargedWithANewKey() throws MailboxException {
        Instant now = T0.plusSeconds(86_400 * 30);
        tx(() -> {
            sub("bob").setPaymentToken("decline-card");
            return null;
        });

        assertThatThrownBy(() -> renew("bob", now, false)).isInstanceOf(PaymentDeclinedException.class);
        tx(() -> {
            sub("bob").setPaymentToken("card-ok");
            return null;
        });
        renew("bob", now, false);

        assertThat(sandbox.approvedCharges()).isEqualTo(1);
        assertThat(orders("RENEWAL")).isEqualTo(1);
        assertThat(db.count("SELECT COUNT(*) FROM payment WHERE mailbox_address = 'bob@b.test'"
                + " AND idempotency_key LIKE '%/renewal/%'")).as("the declined attempt and the paid one").isEqualTo(2);
    }
}
