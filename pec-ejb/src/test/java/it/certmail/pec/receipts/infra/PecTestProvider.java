package it.certmail.pec.receipts.infra;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import it.certmail.pec.crypto.Certificates;
import it.certmail.pec.crypto.LocalPki;
import it.certmail.pec.crypto.ProviderKeyMaterial;
import it.certmail.pec.crypto.SignatureProfile;
import it.certmail.pec.crypto.SigningCredentials;
import it.certmail.pec.crypto.SmimeSigner;
import it.certmail.pec.crypto.SmimeVerifier;
import it.certmail.pec.index.domain.InMemoryProviderIndex;
import it.certmail.pec.index.domain.ProviderIndex;
import it.certmail.pec.index.domain.ProviderRecord;
import it.certmail.pec.index.domain.SigningCertificate;
import it.certmail.pec.receipts.domain.PecMessageIds;
import it.certmail.pec.receipts.domain.Recipient;
import it.certmail.pec.receipts.domain.TransactionFacts;

/**
 * Gestore di prova: one test provider shared by tests that compose, sign and classify PEC messages. Key material
 * is made once per JVM with {@link LocalPki} (our own CA), so the many tests that need it pay the RSA key
 * generation only once. Everything is fixed in time: certificates start at {@link #ISSUED}, messages are made at
 * {@link #TIME}; external verifiers (OpenSSL) must validate at the signing time.
 */
public final class PecTestProvider {

    public static final String NAME = "CertMail Test PEC S.p.A.";
    public static final String DOMAIN = "pec.certmail.test";
    /** The provider's service address: From of every notice, rfc822Name of the signing certificate. */
    public static final String SERVICE_ADDRESS = LocalPki.SERVICE_LOCAL_PART + "@" + DOMAIN;
    /** Our mailReceipt in the index (where other providers send presa in carico and rilevazione virus). */
    public static final String MAIL_RECEIPT = "ricevute@" + DOMAIN;
    public static final Instant ISSUED = Instant.parse("2025-03-03T09:00:00Z");
    /** The transaction time reference of the sample messages (sub-second part on purpose: it is truncated). */
    public static final Instant TIME = Instant.parse("2025-03-10T10:15:30.250Z");

    public static final String SENDER = "mario.rossi@" + DOMAIN;
    public static final String RECIPIENT = "anna.bianchi@pec.altro.test";
    public static final String CC_RECIPIENT = "luca.verdi@example.org";
    public static final String CLIENT_MSGID = "<20250310101500.4711@pc-mario.example>";
    public static final String PEC_MSGID = "opec1.20250310111530.test.1.00000000000000ff@" + DOMAIN;
    /** Decoded subject of the sample original (non-ASCII on purpose). */
    public static final String SUBJECT = "Fattura n. 42 è pronta";

    private static final class Holder {
        static final LocalPki.Generated GENERATED = new LocalPki().generate(NAME, DOMAIN, ISSUED);
    }

    private PecTestProvider() {
    }

    public static ProviderKeyMaterial material() {
        return Holder.GENERATED.material();
    }

    public static SigningCredentials signing() {
        return material().signing();
    }

    public static SmimeSigner signer(SignatureProfile profile) {
        return new SmimeSigner(signing(), profile);
    }

    /** A composer for this provider; Message-IDs from a seeded generator so runs are repeatable. */
    public static PecMessageComposer composer(SignatureProfile profile) {
        return new PecMessageComposer(signer(profile), NAME, DOMAIN,
                new PecMessageIds("test", DOMAIN, new Random(42)));
    }

    /** Our own index record: managedDomains [{@link #DOMAIN}], the signing certificate. */
    public static ProviderRecord record() {
        return record(Set.of(DOMAIN));
    }

    public static ProviderRecord record(Set<String> managedDomains) {
        try {
            return ProviderRecord.of(NAME, null, MAIL_RECEIPT, managedDomains,
                    List.of(SigningCertificate.of(signing().certificate().getEncoded())), null, null);
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An index that holds only our record. */
    public static ProviderIndex index() {
        return InMemoryProviderIndex.of(record());
    }

    /** Verifier anchored at our local CA. */
    public static SmimeVerifier verifier() {
        return new SmimeVerifier(List.of(material().caCertificate()));
    }

    public static PecMessageClassifier classifier() {
        return new PecMessageClassifier(verifier(), index());
    }

    /** Writes the CA certificate as PEM into {@code dir} (for {@code openssl -CAfile}). */
    public static Path writeCaPem(Path dir) throws IOException {
        Path pem = dir.resolve("ca.pem");
        Certificates.writePem(pem, List.of(material().caCertificate()));
        return pem;
    }

    /**
     * A client-submitted original: From/To/Cc, encoded non-ASCII Subject, client Message-ID, X-TipoRicevuta,
     * a text and a PDF attachment. LF line ends, as a test author writes it.
     */
    public static byte[] originalBytes() {
        String eml = "Return-Path: <" + SENDER + ">\n"
                + "Received: from pc-mario.example (pc-mario.example [192.0.2.10])\n"
                + "\tby smtp." + DOMAIN + " with ESMTPSA; Mon, 10 Mar 2025 11:15:29 +0100\n"
                + "From: Mario Rossi <" + SENDER + ">\n"
                + "To: Anna Bianchi <" + RECIPIENT + ">\n"
                + "Cc: " + CC_RECIPIENT + "\n"
                + "Subject: =?UTF-8?Q?Fattura_n._42_=C3=A8_pronta?=\n"
                + "Date: Mon, 10 Mar 2025 11:15:00 +0100\n"
                + "Message-ID: " + CLIENT_MSGID + "\n"
                + "X-TipoRicevuta: completa\n"
                + "MIME-Version: 1.0\n"
                + "Content-Type: multipart/mixed; boundary=\"=_b1\"\n"
                + "\n"
                + "--=_b1\n"
                + "Content-Type: text/plain; charset=UTF-8\n"
                + "Content-Transfer-Encoding: 8bit\n"
                + "\n"
                + "Buongiorno,\nin allegato la fattura n. 42.\n"
                + "--=_b1\n"
                + "Content-Type: application/pdf; name=\"fattura-42.pdf\"\n"
                + "Content-Disposition: attachment; filename=\"fattura-42.pdf\"\n"
                + "Content-Transfer-Encoding: base64\n"
                + "\n"
                + "JVBERi0xLjQKJcfsj6IKMSAwIG9iago8PC9UeXBlL0NhdGFsb2c+PgplbmRvYmoKdHJhaWxlcgo8PC9Sb290IDEg\n"
                + "MCBSPj4KJSVFT0YK\n"
                + "--=_b1--\n";
        return eml.getBytes(StandardCharsets.UTF_8);
    }

    public static OriginalMessage original() {
        try {
            return OriginalMessage.of(originalBytes());
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The recipients as the access point certifies them: the To recipient PEC, the Cc one ordinary mail. */
    public static List<Recipient> recipients() {
        return List.of(Recipient.certified(RECIPIENT), Recipient.external(CC_RECIPIENT));
    }

    /** The transaction of {@link #original()} with {@link #PEC_MSGID}. */
    public static TransactionFacts facts() {
        try {
            return original().facts(SENDER, recipients(), PEC_MSGID);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The bytes a message is sent as. */
    public static byte[] bytes(MimeMessage message) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            message.writeTo(out);
            return out.toByteArray();
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A copy with one byte changed inside the signed entity: the first letter of the first {@code text/plain} body
     * (quoted-printable stays valid) has its case flipped.
     */
    public static byte[] tamperSignedText(byte[] raw) {
        String s = new String(raw, StandardCharsets.ISO_8859_1);
        int type = s.indexOf("Content-Type: text/plain");
        if (type < 0) {
            throw new IllegalArgumentException("no text/plain part");
        }
        int body = s.indexOf("\r\n\r\n", type);
        int lf = s.indexOf("\n\n", type);
        int start = body < 0 || (lf >= 0 && lf < body) ? lf + 2 : body + 4;
        for (int i = start; i < raw.length; i++) {
            char c = s.charAt(i);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
                byte[] copy = raw.clone();
                copy[i] = (byte) (Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
                return copy;
            }
        }
        throw new IllegalArgumentException("no letter in the text/plain body");
    }

    /**
     * The decoded bodies of the parts named {@code fileName} (case-insensitive) inside {@code part}, without
     * descending into attached messages.
     */
    public static List<byte[]> attachments(Part part, String fileName) {
        List<byte[]> found = new ArrayList<>();
        try {
            collect(part, fileName.toLowerCase(Locale.ROOT), found);
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }

    private static void collect(Part part, String name, List<byte[]> found) throws IOException, MessagingException {
        String fn = part.getFileName();
        if (fn != null && fn.toLowerCase(Locale.ROOT).equals(name)) {
            try (InputStream in = part.getInputStream()) {
                found.add(in.readAllBytes());
            }
            return;
        }
        if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart mp) {
            for (int i = 0; i < mp.getCount(); i++) {
                collect(mp.getBodyPart(i), name, found);
            }
        }
    }
}
