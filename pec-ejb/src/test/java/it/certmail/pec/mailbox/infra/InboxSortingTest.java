package it.certmail.pec.mailbox.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import it.certmail.pec.blob.domain.BlobRef;
import it.certmail.pec.blob.infra.BlobStore;
import it.certmail.pec.mailbox.domain.ContactCard;
import it.certmail.pec.mailbox.domain.DeliveredMessage;
import it.certmail.pec.mailbox.domain.IncomingRule;
import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.mailbox.domain.MessageSummary;
import it.certmail.pec.mailbox.domain.MessageSummaryReader;
import it.certmail.pec.mailbox.model.AddressContact;
import it.certmail.pec.mailbox.model.Mailbox;
import it.certmail.pec.mailbox.model.Notice;
import it.certmail.pec.mailbox.model.StoredMessage;

/** Rules, new-PEC alerts and the address book against a real database, delivering as MessageStoreService does. */
class InboxSortingTest {

    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");
    private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

    TestDatabase db;
    private EntityManager em;
    private JpaMessageStore store;
    private BlobStore blobs;
    private JpaMailSettings settings;

    TestDatabase database() {
        return TestDatabase.h2();
    }

    @BeforeEach
    void mailboxes() throws MailboxException {
        db = database();
        em = db.entityManager();
        store = new JpaMessageStore(em);
        blobs = new BlobStore(db.dataSource, CLOCK, 1000);
        settings = new JpaMailSettings(em);
        JpaMailboxDirectory directory = new JpaMailboxDirectory(em);
        tx(() -> directory.createDomain("b.test", T0));
        tx(() -> directory.createMailbox(new NewMailbox("bob@b.test", "password1", "Bob", null, null), p -> "$h", T0));
        tx(() -> directory.createMailbox(new NewMailbox("ann@b.test", "password1", "Ann", null, null), p -> "$h", T0));
        tx(() -> store.createFolder("bob@b.test", "Fatture", T0));
    }

    @AfterEach
    void close() {
        if (em != null) {
            em.close();
        }
        if (db != null) {
            db.close();
        }
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

    private Mailbox bob() {
        return settings.findMailbox("bob@b.test").orElseThrow();
    }

    private static String pec(String subject) {
        return "From: \"Per conto di: fornitore@pec.x.it\" <posta-certificata@pec.x.it>\r\nX-Trasporto: posta-certificata\r\n"
                + "Subject: POSTA CERTIFICATA: " + subject + "\r\nMessage-ID: <" + subject.hashCode() + "@pec.x.it>\r\n\r\ncorpo\r\n";
    }

    /** What MessageStoreService.deliver does: read the mailbox once, place, insert, queue what the placement causes. */
    private DeliveredMessage deliver(String mailbox, String raw) throws Exception {
        BlobRef blob = blobs.store(new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
        MessageSummary summary = summary(raw);
        return tx(() -> {
            InboxSorting sorting = new InboxSorting(em);
            java.util.Optional<Mailbox> read = store.findMailbox(mailbox);
            InboxSorting.Placement p = sorting.place(read, "INBOX", summary, List.of(), blob.size(), T0);
            DeliveredMessage d = store.deliver(read.orElseThrow(), p.folder(), blob, summary, p.flags(), T0);
            if (p.archiveCopy()) {
                store.deliver(mailbox, InboxSorting.ARCHIVE, blob, summary, p.flags(), T0);
            }
            sorting.placed(p, summary, d.messageId(), blob.id(), T0);
            return d;
        });
    }

    private static MessageSummary summary(String raw) {
        try {
            return MessageSummaryReader.read(new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Notice> notices() throws MailboxException {
        return tx(() -> new NoticeOutbox(em).forMailbox("bob@b.test"));
    }

    @Test
    void withoutRulesAMessageShouldLandInInboxAsBefore() throws Exception {
        DeliveredMessage d = deliver("bob@b.test", pec("Fattura 1"));
        assertThat(d.folder()).isEqualTo("INBOX");
        assertThat(notices()).isEmpty();
    }

    @Test
    void rulesShouldMoveFlagAndQueueANoticeOnceAndOnlyForTheirOwnMailbox() throws Exception {
        tx(() -> settings.addRule(bob(), IncomingRule.of(null, null, "fattura", "TRANSPORT_ENVELOPE", "Fatture", true, true,
                "bob.personale@example.org", IncomingRule.Forward.NOTICE), T0));
        DeliveredMessage d = deliver("bob@b.test", pec("Fattura 2"));
        assertThat(d.folder()).isEqualTo("Fatture");
        StoredMessage stored = tx(() -> store.list("bob@b.test", "Fatture")).get(0);
        assertThat(stored.getFlags()).containsExactlyInAnyOrder("\\Seen", "\\Flagged");
        assertThat(notices()).singleElement().satisfies(n -> {
            assertThat(n.getChannel()).isEqualTo(Notice.Channel.EMAIL);
            assertThat(n.getRecipient()).isEqualTo("bob.personale@example.org");
            assertThat(n.getBody()).contains("Fattura 2").contains("fornitore@pec.x.it");
        });

        // the same message again (a retried delivery): no second notice; another mailbox: Bob's rules do not apply
        deliver("bob@b.test", pec("Fattura 2"));
        assertThat(notices()).hasSize(1);
        assertThat(deliver("ann@b.test", pec("Fattura 3")).folder()).isEqualTo("INBOX");
        assertThat(deliver("bob@b.test", pec("Offerta")).folder()).as("no match").isEqualTo("INBOX");
    }

    @Test
    void theDeliverySortingFlagShouldFollowRulesAlertsAndArchivingAndGateTheirReads() throws Exception {
        assertThat(bob().isDeliverySorting()).as("no settings: a delivery reads nothing more").isFalse();
        IncomingRule rule = tx(() -> settings.addRule(bob(), IncomingRule.of(null, null, null, null, "Fatture", false,
                false, null, null), T0));
        assertThat(tx(() -> bob().isDeliverySorting())).isTrue();
        tx(() -> settings.deleteRule(bob(), rule.id()));
        assertThat(tx(() -> bob().isDeliverySorting())).as("the last rule gone").isFalse();

        tx(() -> {
            settings.setAlert(bob(), List.of("a@example.org"), List.of());
            return null;
        });
        assertThat(tx(() -> bob().isDeliverySorting())).isTrue();
        tx(() -> {
            settings.setAlert(bob(), List.of(), List.of());
            return null;
        });
        assertThat(tx(() -> bob().isDeliverySorting())).as("an alert without targets").isFalse();
        tx(() -> {
            settings.setArchiveKinds(bob(), java.util.EnumSet.of(it.certmail.pec.mailbox.domain.ArchivePolicy.Kind.values()[0]));
            return null;
        });
        assertThat(tx(() -> bob().isDeliverySorting())).isTrue();
        tx(() -> {
            settings.setArchiveKinds(bob(), java.util.EnumSet.noneOf(it.certmail.pec.mailbox.domain.ArchivePolicy.Kind.class));
            return null;
        });
        assertThat(tx(() -> bob().isDeliverySorting())).isFalse();
        assertThat(tx(() -> settings.findMailbox("ann@b.test").orElseThrow().isDeliverySorting()))
                .as("another mailbox untouched").isFalse();

        // the flag is what the delivery trusts: a rule row behind its back (no flag) is not read
        tx(() -> settings.addRule(bob(), IncomingRule.of(null, null, null, null, "Fatture", false, false, null, null), T0));
        tx(() -> em.createNativeQuery("UPDATE mailbox SET delivery_sorting = FALSE WHERE address = 'bob@b.test'")
                .executeUpdate());
        assertThat(deliver("bob@b.test", pec("Senza regole")).folder()).isEqualTo("INBOX");
        tx(() -> em.createNativeQuery("UPDATE mailbox SET delivery_sorting = TRUE WHERE address = 'bob@b.test'")
                .executeUpdate());
        assertThat(deliver("bob@b.test", pec("Con regole")).folder()).isEqualTo("Fatture");
    }

    @Test
    void aForwardedCopyShouldCarryTheMessageAndHoldItsBytesUntilSent() throws Exception {
        tx(() -> settings.addRule(bob(), IncomingRule.of(null, "fornitore", null, null, null, false, false,
                "archivio@example.org", IncomingRule.Forward.COPY), T0));
        DeliveredMessage d = deliver("bob@b.test", pec("Copia"));
        long blobId = tx(() -> store.list("bob@b.test", "INBOX")).get(0).getBlobId();
        assertThat(notices()).singleElement().satisfies(n -> {
            assertThat(n.getAttachedBlobId()).isEqualTo(blobId);
            assertThat(n.getSubject()).contains("POSTA CERTIFICATA: Copia");
        });
        // the test's own reference was dropped by no one: message + notice + test = 3
        assertThat(blobs.referenceCount(blobId)).isEqualTo(3);
        tx(() -> store.updateFlags("bob@b.test", "INBOX", List.of(d.uid()), f -> Set.of("\\Deleted"), -1));
        tx(() -> store.expunge("bob@b.test", "INBOX", List.of(d.uid())));
        assertThat(blobs.referenceCount(blobId)).as("the notice still holds the bytes").isEqualTo(2);
    }

    @Test
    void aRuleWhoseFolderWasDeletedShouldLeaveTheMessageInInbox() throws Exception {
        tx(() -> settings.addRule(bob(), IncomingRule.of(null, null, null, null, "Fatture", false, false, null, null), T0));
        tx(() -> {
            store.deleteFolder("bob@b.test", "Fatture");
            return null;
        });
        assertThat(deliver("bob@b.test", pec("Fattura 4")).folder()).isEqualTo("INBOX");
    }

    @Test
    void newPecAlertsShouldGoByEmailForPecOnlyAndBySmsOnlyWithTheAddOn() throws Exception {
        tx(() -> {
            settings.setAlert(bob(), List.of("a@example.org", "b@example.org"), List.of("+393471234567"));
            return null;
        });
        deliver("bob@b.test", pec("Atto"));
        assertThat(notices()).extracting(Notice::getChannel, Notice::getRecipient).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(Notice.Channel.EMAIL, "a@example.org"),
                org.assertj.core.groups.Tuple.tuple(Notice.Channel.EMAIL, "b@example.org"));

        String ordinary = "From: eve@example.org\r\nSubject: ciao\r\nMessage-ID: <o1@example.org>\r\n\r\nx\r\n";
        String receipt = "From: posta-certificata@pec.x.it\r\nX-Ricevuta: avvenuta-consegna\r\nSubject: CONSEGNA: y\r\n"
                + "Message-ID: <r1@pec.x.it>\r\n\r\nx\r\n";
        deliver("bob@b.test", ordinary);
        deliver("bob@b.test", receipt);
        assertThat(notices()).as("no alerts for ordinary mail or receipts").hasSize(2);
    }

    @Test
    void archivingWithoutArchiveSpaceShouldCopyNothingAndStillDeliver() throws Exception {
        tx(() -> {
            settings.setArchiveKinds(bob(), java.util.EnumSet.allOf(it.certmail.pec.mailbox.domain.ArchivePolicy.Kind.class));
            return null;
        });
        assertThat(tx(() -> settings.archiveKinds(bob()))).hasSize(2);
        assertThat(tx(() -> settings.archiveQuota(bob(), T0))).as("no subscription, no archive").isZero();
        assertThat(deliver("bob@b.test", pec("Da archiviare")).folder()).isEqualTo("INBOX");
        assertThat(tx(() -> store.list("bob@b.test", "Archive"))).isEmpty();
    }

    @Test
    void theAddressBookShouldBeScopedToItsMailboxAndSuggestByPrefix() throws Exception {
        Mailbox ann = settings.findMailbox("ann@b.test").orElseThrow();
        tx(() -> {
            settings.saveContact(bob(), ContactCard.of("Mario Rossi", "mario@pec.rossi.it", List.of("Clienti")).orElseThrow(), T0);
            settings.saveContact(bob(), ContactCard.of("Anna 100%_", "anna@pec.bianchi.it", List.of()).orElseThrow(), T0);
            settings.saveContact(ann, ContactCard.of("Mario di Ann", "mario@pec.ann.it", List.of()).orElseThrow(), T0);
            return settings.saveContact(bob(), ContactCard.of("Mario R.", "MARIO@pec.rossi.it", List.of()).orElseThrow(), T0);
        });
        List<AddressContact> bobs = tx(() -> settings.contacts(bob()));
        assertThat(bobs).extracting(AddressContact::getName).containsExactly("Anna 100%_", "Mario R.");
        assertThat(tx(() -> settings.suggest(bob(), "MAR", 10))).extracting(AddressContact::getAddress)
                .containsExactly("mario@pec.rossi.it");
        assertThat(tx(() -> settings.suggest(bob(), "anna 100%", 10))).hasSize(1);
        assertThat(tx(() -> settings.suggest(bob(), "%", 10))).as("wildcards are text").isEmpty();
        long annsId = tx(() -> settings.contacts(ann)).get(0).getId();
        assertThat(tx(() -> settings.contact(bob(), annsId))).as("another mailbox's contact").isEmpty();
        assertThat(tx(() -> settings.deleteRule(bob(), annsId))).isFalse();
    }
}
