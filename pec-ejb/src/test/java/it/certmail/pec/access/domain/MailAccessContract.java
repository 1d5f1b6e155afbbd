package it.certmail.pec.access.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import it.certmail.pec.access.domain.MailAccessException.Reason;
import it.certmail.pec.mailbox.infra.ClientPasswords;
import it.certmail.pec.mailbox.model.MailboxStatus;

/**
 * What every {@link MailAccess} adapter does, the JPA store's one and the in-memory one alike (James-style contract:
 * each adapter's test implements this interface). The test gives a fresh store with a way to set a mailbox up and
 * to deliver into it (what the directory and the delivery point do); every test here runs against it, with the
 * mailboxes {@link #BOB} and {@link #ANN}. The JPA adapter is the reference.
 */
public interface MailAccessContract {

    Instant T0 = Instant.parse("2026-11-23T08:00:00Z");
    Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);
    String BOB = "bob@b.test";
    String ANN = "ann@b.test";
    String PASSWORD = "Secret-pass-1";

    /** The client password's Argon2id hash, made once (each takes a tenth of a second). */
    final class PasswordHash {
        static final String VALUE = new ClientPasswords(CLOCK).hash(PASSWORD);

        private PasswordHash() {
        }
    }

    /** Makes a new, empty store on {@link #CLOCK}. */
    void start() throws Exception;

    /** The port of the store {@link #start()} made. */
    MailAccess access();

    /** A new active mailbox with the standard folders and {@code clientPasswordHash} as its client password. */
    void createMailbox(String address, String clientPasswordHash) throws Exception;

    void setStatus(String address, MailboxStatus status) throws Exception;

    void setQuota(String address, long quotaBytes) throws Exception;

    /** Delivers a message as the delivery point does (whatever the quota); its UID. */
    long deliver(String address, String folder, byte[] raw, Set<String> flags, Instant date)
            throws Exception;

    /** How many holders a blob has; 0 when it is gone. */
    int blobReferences(long blobId);

    void close() throws Exception;

    @BeforeEach
    default void storeWithTwoMailboxes() throws Exception {
        start();
        createMailbox(BOB, PasswordHash.VALUE);
        createMailbox(ANN, PasswordHash.VALUE);
    }

    @AfterEach
    default void closeStore() throws Exception {
        close();
    }

    static byte[] message(String subject) {
        return message("\"Per conto di: mario@a.test\" <posta-certificata@a.test>", subject,
                "X-Trasporto: posta-certificata\r\n");
    }

    private static byte[] message(String from, String subject, String moreHeaders) {
        return ("From: " + from + "\r\nSubject: " + subject
                + "\r\nMessage-ID: <" + subject.hashCode() + "@a.test>\r\n" + moreHeaders + "\r\nbody of " + subject
                + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private long append(String folder, byte[] raw, String... flags) throws MailAccessException {
        return access().append(BOB, folder, raw, new LinkedHashSet<>(List.of(flags)), T0).uid();
    }

    private static Reason reasonOf(ThrowingCall call) {
        try {
            call.run();
        } catch (MailAccessException e) {
            return e.reason();
        } catch (Exception e) {
            throw new AssertionError("not a MailAccessException: " + e, e);
        }
        throw new AssertionError("no MailAccessException");
    }

    @FunctionalInterface
    interface ThrowingCall {
        void run() throws Exception;
    }

    // ---------------------------------------------------------------- login

    @Test
    default void loginShouldGrantTheRightPasswordWithTheCanonicalAddress() {
        assertThat(access().login(" Bob@B.TEST ", PASSWORD)).isEqualTo(new LoginOutcome.Granted(BOB));
    }

    @Test
    default void loginShouldRefuseBadCredentialsWithoutThrowing() {
        assertThat(access().login(BOB, "wrong-password")).isInstanceOf(LoginOutcome.BadCredentials.class);
        assertThat(access().login("nobody@b.test", PASSWORD)).isInstanceOf(LoginOutcome.BadCredentials.class);
        assertThat(access().login("not an address", PASSWORD)).isInstanceOf(LoginOutcome.BadCredentials.class);
        assertThat(access().login(null, null)).isInstanceOf(LoginOutcome.BadCredentials.class);
        assertThat(access().login(BOB, null)).isInstanceOf(LoginOutcome.BadCredentials.class);
    }

    @Test
    default void loginShouldNameTheStatusThatForbidsIt() throws Exception {
        setStatus(BOB, MailboxStatus.DISABLED);
        assertThat(access().login(BOB, PASSWORD)).isEqualTo(new LoginOutcome.Forbidden(BOB, "disabled"));
        assertThat(access().login(BOB, "wrong-password")).isInstanceOf(LoginOutcome.BadCredentials.class);
        setStatus(BOB, MailboxStatus.RECEIVE_ONLY);
        assertThat(access().login(BOB, PASSWORD)).isEqualTo(new LoginOutcome.Granted(BOB));
    }

    // ---------------------------------------------------------------- folders

    @Test
    default void aNewMailboxShouldHaveTheStandardFoldersByName() throws Exception {
        assertThat(access().folders(BOB)).containsExactly(new FolderInfo("Archive", "\\Archive", true),
                new FolderInfo("Drafts", "\\Drafts", true), new FolderInfo("INBOX", null, true),
                new FolderInfo("Sent", "\\Sent", true), new FolderInfo("Trash", "\\Trash", true));
        FolderStatus inbox = access().status(BOB, "inbox");
        assertThat(inbox).isEqualTo(new FolderStatus("INBOX", T0.getEpochSecond(), 1, 0, 0, 0, 0));
        assertThat(access().statuses(BOB)).extracting(FolderStatus::name)
                .containsExactly("Archive", "Drafts", "INBOX", "Sent", "Trash");
        assertThat(access().usage(BOB)).isEqualTo(new QuotaUsage(0, 1L << 30));
    }

    @Test
    default void anUnknownMailboxOrFolderShouldBeNonexistent() {
        assertThat(reasonOf(() -> access().folders("nobody@b.test"))).isEqualTo(Reason.NONEXISTENT);
        assertThat(reasonOf(() -> access().status(BOB, "Nowhere"))).isEqualTo(Reason.NONEXISTENT);
        assertThat(reasonOf(() -> access().index(BOB, "Nowhere"))).isEqualTo(Reason.NONEXISTENT);
        assertThat(reasonOf(() -> access().append(BOB, "Nowhere", message("x"), Set.of(), T0)))
                .isEqualTo(Reason.NONEXISTENT);
        assertThat(reasonOf(() -> access().append("nobody@b.test", "INBOX", message("x"), Set.of(), T0)))
                .isEqualTo(Reason.NONEXISTENT);
        assertThat(reasonOf(() -> access().usage("nobody@b.test"))).isEqualTo(Reason.NONEXISTENT);
        assertThat(reasonOf(() -> access().subscribe(BOB, "Nowhere", false))).isEqualTo(Reason.NONEXISTENT);
    }

    @Test
    default void createFolderShouldCreateTheSuperiorNamesWithEverHigherUidValidities() throws Exception {
        access().createFolder(BOB, "Work/2026/Q4");

        assertThat(access().folders(BOB)).extracting(FolderInfo::name).contains("Work", "Work/2026", "Work/2026/Q4");
        long work = access().status(BOB, "Work").uidValidity();
        long year = access().status(BOB, "Work/2026").uidValidity();
        long quarter = access().status(BOB, "Work/2026/Q4").uidValidity();
        assertThat(work).isGreaterThan(T0.getEpochSecond());
        assertThat(year).isGreaterThan(work);
        assertThat(quarter).isGreaterThan(year);
        assertThat(access().folders(BOB)).filteredOn(f -> f.name().startsWith("Work"))
                .allMatch(f -> f.specialUse() == null && f.subscribed());
        // the other mailbox is not touched
        assertThat(access().folders(ANN)).hasSize(5);
    }

    @Test
    default void createFolderShouldRefuseAnExistingOrMalformedName() throws Exception {
        access().createFolder(BOB, "Work");
        assertThat(reasonOf(() -> access().createFolder(BOB, "Work"))).isEqualTo(Reason.ALREADYEXISTS);
        assertThat(reasonOf(() -> access().createFolder(BOB, "inbox"))).isEqualTo(Reason.ALREADYEXISTS);
        assertThat(reasonOf(() -> access().createFolder(BOB, "Sent"))).isEqualTo(Reason.ALREADYEXISTS);
        for (String bad : List.of("", "  ", "/Work", "Work/", "a//b", "tab\there", "x".repeat(256))) {
            assertThat(reasonOf(() -> access().createFolder(BOB, bad))).as(bad).isEqualTo(Reason.CANNOT);
        }
        assertThat(access().folders(BOB)).hasSize(6);
    }

    @Test
    default void aFolderDeletedAndCreatedAgainShouldNeverReuseItsUidValidity() throws Exception {
        access().createFolder(BOB, "Work");
        long first = access().status(BOB, "Work").uidValidity();
        append("Work", message("uno"));
        access().deleteFolder(BOB, "Work");
        assertThat(access().usage(BOB).usedBytes()).isZero();

        access().createFolder(BOB, "Other");
        access().createFolder(BOB, "Work");
        assertThat(access().status(BOB, "Work").uidValidity()).isGreaterThan(first);
        assertThat(access().status(BOB, "Work").messages()).isZero();
    }

    @Test
    default void deleteFolderShouldKeepInboxTheSpecialUseFoldersAndParents() throws Exception {
        access().createFolder(BOB, "Work/Old");
        assertThat(reasonOf(() -> access().deleteFolder(BOB, "inbox"))).isEqualTo(Reason.CANNOT);
        assertThat(reasonOf(() -> access().deleteFolder(BOB, "Trash"))).isEqualTo(Reason.CANNOT);
        assertThat(reasonOf(() -> access().deleteFolder(BOB, "Work"))).isEqualTo(Reason.CANNOT);
        assertThat(reasonOf(() -> access().deleteFolder(BOB, "Nowhere"))).isEqualTo(Reason.NONEXISTENT);

        access().deleteFolder(BOB, "Work/Old");
        access().deleteFolder(BOB, "Work");
        assertThat(access().folders(BOB)).hasSize(5);
    }

    @Test
    default void deleteFolderShouldReleaseItsMessagesBlobsAndUsage() throws Exception {
        access().createFolder(BOB, "Work");
        byte[] raw = message("uno");
        append("Work", raw);
        long blob = access().messages(BOB, "Work").get(0).blobId();
        assertThat(blobReferences(blob)).isEqualTo(1);

        access().deleteFolder(BOB, "Work");

        assertThat(blobReferences(blob)).isZero();
        assertThat(access().usage(BOB).usedBytes()).isZero();
        assertThatThrownBy(() -> access().open(blob)).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    default void renameFolderShouldTakeItsSubfoldersAndKeepUidsAndUidValidity() throws Exception {
        access().createFolder(BOB, "Work/Old");
        append("Work", message("uno"));
        long validity = access().status(BOB, "Work").uidValidity();
        long oldValidity = access().status(BOB, "Work/Old").uidValidity();
        access().subscribe(BOB, "Work/Old", false);

        access().renameFolder(BOB, "Work", "Job");

        assertThat(access().folders(BOB)).extracting(FolderInfo::name).contains("Job", "Job/Old")
                .doesNotContain("Work", "Work/Old");
        assertThat(access().status(BOB, "Job")).extracting(FolderStatus::uidValidity, FolderStatus::uidNext,
                FolderStatus::messages).containsExactly(validity, 2L, 1L);
        assertThat(access().status(BOB, "Job/Old").uidValidity()).isEqualTo(oldValidity);
        assertThat(access().folders(BOB)).filteredOn(f -> f.name().equals("Job/Old")).extracting(FolderInfo::subscribed)
                .containsExactly(false);
    }

    @Test
    default void renameFolderShouldRefuseInboxAnExistingNameAndATakenSubfolderName() throws Exception {
        access().createFolder(BOB, "A/X");
        access().createFolder(BOB, "C");
        assertThat(reasonOf(() -> access().renameFolder(BOB, "INBOX", "Old"))).isEqualTo(Reason.CANNOT);
        assertThat(reasonOf(() -> access().renameFolder(BOB, "A", "C"))).isEqualTo(Reason.ALREADYEXISTS);
        assertThat(reasonOf(() -> access().renameFolder(BOB, "A", "a//b"))).isEqualTo(Reason.CANNOT);
        assertThat(reasonOf(() -> access().renameFolder(BOB, "Nowhere", "D"))).isEqualTo(Reason.NONEXISTENT);

        // D/X exists without D: renaming A to D would give its subfolder a taken name
        access().renameFolder(BOB, "C", "D/X");
        assertThat(reasonOf(() -> access().renameFolder(BOB, "A", "D"))).isEqualTo(Reason.ALREADYEXISTS);
        assertThat(access().folders(BOB)).extracting(FolderInfo::name).contains("A", "A/X", "D/X")
                .doesNotContain("D");
    }

    @Test
    default void subscribeShouldBeKeptPerFolder() throws Exception {
        access().subscribe(BOB, "Archive", false);
        assertThat(access().folders(BOB)).extracting(FolderInfo::name, FolderInfo::subscribed)
                .contains(org.assertj.core.groups.Tuple.tuple("Archive", false),
                        org.assertj.core.groups.Tuple.tuple("Sent", true));
        access().subscribe(BOB, "Archive", true);
        assertThat(access().folders(BOB)).allMatch(FolderInfo::subscribed);
    }

    // ---------------------------------------------------------------- messages

    @Test
    default void appendShouldGiveIncreasingUidsAndMoveTheCounters() throws Exception {
        byte[] one = message("uno");
        byte[] two = message("due");
        AppendResult a1 = access().append(BOB, "inbox", one, Set.of(), T0);
        AppendResult a2 = access().append(BOB, "INBOX", two, Set.of("\\seen"), T0.plusSeconds(1));
        long third = deliver(BOB, "INBOX", one, Set.of(), T0.plusSeconds(2));

        assertThat(a1).isEqualTo(new AppendResult(T0.getEpochSecond(), 1));
        assertThat(a2.uid()).isEqualTo(2);
        assertThat(third).isEqualTo(3);
        assertThat(access().status(BOB, "INBOX")).isEqualTo(new FolderStatus("INBOX", T0.getEpochSecond(), 4, 3, 3,
                2, 2L * one.length + two.length));
        assertThat(access().usage(BOB).usedBytes()).isEqualTo(2L * one.length + two.length);
        assertThat(access().usage(ANN).usedBytes()).isZero();

        List<MessageMeta> inbox = access().messages(BOB, "INBOX");
        assertThat(inbox).extracting(MessageMeta::uid).containsExactly(1L, 2L, 3L);
        assertThat(inbox).extracting(MessageMeta::modseq).containsExactly(1L, 2L, 3L);
        assertThat(inbox).extracting(MessageMeta::size).containsExactly((long) one.length, (long) two.length,
                (long) one.length);
        assertThat(inbox).extracting(MessageMeta::internalDate).containsExactly(T0, T0.plusSeconds(1),
                T0.plusSeconds(2));
        assertThat(inbox.get(1).flags()).containsExactly("\\Seen");
        // one blob per distinct content, one reference per stored copy
        assertThat(inbox.get(0).blobId()).isEqualTo(inbox.get(2).blobId()).isNotEqualTo(inbox.get(1).blobId());
        assertThat(blobReferences(inbox.get(0).blobId())).isEqualTo(2);
        assertThat(blobReferences(inbox.get(1).blobId())).isEqualTo(1);
    }

    @Test
    default void appendShouldKeepTheQuotaButDeliveryShouldNot() throws Exception {
        byte[] raw = message("uno");
        setQuota(BOB, raw.length + 10L);
        append("INBOX", raw);

        assertThat(reasonOf(() -> append("INBOX", message("due")))).isEqualTo(Reason.OVERQUOTA);
        // over quota, a missing folder is still over quota first
        assertThat(reasonOf(() -> append("Nowhere", message("due")))).isEqualTo(Reason.OVERQUOTA);
        assertThat(access().status(BOB, "INBOX").messages()).isEqualTo(1);

        deliver(BOB, "INBOX", message("tre"), Set.of(), T0);
        assertThat(access().status(BOB, "INBOX").messages()).isEqualTo(2);
        assertThat(access().usage(BOB).usedBytes()).isGreaterThan(access().usage(BOB).quotaBytes());
    }

    @Test
    default void flagsShouldBeStoredAsTheStoreKeepsThem() throws Exception {
        append("INBOX", message("uno"), "$Label1", "\\draft", "\\SEEN", "  ", "Work");
        Set<String> flags = access().messages(BOB, "INBOX").get(0).flags();
        // system flags by IMAP name in their order, then keywords as given
        assertThat(flags).containsExactly("\\Seen", "\\Draft", "$Label1", "Work");
        assertThat(access().status(BOB, "INBOX").unseen()).isZero();
    }

    @Test
    default void updateFlagsShouldGiveEachChangedMessageANewModseq() throws Exception {
        append("INBOX", message("uno"));
        append("INBOX", message("due"), "\\Seen");
        append("INBOX", message("tre"));

        FlagUpdate add = access().updateFlags(BOB, "INBOX", List.of(3L, 1L, 2L, 99L), FlagOperation.ADD,
                Set.of("\\seen", "Work"), -1);

        assertThat(add.modified()).isEmpty();
        assertThat(add.messages()).extracting(MessageMeta::uid).containsExactly(1L, 2L, 3L);
        assertThat(add.messages()).extracting(MessageMeta::modseq).containsExactly(4L, 5L, 6L);
        assertThat(add.messages().get(0).flags()).containsExactly("\\Seen", "Work");
        assertThat(add.messages().get(1).flags()).containsExactly("\\Seen", "Work");
        assertThat(access().status(BOB, "INBOX")).extracting(FolderStatus::unseen, FolderStatus::highestModseq)
                .containsExactly(0L, 6L);

        // nothing changes: no new modseq
        FlagUpdate same = access().updateFlags(BOB, "INBOX", List.of(1L), FlagOperation.ADD, Set.of("WORK"), -1);
        assertThat(same.messages().get(0).modseq()).isEqualTo(4);

        FlagUpdate remove = access().updateFlags(BOB, "INBOX", List.of(1L), FlagOperation.REMOVE,
                Set.of("\\SEEN", "work"), -1);
        assertThat(remove.messages().get(0).flags()).isEmpty();
        assertThat(remove.messages().get(0).modseq()).isEqualTo(7);

        FlagUpdate replace = access().updateFlags(BOB, "INBOX", List.of(2L), FlagOperation.REPLACE,
                Set.of("\\Flagged"), -1);
        assertThat(replace.messages().get(0).flags()).containsExactly("\\Flagged");
        assertThat(access().status(BOB, "INBOX")).extracting(FolderStatus::unseen, FolderStatus::highestModseq)
                .containsExactly(2L, 8L);
    }

    @Test
    default void updateFlagsShouldLeaveAloneWhatChangedAfterUnchangedSince() throws Exception {
        append("INBOX", message("uno"));
        append("INBOX", message("due"));
        access().updateFlags(BOB, "INBOX", List.of(2L), FlagOperation.ADD, Set.of("\\Flagged"), -1);

        FlagUpdate update = access().updateFlags(BOB, "INBOX", List.of(1L, 2L), FlagOperation.ADD, Set.of("\\Seen"),
                2);

        assertThat(update.modified()).containsExactly(2L);
        assertThat(update.messages()).extracting(MessageMeta::uid).containsExactly(1L);
        assertThat(access().messages(BOB, "INBOX").get(1).flags()).containsExactly("\\Flagged");
    }

    @Test
    default void indexAndChangesShouldShowWhatChangedSinceAModseq() throws Exception {
        append("INBOX", message("uno"));
        append("INBOX", message("due"));
        append("INBOX", message("tre"));
        FolderIndex index = access().index(BOB, "inbox");
        assertThat(index.name()).isEqualTo("INBOX");
        assertThat(index.uidNext()).isEqualTo(4);
        assertThat(index.highestModseq()).isEqualTo(3);
        assertThat(index.messages().size()).isEqualTo(3);
        assertThat(index.messages().uid(2)).isEqualTo(3);

        assertThat(access().changes(BOB, "INBOX", 3, 3).unchanged()).isTrue();

        access().updateFlags(BOB, "INBOX", List.of(2L), FlagOperation.ADD, Set.of("\\Deleted"), -1);
        access().expunge(BOB, "INBOX", null);
        append("INBOX", message("quattro"), "\\Seen");
        FolderChanges changes = access().changes(BOB, "INBOX", 3, 3);

        assertThat(changes.unchanged()).isFalse();
        assertThat(changes.uidNext()).isEqualTo(5);
        assertThat(changes.highestModseq()).isEqualTo(6);
        assertThat(changes.changed().size()).isEqualTo(1);
        assertThat(changes.changed().uid(0)).isEqualTo(4);
        assertThat(changes.changed().flags(0)).containsExactly("\\Seen");
        // two of the three known messages are left: one was expunged
        assertThat(changes.messagesUpToUid()).isEqualTo(2);
        assertThat(access().uids(BOB, "INBOX", 3)).containsExactly(1L, 3L);
        assertThat(access().uids(BOB, "INBOX", Long.MAX_VALUE)).containsExactly(1L, 3L, 4L);
    }

    @Test
    default void messagesByUidShouldLeaveOutTheAbsentOnes() throws Exception {
        for (int i = 0; i < 5; i++) {
            append("INBOX", message("m" + i));
        }
        assertThat(access().messages(BOB, "INBOX", new long[] {2, 4, 5, 9})).extracting(MessageMeta::uid)
                .containsExactly(2L, 4L, 5L);
        assertThat(access().messages(BOB, "INBOX", new long[] {1, 2, 3})).hasSize(3);
        assertThat(access().messages(BOB, "INBOX", new long[0])).isEmpty();
        assertThat(access().messages(BOB, "Sent", new long[] {1})).isEmpty();
    }

    @Test
    default void copyShouldPairUidsInTheOrderGivenAndCountAgainstTheQuota() throws Exception {
        byte[] one = message("uno");
        byte[] two = message("due");
        append("INBOX", one, "\\Seen", "Work");
        append("INBOX", two);
        long blob = access().messages(BOB, "INBOX").get(0).blobId();

        CopyResult copy = access().copy(BOB, "INBOX", List.of(2L, 1L, 2L, 77L), "Archive", false);

        assertThat(copy.uidValidity()).isEqualTo(access().status(BOB, "Archive").uidValidity());
        assertThat(copy.sourceUids()).containsExactly(2L, 1L);
        assertThat(copy.destinationUids()).containsExactly(1L, 2L);
        List<MessageMeta> archived = access().messages(BOB, "Archive");
        assertThat(archived.get(1).flags()).containsExactly("\\Seen", "Work");
        assertThat(archived.get(1).blobId()).isEqualTo(blob);
        assertThat(archived.get(1).internalDate()).isEqualTo(T0);
        assertThat(blobReferences(blob)).isEqualTo(2);
        assertThat(access().status(BOB, "Archive")).extracting(FolderStatus::messages, FolderStatus::unseen,
                FolderStatus::sizeBytes).containsExactly(2L, 1L, (long) one.length + two.length);
        assertThat(access().usage(BOB).usedBytes()).isEqualTo(2L * (one.length + two.length));
        assertThat(access().status(BOB, "INBOX").messages()).isEqualTo(2);

        setQuota(BOB, access().usage(BOB).usedBytes());
        assertThat(reasonOf(() -> access().copy(BOB, "INBOX", List.of(1L), "Trash", false)))
                .isEqualTo(Reason.OVERQUOTA);
        assertThat(reasonOf(() -> access().copy(BOB, "INBOX", List.of(1L), "Nowhere", false)))
                .isEqualTo(Reason.NONEXISTENT);
        assertThat(access().status(BOB, "Trash").messages()).isZero();
    }

    @Test
    default void moveShouldTakeTheMessagesOutOfTheSourceWhateverTheQuota() throws Exception {
        byte[] one = message("uno");
        append("INBOX", one);
        append("INBOX", message("due"));
        long used = access().usage(BOB).usedBytes();
        setQuota(BOB, used);
        long modseq = access().status(BOB, "INBOX").highestModseq();

        CopyResult move = access().copy(BOB, "INBOX", List.of(1L), "Trash", true);

        assertThat(move.sourceUids()).containsExactly(1L);
        assertThat(move.destinationUids()).containsExactly(1L);
        assertThat(access().messages(BOB, "INBOX")).extracting(MessageMeta::uid).containsExactly(2L);
        assertThat(access().status(BOB, "INBOX").highestModseq()).isGreaterThan(modseq);
        assertThat(access().status(BOB, "Trash").sizeBytes()).isEqualTo(one.length);
        assertThat(access().usage(BOB).usedBytes()).isEqualTo(used);
        assertThat(blobReferences(access().messages(BOB, "Trash").get(0).blobId())).isEqualTo(1);
    }

    @Test
    default void expungeShouldRemoveOnlyDeletedMessagesAndReleaseTheirBlobs() throws Exception {
        byte[] one = message("uno");
        append("INBOX", one, "\\Deleted");
        append("INBOX", message("due"), "\\Deleted");
        append("INBOX", message("tre"));
        long blob = access().messages(BOB, "INBOX").get(0).blobId();

        assertThat(access().expunge(BOB, "INBOX", List.of(1L, 3L))).containsExactly(1L);
        assertThat(blobReferences(blob)).isZero();
        assertThatThrownBy(() -> access().open(blob)).isInstanceOf(NoSuchElementException.class);
        assertThat(access().expunge(BOB, "INBOX", null)).containsExactly(2L);
        assertThat(access().expunge(BOB, "INBOX", null)).isEmpty();

        assertThat(access().messages(BOB, "INBOX")).extracting(MessageMeta::uid).containsExactly(3L);
        assertThat(access().status(BOB, "INBOX")).extracting(FolderStatus::messages, FolderStatus::uidNext,
                FolderStatus::highestModseq).containsExactly(1L, 4L, 5L);
        assertThat(access().usage(BOB).usedBytes()).isEqualTo(message("tre").length);
    }

    // ---------------------------------------------------------------- the webmail's list

    @Test
    default void pagesShouldGoNewestFirstWithTheFilters() throws Exception {
        for (int i = 1; i <= 5; i++) {
            String from = i % 2 == 0 ? "mario.rossi@pec.test" : "anna@altro.test";
            String more = i == 4 ? "X-Ricevuta: accettazione\r\nX-Riferimento-Message-ID: <orig@x>\r\n" : "";
            access().append(BOB, "INBOX", message(from, "Fattura 100_" + i + "%", more), Set.of(),
                    T0.plusSeconds(i));
        }
        append("INBOX", message("Preventivo"));

        assertThat(uids(MessageQuery.firstPage(2))).containsExactly(6L, 5L);
        assertThat(uids(MessageQuery.firstPage(2).after(5))).containsExactly(4L, 3L);
        assertThat(uids(query("ROSSI", null, null, null, List.of(), false, null))).containsExactly(4L, 2L);
        // the real sender of a PEC envelope ("Per conto di") is a sender too
        assertThat(uids(query("mario@a", null, null, null, List.of(), false, null))).containsExactly(6L);
        assertThat(uids(query(null, "100_3%", null, null, List.of(), false, null))).containsExactly(3L);
        assertThat(uids(query(null, "0_%", null, null, List.of(), false, null))).isEmpty();
        assertThat(uids(query(null, null, T0.plusSeconds(2), T0.plusSeconds(4), List.of(), false, null)))
                .containsExactly(3L, 2L);
        assertThat(uids(query(null, null, null, null, List.of("TRANSPORT_ENVELOPE"), false, null)))
                .containsExactly(6L);
        assertThat(uids(query(null, null, null, null, List.of(), true, null))).containsExactly(5L, 3L, 2L, 1L);
        assertThat(uids(query(null, null, null, null, List.of(), false, "<orig@x>"))).containsExactly(4L);

        MessageListing top = access().page(BOB, "INBOX", MessageQuery.firstPage(1)).get(0);
        assertThat(top.subject()).isEqualTo("Preventivo");
        assertThat(top.fromAddress()).isEqualTo("posta-certificata@a.test");
        assertThat(top.pecKind()).isEqualTo("TRANSPORT_ENVELOPE");
        assertThat(top.messageId()).isEqualTo("<" + "Preventivo".hashCode() + "@a.test>");
        assertThat(access().page(ANN, "INBOX", MessageQuery.firstPage(10))).isEmpty();
    }

    private MessageQuery query(String sender, String subject, Instant since, Instant until, List<String> kinds,
            boolean ordinary, String riferimento) {
        return new MessageQuery(sender, subject, since, until, kinds, ordinary, riferimento, 0, 50);
    }

    private List<Long> uids(MessageQuery query) throws MailAccessException {
        return access().page(BOB, "INBOX", query).stream().map(MessageListing::uid).toList();
    }

    // ---------------------------------------------------------------- bytes

    @Test
    default void openAndPrefixesShouldServeTheExactBytes() throws Exception {
        byte[] one = message("uno");
        byte[] two = message("due");
        append("INBOX", one);
        append("INBOX", two);
        List<MessageMeta> inbox = access().messages(BOB, "INBOX");
        long b1 = inbox.get(0).blobId();
        long b2 = inbox.get(1).blobId();

        try (InputStream in = access().open(b1)) {
            assertThat(in.readAllBytes()).isEqualTo(one);
        }
        Map<Long, byte[]> prefixes = access().prefixes(List.of(b1, b2, b1, 987_654L), 10);
        assertThat(prefixes).containsOnlyKeys(b1, b2);
        assertThat(prefixes.get(b2)).isEqualTo(Arrays.copyOf(two, 10));
        assertThat(access().prefixes(List.of(b1), 100_000).get(b1)).isEqualTo(one);
        assertThatThrownBy(() -> access().prefixes(List.of(b1), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> access().open(987_654L)).isInstanceOf(NoSuchElementException.class);
    }
}
