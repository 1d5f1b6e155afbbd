package it.certmail.pec.mailbox.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

class MailboxStatusTest {

    @Test
    void statusShouldSayWhatAMailboxMayDo() {
        assertThat(MailboxStatus.ACTIVE.canSend()).isTrue();
        assertThat(MailboxStatus.ACTIVE.canReceive()).isTrue();
        assertThat(MailboxStatus.ACTIVE.canLogin()).isTrue();

        assertThat(MailboxStatus.RECEIVE_ONLY.canSend()).isFalse();
        assertThat(MailboxStatus.RECEIVE_ONLY.canReceive()).isTrue();
        assertThat(MailboxStatus.RECEIVE_ONLY.canLogin()).isTrue();

        for (MailboxStatus s : List.of(MailboxStatus.DISABLED, MailboxStatus.CLOSED)) {
            assertThat(s.canSend()).as(s.name()).isFalse();
            assertThat(s.canReceive()).as(s.name()).isFalse();
            assertThat(s.canLogin()).as(s.name()).isFalse();
        }
    }

    @Test
    void closedShouldBeFinal() {
        assertThat(MailboxStatus.CLOSED.canChangeTo(MailboxStatus.ACTIVE)).isFalse();
        assertThat(MailboxStatus.CLOSED.canChangeTo(MailboxStatus.CLOSED)).isTrue();
        assertThat(MailboxStatus.DISABLED.canChangeTo(MailboxStatus.ACTIVE)).isTrue();
        assertThat(MailboxStatus.ACTIVE.canChangeTo(MailboxStatus.CLOSED)).isTrue();
    }

    @Test
    void changeStatusShouldRefuseToReopenAClosedMailbox() {
        OffsetDateTime t = OffsetDateTime.of(2026, 11, 23, 8, 0, 0, 0, ZoneOffset.UTC);
        Mailbox m = new Mailbox("bob@b.test", new MailDomain("b.test", t), "Bob", null, "$argon2id$x", null, t);
        m.changeStatus(MailboxStatus.CLOSED);

        assertThatThrownBy(() -> m.changeStatus(MailboxStatus.ACTIVE)).isInstanceOf(IllegalStateException.class);
        assertThat(m.getStatus()).isEqualTo(MailboxStatus.CLOSED);
    }

    @Test
    void mailboxShouldBeInItsDomain() {
        OffsetDateTime t = OffsetDateTime.of(2026, 11, 23, 8, 0, 0, 0, ZoneOffset.UTC);
        assertThatThrownBy(() -> new Mailbox("bob@c.test", new MailDomain("b.test", t), "Bob", null, "$h", null, t))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void storedMessageShouldSplitSystemFlagsFromKeywords() {
        OffsetDateTime t = OffsetDateTime.of(2026, 11, 23, 8, 0, 0, 0, ZoneOffset.UTC);
        Mailbox m = new Mailbox("bob@b.test", new MailDomain("b.test", t), "Bob", null, "$h", null, t);
        MailFolder inbox = new MailFolder(m, MailFolder.INBOX, null, 1);
        StoredMessage first = new StoredMessage(inbox, 7, 100, t, "s", "<id>", null, "ORDINARY", "a@b.test");
        StoredMessage second = new StoredMessage(inbox, 7, 100, t, "s", "<id>", null, "ORDINARY", "a@b.test");

        first.replaceFlags(List.of("\\seen", "$Forwarded", "\\Flagged", " "));

        assertThat(first.getFlags()).containsExactly("\\Seen", "\\Flagged", "$Forwarded");
        assertThat(first.hasFlag(SystemFlag.SEEN)).isTrue();
        assertThat(first.getUid()).isEqualTo(1);
        assertThat(second.getUid()).isEqualTo(2);
        assertThat(second.getModseq()).isGreaterThan(first.getModseq());
        assertThat(inbox.getUidNext()).isEqualTo(3);
    }
}
