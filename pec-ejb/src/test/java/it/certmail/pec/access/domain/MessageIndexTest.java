package it.certmail.pec.access.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import org.junit.jupiter.api.Test;

class MessageIndexTest {

    @Test
    void indexShouldKeepUidsFlagsAndModseqAndShareFlagSets() {
        MessageIndex index = new MessageIndex(2);
        for (long uid = 1; uid <= 10; uid++) {
            index.add(uid * 10, uid % 2 == 0 ? Set.of("\\Seen") : Set.of(), uid);
        }
        assertThat(index.size()).isEqualTo(10);
        assertThat(index.maxUid()).isEqualTo(100);
        assertThat(index.uid(3)).isEqualTo(40);
        assertThat(index.hasFlag(3, "\\SEEN")).isTrue();
        assertThat(index.hasFlag(2, "\\Seen")).isFalse();
        assertThat(index.flags(1)).isSameAs(index.flags(3));
        assertThat(index.indexOf(70)).isEqualTo(6);
        assertThat(index.indexOf(71)).isEqualTo(-1);
        assertThat(index.ceiling(71)).isEqualTo(7);
        assertThat(index.ceiling(1000)).isEqualTo(10);

        index.set(0, new java.util.LinkedHashSet<>(java.util.List.of("\\Flagged", "$Label1")), 99);
        assertThat(index.flags(0)).containsExactly("\\Flagged", "$Label1");
        assertThat(index.modseq(0)).isEqualTo(99);

        index.remove(4);
        assertThat(index.size()).isEqualTo(9);
        assertThat(index.uid(4)).isEqualTo(60);
        assertThat(index.modseq(4)).isEqualTo(6);
        assertThat(index.indexOf(50)).isEqualTo(-1);
    }

    @Test
    void addShouldRefuseAUidThatIsNotAboveTheLast() {
        MessageIndex index = new MessageIndex();
        index.add(5, Set.of(), 1);
        assertThatThrownBy(() -> index.add(5, Set.of(), 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> index.uid(1)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
