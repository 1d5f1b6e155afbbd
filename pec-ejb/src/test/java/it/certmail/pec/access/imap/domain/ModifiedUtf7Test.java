package it.certmail.pec.access.imap.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ModifiedUtf7Test {

    @Test
    void encodeShouldFollowRfc3501Examples() {
        // RFC 3501 §5.1.3
        assertThat(ModifiedUtf7.encode("~peter/mail/台北/日本語")).isEqualTo("~peter/mail/&U,BTFw-/&ZeVnLIqe-");
        assertThat(ModifiedUtf7.encode("Posta & Fatture")).isEqualTo("Posta &- Fatture");
        assertThat(ModifiedUtf7.encode("Così è")).isEqualTo("Cos&AOw- &AOg-");
        assertThat(ModifiedUtf7.encode("INBOX")).isEqualTo("INBOX");
    }

    @Test
    void decodeShouldInvertEncodeAndLeaveMalformedNamesAlone() {
        assertThat(ModifiedUtf7.decode("~peter/mail/&U,BTFw-/&ZeVnLIqe-")).isEqualTo("~peter/mail/台北/日本語");
        assertThat(ModifiedUtf7.decode("Posta &- Fatture")).isEqualTo("Posta & Fatture");
        for (String name : new String[] {"Archivio/2026", "Ricevute €", "a&b", "😀 emoji", "Lavori/Città"}) {
            assertThat(ModifiedUtf7.decode(ModifiedUtf7.encode(name))).isEqualTo(name);
        }
        assertThat(ModifiedUtf7.decode("broken &AOw")).isEqualTo("broken &AOw");
        assertThat(ModifiedUtf7.decode("bad &!!!-")).isEqualTo("bad &!!!-");
        assertThat(ModifiedUtf7.decode("Città")).isEqualTo("Città");
    }
}
