package it.certmail.pec.transport.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class SubmissionChecksTest {

    private static final SubmissionLimits LIMITS = SubmissionLimits.defaults();

    private static SubmissionFacts facts(String from, List<String> rcpts, List<String> to, List<String> cc, boolean bcc, long size) {
        return new SubmissionFacts("alice@a.test", "alice@a.test", rcpts, List.of(), from, to, cc, bcc, size);
    }

    @Test
    void checksShouldAcceptAWellFormedSubmission() {
        SubmissionFacts f = facts("alice@a.test", List.of("bob@b.test", "carl@c.test"), List.of("Bob@B.test"),
                List.of("carl@c.test"), false, 10_000);
        assertThat(SubmissionChecks.violations(f, LIMITS, true)).isEmpty();
    }

    @Test
    void checksShouldRefuseBcc() {
        SubmissionFacts f = facts("alice@a.test", List.of("bob@b.test", "hidden@c.test"), List.of("bob@b.test"),
                List.of(), true, 10);
        assertThat(SubmissionChecks.violations(f, LIMITS, true))
                .anyMatch(p -> p.contains("Bcc"))
                .anyMatch(p -> p.contains("non corrispondono ai campi To e Cc"));
    }

    @Test
    void checksShouldRefuseFromOtherThanTheAuthenticatedMailbox() {
        SubmissionFacts f = new SubmissionFacts("alice@a.test", "mallory@a.test", List.of("bob@b.test"), List.of(),
                "mallory@a.test", List.of("bob@b.test"), List.of(), false, 10);
        assertThat(SubmissionChecks.violations(f, LIMITS, true))
                .anyMatch(p -> p.contains("casella autenticata"));
    }

    @Test
    void checksShouldRefuseMissingFromAndTo() {
        SubmissionFacts f = facts(null, List.of("bob@b.test"), List.of(), List.of(), false, 10);
        assertThat(SubmissionChecks.violations(f, LIMITS, true))
                .anyMatch(p -> p.contains("From assente"))
                .anyMatch(p -> p.contains("To assente"));
    }

    @Test
    void checksShouldRefuseTooManyRecipientsAndTooMuchSizeTimesRecipients() {
        List<String> many = java.util.stream.IntStream.range(0, 1001).mapToObj(i -> "r" + i + "@b.test").toList();
        SubmissionFacts tooMany = facts("alice@a.test", many, many, List.of(), false, 10);
        assertThat(SubmissionChecks.violations(tooMany, LIMITS, true)).anyMatch(p -> p.contains("numero di destinatari (1001)"));

        List<String> three = List.of("a@b.test", "b@b.test", "c@b.test");
        SubmissionFacts big = facts("alice@a.test", three, three, List.of(), false, 40L * 1024 * 1024);
        assertThat(SubmissionChecks.violations(big, LIMITS, true)).anyMatch(p -> p.contains("dimensione del messaggio"));
    }

    @Test
    void checksShouldRefuseWhenTheMailboxMayNotSend() {
        SubmissionFacts f = facts("alice@a.test", List.of("bob@b.test"), List.of("bob@b.test"), List.of(), false, 10);
        assertThat(SubmissionChecks.violations(f, LIMITS, false)).containsExactly("la casella del mittente non è abilitata all'invio");
    }

    @Test
    void limitsShouldNotGoBelowTheLegalMinimum() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SubmissionLimits(49, 100L << 20, 100L << 20))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
