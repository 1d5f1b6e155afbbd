package it.certmail.pec.transport.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;

class ReplyDraftTest {

    private static final ZonedDateTime DATE = ZonedDateTime.of(2026, 3, 1, 9, 30, 0, 0, ZoneId.of("Europe/Rome"));

    /** A busta di trasporto as a recipient finds it: the provider in From, the person in Reply-To. */
    private static ReplyDraft.Original envelope() {
        return new ReplyDraft.Original("posta-certificata@a.test", "alice@a.test", List.of("bob@b.test", "carol@c.test"),
                List.of("dan@b.test", "Bob@b.test"), "POSTA CERTIFICATA: Contratto", "<opec.1@a.test>",
                "<orig-1@a.test>", List.of("<older@a.test>"), DATE, "Ciao\n> prima\nfine");
    }

    @Test
    void replyToAnEnvelopeShouldAnswerThePersonWithThePlainSubjectAndTheOriginalsId() {
        ReplyDraft.Prefill p = ReplyDraft.prefill(envelope(), ReplyDraft.Mode.REPLY, "bob@b.test");
        assertThat(p.to()).containsExactly("alice@a.test");
        assertThat(p.cc()).isEmpty();
        assertThat(p.subject()).isEqualTo("Re: Contratto");
        assertThat(p.inReplyTo()).isEqualTo("<orig-1@a.test>");
        assertThat(p.references()).containsExactly("<older@a.test>", "<orig-1@a.test>");
        assertThat(p.text()).contains("01/03/2026 09:30, alice@a.test:\n> Ciao\n>> prima\n> fine");
    }

    @Test
    void replyAllShouldCopyEveryoneElseOnceButNotMe() {
        ReplyDraft.Prefill p = ReplyDraft.prefill(envelope(), ReplyDraft.Mode.ALL, "BOB@b.test");
        assertThat(p.to()).containsExactly("alice@a.test");
        assertThat(p.cc()).containsExactly("carol@c.test", "dan@b.test");
    }

    @Test
    void forwardShouldHaveNoRecipientsNoThreadAndFwdSubject() {
        ReplyDraft.Prefill p = ReplyDraft.prefill(envelope(), ReplyDraft.Mode.FORWARD, "bob@b.test");
        assertThat(p.to()).isEmpty();
        assertThat(p.subject()).isEqualTo("Fwd: Contratto");
        assertThat(p.inReplyTo()).isNull();
        assertThat(p.references()).isEmpty();
        assertThat(p.text()).isEmpty();
    }

    @Test
    void anOrdinaryMessageShouldBeAnsweredByItsOwnIdAndNotGetReTwice() {
        ReplyDraft.Original o = new ReplyDraft.Original("x@y.it", null, List.of("bob@b.test"), List.of(), "RE: hello",
                "<m1@y.it>", null, List.of(), null, "");
        ReplyDraft.Prefill p = ReplyDraft.prefill(o, ReplyDraft.Mode.REPLY, "bob@b.test");
        assertThat(p.to()).containsExactly("x@y.it");
        assertThat(p.subject()).isEqualTo("RE: hello");
        assertThat(p.inReplyTo()).isEqualTo("<m1@y.it>");
        assertThat(p.references()).containsExactly("<m1@y.it>");
    }

    @Test
    void modeShouldParseOnlyTheThreeValues() {
        assertThat(ReplyDraft.Mode.of("reply")).isEqualTo(ReplyDraft.Mode.REPLY);
        assertThat(ReplyDraft.Mode.of("ALL")).isEqualTo(ReplyDraft.Mode.ALL);
        assertThat(ReplyDraft.Mode.of("forward")).isEqualTo(ReplyDraft.Mode.FORWARD);
        assertThat(ReplyDraft.Mode.of("bcc")).isNull();
        assertThat(ReplyDraft.Mode.of(null)).isNull();
    }
}
