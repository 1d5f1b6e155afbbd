package it.certmail.pec.log.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import it.certmail.pec.log.domain.TraceTimeline.Event;
import it.certmail.pec.log.domain.TraceTimeline.FiledReceipt;
import it.certmail.pec.log.domain.TraceTimeline.Trace;

class TraceTimelineTest {

    private static final Instant T0 = Instant.parse("2026-12-06T09:00:00Z");

    @Test
    void eventsShouldBeArrangedPerRecipientInTimeOrderWithTheReceiptsTheyGenerated() {
        List<Event> events = List.of(
                new Event(3, T0.plusSeconds(5), "CONSEGNA", List.of("Bob@B.it"), List.of("<rc-bob@a.it>"), "B", "completa"),
                new Event(1, T0, "ACCETTAZIONE", List.of("bob@b.it", "carol@c.it"), List.of("<acc@a.it>", "<env@a.it>"),
                        "A", null),
                new Event(2, T0.plusSeconds(2), "PRESA_IN_CARICO", List.of("carol@c.it"), List.of(), "C", null));
        List<FiledReceipt> receipts = List.of(
                new FiledReceipt(10, "alice@a.it", "ACCEPTANCE", "<acc@a.it>", "ACCETTAZIONE: x", 900, T0),
                new FiledReceipt(11, "alice@a.it", "DELIVERY", "rc-bob@a.it", "CONSEGNA: x", 5000, T0.plusSeconds(5)));

        Trace t = TraceTimeline.build("opec1.x@a.it", events, receipts);

        assertThat(t.recipients()).extracting(TraceTimeline.RecipientTrace::recipient)
                .containsExactly("bob@b.it", "carol@c.it");
        assertThat(t.recipients().get(0).steps()).extracting(s -> s.event().type())
                .containsExactly("ACCETTAZIONE", "CONSEGNA");
        assertThat(t.recipients().get(0).steps().get(0).receipts()).extracting(FiledReceipt::storedMessageId)
                .containsExactly(10L);
        assertThat(t.recipients().get(0).steps().get(1).receipts()).extracting(FiledReceipt::storedMessageId)
                .containsExactly(11L);
        assertThat(t.recipients().get(1).steps()).extracting(s -> s.event().type())
                .containsExactly("ACCETTAZIONE", "PRESA_IN_CARICO");
        assertThat(t.transmission()).isEmpty();
        assertThat(t.unmatched()).isEmpty();
    }

    @Test
    void eventsWithoutRecipientsAndReceiptsNoEventNamesShouldBeKeptApart() {
        List<Event> events = List.of(new Event(1, T0, "BUSTA_ANOMALIA", List.of(), List.of("<an@b.it>"), "B", null));
        List<FiledReceipt> receipts = List.of(
                new FiledReceipt(20, "bob@b.it", "DELIVERY", "<other@x.it>", "CONSEGNA: y", 100, T0),
                new FiledReceipt(21, "bob@b.it", "DELIVERY", null, "CONSEGNA: z", 100, T0));

        Trace t = TraceTimeline.build("m@b.it", events, receipts);

        assertThat(t.recipients()).isEmpty();
        assertThat(t.transmission()).hasSize(1);
        assertThat(t.transmission().get(0).receipts()).isEmpty();
        assertThat(t.unmatched()).extracting(FiledReceipt::storedMessageId).containsExactly(20L, 21L);
    }
}
