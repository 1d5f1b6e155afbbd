package it.certmail.pec.receipts.infra;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.bouncycastle.mail.smime.SMIMESigned;

import it.certmail.pec.receipts.domain.Vectors;

/** Test originals. */
final class Samples {

    static final String PDF_BASE64 = "JVBERi0xLjQKJcOkw7zDtsOfCjIgMCBvYmoKPDwvTGVuZ3RoIDMgMCBSPj4Kc3RyZWFtCg==";

    private Samples() {
    }

    /** A user message with a text body and a PDF attachment, LF line endings, asking for the brief form. */
    static byte[] userMessage() {
        String eml = """
                Received: from [10.0.0.1] (client.example.com [10.0.0.1])
                \tby smtps.pec.example.it with ESMTPSA; Tue, 13 Nov 2018 16:39:26 +0100
                From: Mario Rossi <mario.rossi@pec.example.it>
                To: anna@pec.other.it, esterno@gmail.com
                Cc: luca@pec.other.it
                Subject: =?UTF-8?Q?Fattura_n=C2=B0_12_=E2=82=AC?=
                Date: Tue, 13 Nov 2018 16:39:20 +0100
                Message-ID: <client-123@mua.example.com>
                X-TipoRicevuta: breve
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="b1"

                preamble
                --b1
                Content-Type: text/plain; charset=utf-8
                Content-Transfer-Encoding: 8bit

                Buongiorno, in allegato la fattura. Perché no?
                --b1
                Content-Type: application/pdf; name="fattura.pdf"
                Content-Disposition: attachment; filename="fattura.pdf"
                Content-Transfer-Encoding: base64

                %s
                --b1--
                epilogue
                """.formatted(PDF_BASE64);
        return eml.getBytes(StandardCharsets.UTF_8);
    }

    /** The real Aruba delivery receipt (signed, LF line endings). */
    static byte[] arubaDelivery() {
        return Vectors.bytes("aruba-2018-ricevuta-avvenuta-consegna.eml");
    }

    /** The postacert.eml carried by the real Aruba delivery receipt: a real original, PEC msgid already set. */
    static byte[] arubaPostacert() throws Exception {
        MimeMessage msg = new MimeMessage(SignedPec.SESSION, new ByteArrayInputStream(arubaDelivery()));
        MimeBodyPart content = new SMIMESigned((MimeMultipart) msg.getContent()).getContent();
        MimeMultipart mixed = (MimeMultipart) content.getContent();
        for (int i = 0; i < mixed.getCount(); i++) {
            MimeBodyPart p = (MimeBodyPart) mixed.getBodyPart(i);
            if ("postacert.eml".equals(p.getFileName())) {
                return p.getRawInputStream().readAllBytes();
            }
        }
        throw new AssertionError("no postacert.eml");
    }
}
