package it.certmail.pec.transport.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import it.certmail.pec.receipts.domain.DaticertError;
import it.certmail.pec.receipts.domain.PecMessageKind;
import it.certmail.pec.receipts.domain.TimeoutStage;
import it.certmail.pec.transport.domain.ReceiptPanels.Panel;
import it.certmail.pec.transport.domain.ReceiptPanels.Receipt;
import it.certmail.pec.transport.domain.ReceiptPanels.State;
import it.certmail.pec.transport.domain.ReceiptPanels.StepKind;
import it.certmail.pec.transport.domain.ReceiptPanels.Tracked;

class ReceiptPanelsTest {

    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

    private static Instant t(int minutes) {
        return T0.plusSeconds(60L * minutes);
    }

    private static Tracked tracked(String rcpt) {
        return new Tracked(rcpt, true, T0, null, null, null, false, false);
    }

    private static Receipt receipt(long id, PecMessageKind kind, int minute, List<String> covers) {
        return new Receipt(id, 100 + id, kind, t(minute), covers, DaticertError.NONE, null, null);
    }

    @Test
    void acceptanceShouldCoverEveryoneAndDeliveryOnlyItsRecipient() {
        List<Panel> panels = ReceiptPanels.panels(
                List.of(new Tracked("b@b.test", true, T0, null, t(1), null, false, false), tracked("c@c.test")),
                List.of(receipt(1, PecMessageKind.ACCEPTANCE, 0, List.of()),
                        receipt(2, PecMessageKind.DELIVERY, 1, List.of("B@b.test"))));
        assertThat(panels.get(0).state()).isEqualTo(State.DELIVERED);
        assertThat(panels.get(0).steps()).extracting(s -> s.kind()).containsExactly(StepKind.ACCEPTANCE, StepKind.DELIVERY);
        assertThat(panels.get(0).steps().get(1).uid()).isEqualTo(102L);
        assertThat(panels.get(1).state()).isEqualTo(State.WAITING);
        assertThat(panels.get(1).waiting()).isTrue();
        assertThat(panels.get(1).steps()).extracting(s -> s.kind()).containsExactly(StepKind.ACCEPTANCE);
    }

    @Test
    void presaInCaricoShouldCoverItsReceptionListAndKeepTheRecipientWaiting() {
        Panel p = ReceiptPanels.panels(List.of(tracked("x@remote.test")),
                List.of(receipt(3, PecMessageKind.TAKE_CHARGE, 2, List.of("x@remote.test", "y@remote.test")))).get(0);
        assertThat(p.steps()).extracting(s -> s.kind()).containsExactly(StepKind.TAKE_CHARGE);
        assertThat(p.state()).isEqualTo(State.WAITING);
    }

    @Test
    void failureShouldEndNegativelyWithItsError() {
        Receipt failure = new Receipt(4, 104, PecMessageKind.DELIVERY_FAILURE, t(3), List.of("x@b.test"),
                DaticertError.NO_RECIPIENT, "5.1.1 casella inesistente", null);
        Panel p = ReceiptPanels.panels(List.of(new Tracked("x@b.test", true, T0, null, null, t(3), false, false)),
                List.of(failure)).get(0);
        assertThat(p.state()).isEqualTo(State.NOT_DELIVERED);
        assertThat(p.steps()).hasSize(1);
        assertThat(p.steps().get(0).error()).isEqualTo(DaticertError.NO_RECIPIENT);
        assertThat(p.steps().get(0).extendedError()).isEqualTo("5.1.1 casella inesistente");
        assertThat(p.waiting()).isFalse();
    }

    @Test
    void timeoutNoticesShouldBeTwelveThenTwentyFourHours() {
        Receipt warning = new Receipt(5, 105, PecMessageKind.DELIVERY_TIMEOUT, t(720), List.of("x@b.test"),
                DaticertError.OTHER, null, TimeoutStage.WARNING_12_HOURS);
        Receipt last = new Receipt(6, 106, PecMessageKind.DELIVERY_TIMEOUT, t(1440), List.of("x@b.test"),
                DaticertError.OTHER, null, TimeoutStage.FINAL_24_HOURS);
        Panel late = ReceiptPanels.panels(List.of(new Tracked("x@b.test", true, T0, null, null, null, true, false)),
                List.of(warning)).get(0);
        assertThat(late.state()).isEqualTo(State.LATE);
        assertThat(late.waiting()).isTrue();
        Panel expired = ReceiptPanels.panels(List.of(new Tracked("x@b.test", true, T0, null, null, null, true, true)),
                List.of(last, warning)).get(0);
        assertThat(expired.state()).isEqualTo(State.EXPIRED);
        assertThat(expired.steps()).extracting(s -> s.kind()).containsExactly(StepKind.WARNING_12H, StepKind.FINAL_24H);
        assertThat(expired.waiting()).isFalse();
    }

    @Test
    void whatOnlyTheTrackingKnowsShouldShowWithoutAReceiptToOpen() {
        Panel p = ReceiptPanels.panels(List.of(new Tracked("x@b.test", true, T0, t(1), t(2), null, false, false)),
                List.of()).get(0);
        assertThat(p.state()).isEqualTo(State.DELIVERED);
        assertThat(p.steps()).extracting(s -> s.kind()).containsExactly(StepKind.TAKE_CHARGE, StepKind.DELIVERY);
        assertThat(p.steps()).allSatisfy(s -> assertThat(s.uid()).isNull());
    }

    @Test
    void anOrdinaryAddressShouldNeverWait() {
        Panel p = ReceiptPanels.panels(List.of(new Tracked("x@gmail.test", false, T0, null, null, null, false, false)),
                List.of(receipt(1, PecMessageKind.ACCEPTANCE, 0, List.of()))).get(0);
        assertThat(p.state()).isEqualTo(State.ORDINARY);
        assertThat(p.waiting()).isFalse();
    }

    @Test
    void presaInCaricoShouldComeBeforeTheDeliveryEvenWhenNotedLater() {
        Panel p = ReceiptPanels.panels(List.of(new Tracked("x@b.test", true, T0, t(5), t(4), null, false, false)),
                List.of(receipt(1, PecMessageKind.ACCEPTANCE, 0, List.of()),
                        receipt(2, PecMessageKind.DELIVERY, 3, List.of("x@b.test")))).get(0);
        assertThat(p.steps()).extracting(s -> s.kind())
                .containsExactly(StepKind.ACCEPTANCE, StepKind.TAKE_CHARGE, StepKind.DELIVERY);
    }
}
