package it.certmail.pec.receipts.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Properties;

import jakarta.mail.BodyPart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.mail.smime.SMIMESigned;

/** A composed PEC message taken apart the way a receiving client does: bytes, signature check, parts. */
record SignedPec(MimeMessage message, byte[] bytes, MimeMultipart mixed, BodyPart plain, BodyPart html,
        BodyPart daticertPart, BodyPart postacertPart, X509Certificate signer) {

    static final Session SESSION = Session.getInstance(new Properties());

    static SignedPec of(MimeMessage composed) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        composed.writeTo(out);
        byte[] bytes = out.toByteArray();
        MimeMessage msg = new MimeMessage(SESSION, new ByteArrayInputStream(bytes));
        assertThat(msg.getContentType()).startsWith("multipart/signed");
        SMIMESigned signed = new SMIMESigned((MimeMultipart) msg.getContent());
        X509Certificate cert = verify(signed);
        MimeBodyPart content = signed.getContent();
        assertThat(content.getContentType()).startsWith("multipart/mixed");
        MimeMultipart mixed = (MimeMultipart) content.getContent();
        BodyPart alternative = mixed.getBodyPart(0);
        assertThat(alternative.getContentType()).startsWith("multipart/alternative");
        MimeMultipart alt = (MimeMultipart) alternative.getContent();
        assertThat(alt.getCount()).isEqualTo(2);
        BodyPart daticert = null;
        BodyPart postacert = null;
        for (int i = 1; i < mixed.getCount(); i++) {
            BodyPart p = mixed.getBodyPart(i);
            if ("daticert.xml".equals(p.getFileName())) {
                daticert = p;
            } else if ("postacert.eml".equals(p.getFileName())) {
                postacert = p;
            } else {
                throw new AssertionError("unexpected part " + p.getContentType());
            }
        }
        return new SignedPec(msg, bytes, mixed, alt.getBodyPart(0), alt.getBodyPart(1), daticert, postacert, cert);
    }

    /** Verifies every signer with the certificate carried in the signature; returns the signer's certificate. */
    static X509Certificate verify(SMIMESigned signed) throws Exception {
        Collection<SignerInformation> signers = signed.getSignerInfos().getSigners();
        assertThat(signers).hasSize(1);
        SignerInformation si = signers.iterator().next();
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> certs = signed.getCertificates().getMatches(si.getSID());
        X509CertificateHolder holder = certs.iterator().next();
        assertThat(si.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider("BC").build(holder)))
                .as("signature verifies").isTrue();
        return new JcaX509CertificateConverter().getCertificate(holder);
    }

    byte[] daticert() throws Exception {
        return ((MimeBodyPart) daticertPart).getInputStream().readAllBytes();
    }

    /** The raw bytes of postacert.eml as carried (7bit/8bit: undecoded). */
    byte[] postacert() throws Exception {
        return ((MimeBodyPart) postacertPart).getRawInputStream().readAllBytes();
    }

    String header(String name) throws Exception {
        return message.getHeader(name, ",");
    }
}
