package it.certmail.pec.transport.core.contract;

import static it.certmail.pec.transport.core.contract.ContractMessages.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import it.certmail.pec.log.domain.LogEvent;
import it.certmail.pec.log.model.LogEventType;
import it.certmail.pec.transport.core.OfficialLog;

/**
 * What the core relies on from {@link OfficialLog}: each entry of the registro is kept with every field RFC 6109
 * §2.3 asks for (msgid, time, sender, recipients, subject, event, ids of the generated messages, sending provider),
 * in the order recorded, and only when the step's other effects are kept too.
 */
public interface OfficialLogContract {

    PortsUnderTest ports();

    static LogEvent acceptance(String msgid, java.time.Instant at) {
        return new LogEvent(LogEventType.ACCETTAZIONE, at, msgid, "c1@client.test",
                "mario@" + PortsUnderTest.OUR_DOMAIN,
                List.of("anna@" + PortsUnderTest.OTHER_DOMAIN, "bea@" + PortsUnderTest.THIRD_DOMAIN, "ugo@posta.test"),
                "Offerta n. 12 — è urgente", List.of("accettazione-" + msgid), "Gestore Nostro", null);
    }

    @Test
    default void entriesShouldBeKeptWithAllTheirFieldsInTheOrderRecorded() throws Exception {
        PortsUnderTest ports = ports();
        LogEvent accepted = acceptance("opec1.20261206@" + PortsUnderTest.OUR_DOMAIN, T0);
        LogEvent envelope = new LogEvent(LogEventType.BUSTA_TRASPORTO, T0, accepted.msgid(), accepted.clientMsgid(),
                accepted.sender(), accepted.recipients(), accepted.subject(),
                List.of("busta-1@" + PortsUnderTest.OUR_DOMAIN), "Gestore Nostro", null);
        LogEvent refused = new LogEvent(LogEventType.NON_ACCETTAZIONE, T0.plusSeconds(1),
                "opec2.20261206@" + PortsUnderTest.OUR_DOMAIN, null, "mario@" + PortsUnderTest.OUR_DOMAIN,
                List.of("x@" + PortsUnderTest.OTHER_DOMAIN), "senza oggetto", List.of("avviso-2@pec.nostro.test"),
                null, "destinatario non valido; la casella del mittente è piena");

        ports.inStep(p -> {
            p.log().record(accepted);
            p.log().record(envelope);
            return null;
        });
        ports.inStep(p -> {
            p.log().record(refused);
            return null;
        });

        assertThat(ports.logged()).containsExactly(accepted, envelope, refused);
    }

    @Test
    default void anEntryWithoutTheFieldsItDoesNotHaveShouldBeKeptSo() throws Exception {
        PortsUnderTest ports = ports();
        // a rifiuto of a message with no Message-ID, subject or provider, for nobody in particular
        LogEvent bare = new LogEvent(LogEventType.RIFIUTO, T0, null, null, null, List.of(), null, List.of(), null,
                null);

        ports.inStep(p -> {
            p.log().record(bare);
            return null;
        });

        assertThat(ports.logged()).containsExactly(bare);
    }

    /**
     * Nothing bounds a subject (RFC 5322 folds a header over as many lines as it needs) nor the reasons of a refusal
     * (one per recipient refused), and a registro entry that cannot be written fails the whole step: the message is
     * then never accepted, and its client is told to try again, for ever. A store may keep only the start of a header
     * longer than its columns (at least a header line's 998 characters), never fail; the reasons are kept whole.
     */
    @Test
    default void anEntryWithAVeryLongSubjectAndReasonShouldBeRecordedNotFailTheStep() throws Exception {
        PortsUnderTest ports = ports();
        String subject = "Offerta per la fornitura di servizi di posta elettronica certificata, lotto 7; ".repeat(40);
        List<String> refused = java.util.stream.IntStream.range(0, 100).mapToObj(i -> "utente" + i + "@posta.test")
                .toList();
        String reasons = String.join("; ", refused.stream().map(r -> "la casella può spedire solamente verso caselle"
                + " di posta elettronica certificata: l'indirizzo " + r + " è stato rifiutato").toList());
        LogEvent longOne = new LogEvent(LogEventType.NON_ACCETTAZIONE, T0, "opec9.20261206@" + PortsUnderTest.OUR_DOMAIN,
                "<" + "x".repeat(1200) + "@client.test>", "mario@" + PortsUnderTest.OUR_DOMAIN, refused, subject,
                List.of("avviso-9@" + PortsUnderTest.OUR_DOMAIN), null, reasons);

        ports.inStep(p -> {
            p.log().record(longOne);
            return null;
        });

        assertThat(ports.logged()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(longOne.type());
            assertThat(e.msgid()).isEqualTo(longOne.msgid());
            assertThat(e.recipients()).isEqualTo(refused);
            assertThat(e.generatedIds()).isEqualTo(longOne.generatedIds());
            assertThat(longOne.subject()).startsWith(e.subject());
            assertThat(e.subject().length()).isGreaterThanOrEqualTo(998);
            assertThat(e.detail()).isEqualTo(reasons);
            assertThat(longOne.clientMsgid()).startsWith(e.clientMsgid());
            assertThat(e.clientMsgid().length()).isGreaterThanOrEqualTo(998);
        });
    }

    @Test
    default void theEntriesOfAStepThatRolledBackShouldNotBeKept() throws Exception {
        PortsUnderTest ports = ports();
        LogEvent kept = acceptance("opec-kept@" + PortsUnderTest.OUR_DOMAIN, T0);

        ports.inStep(p -> {
            p.log().record(kept);
            return null;
        });
        ports.rolledBack(p -> {
            p.log().record(acceptance("opec-lost@" + PortsUnderTest.OUR_DOMAIN, T0.plusSeconds(1)));
            return null;
        });

        assertThat(ports.logged()).containsExactly(kept);
    }
}
