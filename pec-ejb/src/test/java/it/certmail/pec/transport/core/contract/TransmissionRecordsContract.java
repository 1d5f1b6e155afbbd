package it.certmail.pec.transport.core.contract;

import static it.certmail.pec.transport.core.contract.ContractMessages.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import it.certmail.pec.transport.core.TransmissionRecords;
import it.certmail.pec.transport.core.TransmissionRecords.NewTransmission;
import it.certmail.pec.transport.core.TransmissionRecords.TrackedRecipient;
import it.certmail.pec.transport.core.contract.PortsUnderTest.DeliveryRow;
import it.certmail.pec.transport.model.DeliveryStatus;

/**
 * What the core relies on from {@link TransmissionRecords}: a transmission opened by the access point is found again
 * under its msgid with its envelope, its daticert.xml and each recipient with whether it is certified and when its
 * first check is due (none for ordinary mail), in order; it is kept only with the step's other effects.
 */
public interface TransmissionRecordsContract {

    PortsUnderTest ports();

    static NewTransmission transmission(String pecMsgid, long envelopeBlobId) {
        return new NewTransmission(pecMsgid, "c1@client.test", "mario@" + PortsUnderTest.OUR_DOMAIN, "Offerta n. 12",
                T0, envelopeBlobId, ("<postacert tipo=\"posta-certificata\">" + pecMsgid + "</postacert>")
                        .getBytes(StandardCharsets.UTF_8),
                List.of(new TrackedRecipient("anna@" + PortsUnderTest.OTHER_DOMAIN, true, T0.plus(Duration.ofHours(12))),
                        new TrackedRecipient("bea@" + PortsUnderTest.OUR_DOMAIN, true, T0.plus(Duration.ofHours(12))),
                        new TrackedRecipient("ugo@posta.test", false, null)));
    }

    /** Field by field: a record's equals compares the daticert array by identity. */
    static void assertSame(NewTransmission actual, NewTransmission expected) {
        assertThat(actual.pecMsgid()).isEqualTo(expected.pecMsgid());
        assertThat(actual.clientMsgid()).isEqualTo(expected.clientMsgid());
        assertThat(actual.sender()).isEqualTo(expected.sender());
        assertThat(actual.subject()).isEqualTo(expected.subject());
        assertThat(actual.acceptedAt()).isEqualTo(expected.acceptedAt());
        assertThat(actual.envelopeBlobId()).isEqualTo(expected.envelopeBlobId());
        assertThat(actual.daticertXml()).isEqualTo(expected.daticertXml());
        assertThat(actual.recipients()).containsExactlyElementsOf(expected.recipients());
    }

    @Test
    default void anOpenedTransmissionShouldBeFoundAgainWithEachRecipient() throws Exception {
        PortsUnderTest ports = ports();
        long envelope = ports.inStep(p -> p.blobs().store(it.certmail.pec.mime.Spool.of(
                ContractMessages.message("busta")))).id();
        NewTransmission t = transmission("opec1.20261206@" + PortsUnderTest.OUR_DOMAIN, envelope);

        ports.inStep(p -> {
            p.transmissions().open(t);
            return null;
        });

        assertSame(ports.transmission(t.pecMsgid()).orElseThrow(), t);
    }

    @Test
    default void transmissionsShouldBeKeptApart() throws Exception {
        PortsUnderTest ports = ports();
        long envelope = ports.inStep(p -> p.blobs().store(it.certmail.pec.mime.Spool.of(
                ContractMessages.message("busta")))).id();
        NewTransmission first = transmission("opec1.20261206@" + PortsUnderTest.OUR_DOMAIN, envelope);
        NewTransmission second = new NewTransmission("opec2.20261206@" + PortsUnderTest.OUR_DOMAIN, null,
                "luigi@" + PortsUnderTest.OUR_DOMAIN, null, T0.plusSeconds(3), envelope, new byte[] {'<', '/', '>'},
                List.of(new TrackedRecipient("zoe@" + PortsUnderTest.THIRD_DOMAIN, true, T0.plusSeconds(60))));

        ports.inStep(p -> {
            p.transmissions().open(first);
            p.transmissions().open(second);
            return null;
        });

        assertSame(ports.transmission(first.pecMsgid()).orElseThrow(), first);
        assertSame(ports.transmission(second.pecMsgid()).orElseThrow(), second);
        assertThat(ports.transmission("opec3.20261206@" + PortsUnderTest.OUR_DOMAIN)).isEmpty();
    }

    /** As for the registro: a subject longer than a store keeps is cut (at no less than 998 characters), never refused. */
    @Test
    default void aTransmissionWithAVeryLongSubjectShouldStillBeOpened() throws Exception {
        PortsUnderTest ports = ports();
        long envelope = ports.inStep(p -> p.blobs().store(it.certmail.pec.mime.Spool.of(
                ContractMessages.message("busta")))).id();
        NewTransmission usual = transmission("opec1.20261206@" + PortsUnderTest.OUR_DOMAIN, envelope);
        // 2,000 UTF-16 units end in the middle of an emoji: a store cuts before it, never halfway
        String subject = "RE: " + "Offerta n. 12, lotto 7; è urgente 😀 ".repeat(100);
        NewTransmission t = new NewTransmission(usual.pecMsgid(), "<" + "x".repeat(1200) + "@client.test>",
                usual.sender(), subject, usual.acceptedAt(), envelope, usual.daticertXml(), usual.recipients());

        ports.inStep(p -> {
            p.transmissions().open(t);
            return null;
        });

        NewTransmission found = ports.transmission(t.pecMsgid()).orElseThrow();
        assertThat(subject).startsWith(found.subject());
        assertThat(found.subject().length()).isGreaterThanOrEqualTo(998);
        assertThat(t.clientMsgid()).startsWith(found.clientMsgid());
        assertThat(found.clientMsgid().length()).isGreaterThanOrEqualTo(998);
        assertThat(found.recipients()).containsExactlyElementsOf(t.recipients());
    }

    @Test
    default void aTransmissionOpenedInAStepThatRolledBackShouldNotBeFound() throws Exception {
        PortsUnderTest ports = ports();
        long envelope = ports.inStep(p -> p.blobs().store(it.certmail.pec.mime.Spool.of(
                ContractMessages.message("busta")))).id();
        NewTransmission t = transmission("opec1.20261206@" + PortsUnderTest.OUR_DOMAIN, envelope);

        ports.rolledBack(p -> {
            p.transmissions().open(t);
            return null;
        });

        assertThat(ports.transmission(t.pecMsgid())).isEmpty();
    }

    /**
     * ADR 0003: the rows the dispatch queued for the envelope are the transmission's rows for those recipients (one
     * row per recipient, never two); the recipients of ours get a row of their own, never the relay's. Rows of
     * another message to the same recipient are not taken.
     */
    @Test
    default void aTransmissionShouldTakeTheRelayRowsOfItsEnvelopeAndTheOthersBeLocal() throws Exception {
        PortsUnderTest ports = ports();
        String anna = "anna@" + PortsUnderTest.OTHER_DOMAIN;
        String mario = "mario@" + PortsUnderTest.OUR_DOMAIN;
        long other = ports.inStep(p -> p.dispatch().dispatch(ContractMessages.mime("altro messaggio"),
                PortsUnderTest.SERVICE_ADDRESS, List.of(anna), T0)).id();
        String msgid = "opec1.20261206@" + PortsUnderTest.OUR_DOMAIN;

        long envelope = ports.inStep(p -> {
            long blob = p.dispatch().dispatch(ContractMessages.mime("busta"), mario,
                    List.of(anna, "bea@" + PortsUnderTest.OUR_DOMAIN, "ugo@posta.test"), T0).id();
            p.transmissions().open(transmission(msgid, blob));
            return blob;
        });

        Instant check = T0.plus(Duration.ofHours(12));
        assertThat(ports.deliveries()).extracting(DeliveryRow::pecMsgid, DeliveryRow::recipient,
                        DeliveryRow::certified, DeliveryRow::nextCheckAt, DeliveryRow::status, DeliveryRow::blobId,
                        DeliveryRow::mailFrom)
                .containsExactlyInAnyOrder(
                        tuple(null, anna, false, null, DeliveryStatus.QUEUED, other, PortsUnderTest.SERVICE_ADDRESS),
                        tuple(msgid, anna, true, check, DeliveryStatus.QUEUED, envelope, mario),
                        tuple(msgid, "bea@" + PortsUnderTest.OUR_DOMAIN, true, check, DeliveryStatus.LOCAL, null,
                                null),
                        tuple(msgid, "ugo@posta.test", false, null, DeliveryStatus.QUEUED, envelope, mario));
        assertThat(ports.transmission(msgid).orElseThrow().recipients())
                .containsExactlyInAnyOrderElementsOf(transmission(msgid, envelope).recipients());
        assertThat(ports.references(envelope)).as("one per relay row and the reception work").isEqualTo(3);
    }
}
