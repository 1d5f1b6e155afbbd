package it.certmail.pec.webmail.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import it.certmail.pec.receipts.domain.PecMessageKind;

class PecBadgeTest {

    @Test
    void everyPecKindShouldHaveExactlyOneBadge() {
        Set<String> seen = new HashSet<>();
        for (PecBadge b : PecBadge.values()) {
            for (String k : b.kindNames()) {
                assertTrue(seen.add(k), k + " in two badges");
            }
        }
        for (PecMessageKind k : PecMessageKind.values()) {
            assertTrue(seen.contains(k.name()), k + " has no badge");
        }
    }

    @Test
    void storedKindsShouldMapToTheirBadges() {
        assertEquals(PecBadge.CERTIFIED, PecBadge.of("TRANSPORT_ENVELOPE"));
        assertEquals(PecBadge.ACCEPTANCE, PecBadge.of("ACCEPTANCE"));
        assertEquals(PecBadge.DELIVERY, PecBadge.of("DELIVERY"));
        assertEquals(PecBadge.NON_DELIVERY, PecBadge.of("DELIVERY_FAILURE"));
        assertEquals(PecBadge.NON_DELIVERY, PecBadge.of("DELIVERY_FAILURE_VIRUS"));
        assertEquals(PecBadge.TAKE_CHARGE, PecBadge.of("TAKE_CHARGE"));
        assertEquals(PecBadge.ANOMALY, PecBadge.of("ANOMALY_ENVELOPE"));
        assertEquals(PecBadge.NOTICE, PecBadge.of("DELIVERY_TIMEOUT"));
        assertEquals(PecBadge.NOTICE, PecBadge.of("NON_ACCEPTANCE"));
        assertEquals(PecBadge.ORDINARY, PecBadge.of("ORDINARY"));
        assertEquals(PecBadge.ORDINARY, PecBadge.of(null));
        assertEquals(PecBadge.ORDINARY, PecBadge.of("SOMETHING_NEW"));
    }

    @Test
    void receiptsShouldBeTheNoticesNotTheMessages() {
        assertTrue(PecBadge.ACCEPTANCE.isReceipt());
        assertTrue(PecBadge.DELIVERY.isReceipt());
        assertTrue(PecBadge.NON_DELIVERY.isReceipt());
        assertFalse(PecBadge.CERTIFIED.isReceipt());
        assertFalse(PecBadge.ORDINARY.isReceipt());
        assertFalse(PecBadge.ANOMALY.isReceipt());
    }

    @Test
    void searchKeysShouldFindTheirBadge() {
        for (PecBadge b : PecBadge.values()) {
            assertEquals(b, PecBadge.byKey(b.key()));
        }
        assertNull(PecBadge.byKey("nope"));
        assertNull(PecBadge.byKey(null));
    }
}
