package it.certmail.pec.mailbox.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class IncomingRulesTest {

    private static final MessageSummary PEC = new MessageSummary("POSTA CERTIFICATA: Fattura 12/2026", "<a@b>", null,
            "\"Per conto di: fornitore@pec.fornitore.it\" <posta-certificata@pec.fornitore.it>",
            "posta-certificata@pec.fornitore.it", null, "TRANSPORT_ENVELOPE");
    private static final MessageSummary RECEIPT = new MessageSummary("CONSEGNA: Offerta", "<r@b>", "<x@y>",
            "posta-certificata@pec.test", "posta-certificata@pec.test", null, "DELIVERY");

    private static IncomingRule rule(long id, String sender, String subject, String kind, String move, boolean read,
            boolean flag, String forward) throws InvalidMailboxRequestException {
        return IncomingRule.of(id, sender, subject, kind, move, read, flag, forward,
                forward == null ? null : IncomingRule.Forward.NOTICE);
    }

    @Test
    void conditionsShouldAllHoldCaseInsensitively() throws Exception {
        assertThat(rule(1, "FORNITORE@pec", null, null, null, true, false, null).matches(PEC)).isTrue();
        assertThat(rule(1, null, "fattura", "TRANSPORT_ENVELOPE", null, true, false, null).matches(PEC)).isTrue();
        assertThat(rule(1, null, "fattura", "DELIVERY", null, true, false, null).matches(PEC)).isFalse();
        assertThat(rule(1, "altro@", "fattura", null, null, true, false, null).matches(PEC)).isFalse();
        assertThat(rule(1, null, null, null, null, true, false, null).matches(RECEIPT)).as("no condition: all").isTrue();
    }

    @Test
    void aMessageWithoutKindOrSubjectShouldBeOrdinaryAndNotMatchASubjectCondition() throws Exception {
        MessageSummary bare = new MessageSummary(null, null, null, null, null, null, null);
        assertThat(rule(1, null, null, "ORDINARY", null, true, false, null).matches(bare)).isTrue();
        assertThat(rule(1, null, "x", null, null, true, false, null).matches(bare)).isFalse();
        assertThat(rule(1, "x", null, null, null, true, false, null).matches(bare)).isFalse();
    }

    @Test
    void firstMoveShouldWinFlagsAddUpAndForwardsBeKeptOnce() throws Exception {
        List<IncomingRule> rules = List.of(
                rule(1, null, "fattura", null, "Fatture", false, false, null),
                rule(2, null, null, "TRANSPORT_ENVELOPE", "Altro", true, false, "me@example.org"),
                rule(3, "fornitore", null, null, null, false, true, "ME@example.org"),
                rule(4, null, "nessuna corrispondenza", null, "Mai", true, true, "x@example.org"));
        IncomingRules.Outcome o = IncomingRules.decide(rules, PEC, f -> true);
        assertThat(o.folder()).isEqualTo("Fatture");
        assertThat(o.flags()).containsExactly("\\Seen", "\\Flagged");
        assertThat(o.forwards()).containsExactly(new IncomingRules.Forward(2L, "me@example.org", IncomingRule.Forward.NOTICE));
    }

    @Test
    void aMoveToAMissingFolderShouldLeaveTheMessageInInboxAndOtherRulesStillApply() throws Exception {
        List<IncomingRule> rules = List.of(rule(1, null, null, null, "Cancellata", false, false, null),
                rule(2, null, null, null, null, true, false, null));
        IncomingRules.Outcome o = IncomingRules.decide(rules, PEC, f -> !f.equals("Cancellata"));
        assertThat(o.folder()).isEqualTo("INBOX");
        assertThat(o.flags()).containsExactly("\\Seen");
    }

    @Test
    void aRuleThatFailsShouldBeSkippedNeverTheMessage() throws Exception {
        List<IncomingRule> rules = List.of(rule(1, null, null, null, "Boom", false, false, null),
                rule(2, null, null, null, "Buona", false, false, null));
        IncomingRules.Outcome o = IncomingRules.decide(rules, PEC, f -> {
            if (f.equals("Boom")) {
                throw new IllegalStateException("database gone");
            }
            return true;
        });
        assertThat(o.folder()).isEqualTo("Buona");
        assertThat(IncomingRules.decide(List.of(), PEC, f -> true))
                .isEqualTo(new IncomingRules.Outcome("INBOX", Set.of(), List.of()));
    }

    @Test
    void badRulesShouldBeRefusedWithAReason() {
        assertThatThrownBy(() -> rule(1, "x", null, null, null, false, false, null))
                .isInstanceOf(InvalidMailboxRequestException.class).hasMessageContaining("at least one action");
        assertThatThrownBy(() -> rule(1, "x", null, null, "INBOX", false, false, null))
                .as("moving into INBOX is no action").hasMessageContaining("at least one action");
        assertThatThrownBy(() -> rule(1, null, null, "POSTA", null, true, false, null)).hasMessageContaining("unknown PEC kind");
        assertThatThrownBy(() -> rule(1, null, null, null, null, false, false, "not an address"))
                .hasMessageContaining("forward address");
        assertThatThrownBy(() -> IncomingRule.of(1L, null, null, null, null, false, false, "a@example.org", null))
                .hasMessageContaining("copy or a notice");
        assertThatThrownBy(() -> rule(1, "a\u0000b", null, null, null, true, false, null)).hasMessageContaining("control");
        assertThatThrownBy(() -> rule(1, "x".repeat(256), null, null, null, true, false, null)).hasMessageContaining("too long");
    }

    @Test
    void blanksShouldBeAbsentAndTheForwardAddressNormalised() throws Exception {
        IncomingRule r = IncomingRule.of(7L, "  ", "", " ", "  Fatture ", false, false, " Me@Example.ORG ",
                IncomingRule.Forward.COPY);
        assertThat(r).isEqualTo(new IncomingRule(7L, null, null, null, "Fatture", false, false, "me@example.org",
                IncomingRule.Forward.COPY));
    }
}
