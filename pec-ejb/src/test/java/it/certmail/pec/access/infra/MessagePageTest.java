package it.certmail.pec.access.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import it.certmail.pec.access.domain.MailAccessException;
import it.certmail.pec.access.domain.MessageListing;
import it.certmail.pec.access.domain.MessageQuery;

/** The webmail's message list on the JPA store: keyset pages newest first, the search filters, one mailbox only. */
class MessagePageTest {

    static AccessTestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new AccessTestServer();
        for (int i = 1; i <= 7; i++) {
            String from = i % 2 == 0 ? "mario.rossi@pec.test" : "anna@altro.test";
            String kindHeader = i == 6 ? "X-Ricevuta: accettazione\r\nX-Riferimento-Message-ID: <orig-5@x>\r\n" : "";
            String raw = "From: " + from + "\r\nTo: " + AccessTestServer.BOB + "\r\nSubject: Fattura 100_" + i
                    + "%\r\nMessage-ID: <orig-" + i + "@x>\r\n" + kindHeader + "\r\ntesto " + i + "\r\n";
            server.deliver(AccessTestServer.BOB, "INBOX", raw.getBytes(StandardCharsets.UTF_8));
        }
        // a PEC envelope: the provider's address in From, the real sender in its display name
        String envelope = "From: \"Per conto di: Giulia.Bianchi@pec.test\" <posta-certificata@gestore.test>\r\n"
                + "To: " + AccessTestServer.BOB + "\r\nSubject: POSTA CERTIFICATA: Preventivo\r\n"
                + "X-Trasporto: posta-certificata\r\nMessage-ID: <opec.1@gestore.test>\r\n\r\ntesto\r\n";
        server.deliver(AccessTestServer.BOB, "Archive", envelope.getBytes(StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static List<Long> uids(List<MessageListing> rows) {
        return rows.stream().map(MessageListing::uid).toList();
    }

    @Test
    void pagesShouldGoNewestFirstByUid() throws Exception {
        List<MessageListing> first = server.access.page(AccessTestServer.BOB, "INBOX", MessageQuery.firstPage(3));
        assertEquals(List.of(7L, 6L, 5L), uids(first));
        assertEquals("Fattura 100_7%", first.get(0).subject());
        assertEquals("anna@altro.test", first.get(0).fromAddress());
        List<MessageListing> second = server.access.page(AccessTestServer.BOB, "INBOX",
                MessageQuery.firstPage(3).after(5));
        assertEquals(List.of(4L, 3L, 2L), uids(second));
        assertEquals(List.of(1L), uids(server.access.page(AccessTestServer.BOB, "INBOX",
                MessageQuery.firstPage(3).after(2))));
    }

    @Test
    void filtersShouldMatchPartsAnyCaseAndTakeWildcardsLiterally() throws Exception {
        MessageQuery bySender = new MessageQuery("ROSSI", null, null, null, List.of(), false, null, 0, 50);
        assertEquals(List.of(6L, 4L, 2L), uids(server.access.page(AccessTestServer.BOB, "INBOX", bySender)));
        MessageQuery bySubject = new MessageQuery(null, "100_3%", null, null, List.of(), false, null, 0, 50);
        assertEquals(List.of(3L), uids(server.access.page(AccessTestServer.BOB, "INBOX", bySubject)));
        MessageQuery underscoreIsLiteral = new MessageQuery(null, "100x", null, null, List.of(), false, null, 0, 50);
        assertTrue(server.access.page(AccessTestServer.BOB, "INBOX", underscoreIsLiteral).isEmpty());
        MessageQuery future = new MessageQuery(null, null, Instant.now().plusSeconds(3600), null, List.of(), false,
                null, 0, 50);
        assertTrue(server.access.page(AccessTestServer.BOB, "INBOX", future).isEmpty());
        MessageQuery past = new MessageQuery(null, null, null, Instant.now().plusSeconds(3600), List.of(), false,
                null, 0, 50);
        assertEquals(7, server.access.page(AccessTestServer.BOB, "INBOX", past).size());
    }

    @Test
    void theSenderSearchShouldFindAnEnvelopeByItsPerContoDiSender() throws Exception {
        MessageQuery byRealSender = new MessageQuery("bianchi", null, null, null, List.of(), false, null, 0, 50);
        assertEquals(List.of(1L), uids(server.access.page(AccessTestServer.BOB, "Archive", byRealSender)));
        MessageQuery byProvider = new MessageQuery("posta-certificata@gestore", null, null, null, List.of(), false,
                null, 0, 50);
        assertEquals(List.of(1L), uids(server.access.page(AccessTestServer.BOB, "Archive", byProvider)));
        assertTrue(server.access.page(AccessTestServer.BOB, "INBOX", byRealSender).isEmpty());
        // a copy keeps it
        server.access.copy(AccessTestServer.BOB, "Archive", List.of(1L), "Trash", false);
        assertEquals(1, server.access.page(AccessTestServer.BOB, "Trash", byRealSender).size());
    }

    @Test
    void kindAndTransmissionShouldFindTheReceiptAndItsOriginal() throws Exception {
        MessageQuery acceptances = new MessageQuery(null, null, null, null, List.of("ACCEPTANCE"), false, null, 0, 50);
        List<MessageListing> found = server.access.page(AccessTestServer.BOB, "INBOX", acceptances);
        assertEquals(List.of(6L), uids(found));
        assertEquals("<orig-5@x>", found.get(0).riferimentoMessageId());
        MessageQuery ordinary = new MessageQuery(null, null, null, null, List.of(), true, null, 0, 50);
        assertEquals(6, server.access.page(AccessTestServer.BOB, "INBOX", ordinary).size());
        MessageQuery transmission = new MessageQuery(null, null, null, null, List.of(), false, "<orig-5@x>", 0, 50);
        assertEquals(List.of(6L, 5L), uids(server.access.page(AccessTestServer.BOB, "INBOX", transmission)));
    }

    @Test
    void anotherMailboxShouldSeeNoneOfThem() throws Exception {
        assertTrue(server.access.page(AccessTestServer.ANN, "INBOX", MessageQuery.firstPage(50)).isEmpty());
        assertThrows(MailAccessException.class,
                () -> server.access.page(AccessTestServer.ANN, "Nope", MessageQuery.firstPage(50)));
    }
}
