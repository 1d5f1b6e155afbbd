package it.certmail.pec.receipts.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

class PecMessageIdsTest {

    private static final Instant NOW = Instant.ofEpochSecond(1542123566);

    @Test
    void idsShouldHaveTheOpecShapeInItalianLocalTime() {
        String id = new PecMessageIds("node-1", "PEC.Example.it", new Random(1)).next(NOW);
        assertThat(id).matches("opec1\\.20181113163926\\.node-1\\.1\\.[0-9a-f]{16}@pec\\.example\\.it");
        assertThat(PecMessageIds.inAngles(id)).startsWith("<opec1.").endsWith("@pec.example.it>");
    }

    @Test
    void idsShouldBeUniqueAcrossNodesWithIdenticalRandomSeeds() {
        PecMessageIds a = new PecMessageIds("a", "pec.example.it", new Random(7));
        PecMessageIds b = new PecMessageIds("b", "pec.example.it", new Random(7));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertThat(seen.add(a.next(NOW))).isTrue();
            assertThat(seen.add(b.next(NOW))).isTrue();
        }
    }

    @Test
    void idsShouldDifferAfterARestartOfTheSameNode() {
        String first = new PecMessageIds("a", "pec.example.it").next(NOW);
        String second = new PecMessageIds("a", "pec.example.it").next(NOW);
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void constructorShouldRejectUnsafeNodeOrDomain() {
        assertThatThrownBy(() -> new PecMessageIds("a.b", "pec.example.it"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PecMessageIds("a", "localhost")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PecMessageIds("a", "pec.example.it>")).isInstanceOf(IllegalArgumentException.class);
    }
}
