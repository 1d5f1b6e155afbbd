package it.certmail.pec.mailbox.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EncodedWordsTest {

    @Test
    void decodeShouldReadBase64AndQuotedPrintableWords() {
        assertThat(EncodedWords.decode("=?UTF-8?B?UG9zdGEgY2VydGlmaWNhdGE=?=")).isEqualTo("Posta certificata");
        assertThat(EncodedWords.decode("=?ISO-8859-1?Q?Citt=E0_di_Bari?=")).isEqualTo("Città di Bari");
        assertThat(EncodedWords.decode("=?utf-8?q?perch=C3=A9?=")).isEqualTo("perché");
    }

    @Test
    void decodeShouldDropWhitespaceBetweenAdjacentWordsOnly() {
        assertThat(EncodedWords.decode("=?UTF-8?Q?a?= =?UTF-8?Q?b?=")).isEqualTo("ab");
        assertThat(EncodedWords.decode("=?UTF-8?Q?a?=  x  =?UTF-8?Q?b?=")).isEqualTo("a  x  b");
        assertThat(EncodedWords.decode("POSTA CERTIFICATA: =?UTF-8?Q?caf=C3=A8?= ok")).isEqualTo("POSTA CERTIFICATA: cafè ok");
    }

    @Test
    void decodeShouldJoinAUtf8CharacterSplitAcrossTwoWords() {
        // "è" is C3 A8; each word carries one byte of it
        assertThat(EncodedWords.decode("=?UTF-8?B?ww==?= =?UTF-8?B?qA==?=")).isEqualTo("è");
        assertThat(EncodedWords.decode("=?UTF-8?Q?=C3?= =?UTF-8?Q?=A8?=")).isEqualTo("è");
    }

    @Test
    void decodeShouldLeaveUndecodableWordsAsWritten() {
        assertThat(EncodedWords.decode("=?x-unknown-charset?Q?abc?=")).isEqualTo("=?x-unknown-charset?Q?abc?=");
        assertThat(EncodedWords.decode("=?UTF-8?Q?bad=ZZ?=")).isEqualTo("=?UTF-8?Q?bad=ZZ?=");
        assertThat(EncodedWords.decode("plain text")).isEqualTo("plain text");
        assertThat(EncodedWords.decode(null)).isNull();
    }

    @Test
    void decodeShouldAcceptALanguageSuffixOnTheCharset() {
        assertThat(EncodedWords.decode("=?UTF-8*it?Q?ciao?=")).isEqualTo("ciao");
    }
}
