package it.certmail.pec.receipts.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.junit.jupiter.api.Test;

class BriefFormTransformerTest {

    private static MimeMessage parse(byte[] b) throws Exception {
        return new MimeMessage(SignedPec.SESSION, new ByteArrayInputStream(b));
    }

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void briefFormShouldReplaceNamedPartsWithTheirSha1AndKeepEverythingElse() throws Exception {
        byte[] original = Samples.userMessage();
        byte[] brief = BriefFormTransformer.transform(original);
        MimeMessage m = parse(brief);
        MimeMultipart mp = (MimeMultipart) m.getContent();
        assertThat(mp.getCount()).isEqualTo(2);
        MimeBodyPart text = (MimeBodyPart) mp.getBodyPart(0);
        assertThat((String) text.getContent()).contains("Perché no?");
        MimeBodyPart hash = (MimeBodyPart) mp.getBodyPart(1);
        assertThat(hash.getContentType()).startsWith("text/plain");
        assertThat(hash.getFileName()).isEqualTo("fattura.pdf.hash");
        assertThat(hash.getDisposition()).isEqualTo("attachment");
        // SHA-1 of the base64 body exactly as transmitted
        assertThat((String) hash.getContent()).isEqualTo(
                BriefFormTransformer.sha1Hex(Samples.PDF_BASE64.getBytes(StandardCharsets.US_ASCII)))
                .matches("[0-9a-f]{40}");
        // structure and untouched bytes are kept: headers, preamble, text part, epilogue
        String before = s(RawEntity.toCrlf(original));
        String after = s(brief);
        assertThat(after.substring(0, after.indexOf("--b1\r\nContent-Type: text/plain; charset=us-ascii")))
                .isEqualTo(before.substring(0, before.indexOf("--b1\r\nContent-Type: application/pdf")));
        assertThat(after).endsWith("\r\n--b1--\r\nepilogue\r\n").contains("\r\npreamble\r\n");
        assertThat(after).doesNotContain(Samples.PDF_BASE64);
    }

    @Test
    void briefFormShouldLeaveMessagesWithoutAttachmentsByteIdentical() {
        String eml = "From: a@b.it\r\nTo: c@d.it\r\nSubject: x\r\nContent-Type: text/plain\r\n\r\nciao\r\n";
        assertThat(s(BriefFormTransformer.transform(eml.getBytes(StandardCharsets.UTF_8)))).isEqualTo(eml);
    }

    @Test
    void briefFormShouldLeaveOpaqueSmimeUntouched() {
        String eml = "From: a@b.it\r\nContent-Type: application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m\r\n"
                + "Content-Disposition: attachment; filename=smime.p7m\r\nContent-Transfer-Encoding: base64\r\n\r\nMIAGCSqG\r\n";
        assertThat(s(BriefFormTransformer.transform(eml.getBytes(StandardCharsets.UTF_8)))).isEqualTo(eml);
    }

    @Test
    void briefFormShouldKeepTheSignaturePartOfASignedOriginalAndHashItsAttachments() throws Exception {
        // the real Aruba receipt: multipart/signed around text, daticert.xml and postacert.eml
        byte[] brief = BriefFormTransformer.transform(Samples.arubaDelivery());
        String text = s(brief);
        assertThat(text).contains("filename=daticert.xml.hash").contains("filename=postacert.eml.hash")
                .contains("Content-Disposition: attachment; filename=\"smime.p7s\"")
                .contains("This is an S/MIME signed message");
        MimeMessage m = parse(brief);
        MimeMultipart signed = (MimeMultipart) m.getContent();
        assertThat(signed.getCount()).isEqualTo(2);
        assertThat(signed.getBodyPart(1).getFileName()).isEqualTo("smime.p7s");
        MimeMultipart mixed = (MimeMultipart) signed.getBodyPart(0).getContent();
        assertThat(mixed.getCount()).isEqualTo(3);
        assertThat(mixed.getBodyPart(0).getContentType()).startsWith("multipart/alternative");
        assertThat((String) mixed.getBodyPart(1).getContent()).matches("[0-9a-f]{40}");
        assertThat((String) mixed.getBodyPart(2).getContent()).matches("[0-9a-f]{40}");
    }

    @Test
    void briefFormShouldEnterUnnamedForwardedMessagesAndDecodeEncodedNames() throws Exception {
        String eml = String.join("\r\n",
                "From: a@b.it", "Content-Type: multipart/mixed; boundary=outer", "", "--outer",
                "Content-Type: message/rfc822", "", "From: x@y.it", "Content-Type: multipart/mixed; boundary=inner",
                "", "--inner", "Content-Type: text/plain", "", "ciao", "--inner",
                "Content-Type: application/octet-stream; name=\"=?UTF-8?B?cGVyY2jDqS5iaW4=?=\"", "",
                "AAAA", "--inner--", "", "--outer--", "");
        byte[] brief = BriefFormTransformer.transform(eml.getBytes(StandardCharsets.UTF_8));
        MimeMessage m = parse(brief);
        MimeMessage inner = (MimeMessage) ((MimeMultipart) m.getContent()).getBodyPart(0).getContent();
        MimeBodyPart hashed = (MimeBodyPart) ((MimeMultipart) inner.getContent()).getBodyPart(1);
        assertThat(hashed.getFileName()).isEqualTo("perché.bin.hash");
        assertThat((String) hashed.getContent()).isEqualTo(
                BriefFormTransformer.sha1Hex("AAAA".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void briefFormShouldNotThrowOnBrokenMime() {
        String eml = "Content-Type: multipart/mixed; boundary=\"x\"\r\n\r\n--x\r\nContent-Type: text/plain; name=a.txt\r\n\r\nno end";
        String out = s(BriefFormTransformer.transform(eml.getBytes(StandardCharsets.UTF_8)));
        assertThat(out).contains("a.txt.hash").doesNotContain("no end");
        assertThat(BriefFormTransformer.transform(new byte[0])).isEmpty();
        assertThat(s(BriefFormTransformer.transform("Content-Type: ;;;\r\n\r\nx".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("Content-Type: ;;;\r\n\r\nx");
    }
}
