package it.certmail.pec.bench.crypto;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import jakarta.activation.DataHandler;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;

import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import it.certmail.pec.crypto.LocalPki;
import it.certmail.pec.crypto.ProviderKeyMaterial;
import it.certmail.pec.crypto.RsaProvider;
import it.certmail.pec.crypto.SignatureCheck;
import it.certmail.pec.crypto.SignatureProfile;
import it.certmail.pec.crypto.SmimeSigner;
import it.certmail.pec.crypto.SmimeVerifier;

/**
 * CMS sign and verify of a 4 KB PEC envelope (busta di trasporto: text, daticert.xml, postacert.eml) with the
 * provider's RSA-2048 key, through the native Amazon Corretto Crypto Provider and through the JDK.
 *
 * <ul>
 * <li>{@code cmsSign}: the detached CMS SignedData over the envelope's canonical bytes (what the signer adds
 * per message: digest, signed attributes, RSA, DER);</li>
 * <li>{@code cmsVerify}: the SignerInfo check of that signature (digest + RSA public operation);</li>
 * <li>{@code smimeSign}: {@link SmimeSigner#sign} of the MIME content and the signed message written out;</li>
 * <li>{@code smimeVerify}: {@link SmimeVerifier#verify} of the whole message as received (MIME parse, signature,
 * certificate validity and PKIX chain).</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CmsSignVerifyBenchmark {

    private static final Session SESSION = Session.getInstance(new Properties());
    private static final int ENVELOPE_BYTES = 4096;

    @Param({"native", "jdk"})
    public String provider;

    private RsaProvider rsa;
    private SmimeSigner signer;
    private SmimeVerifier verifier;
    private MimeBodyPart content;
    private byte[] entity;
    private byte[] p7s;
    private byte[] wire;
    private PublicKey signerKey;
    private Instant signingTime;

    @Setup
    public void setUp() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ProviderKeyMaterial keys = new LocalPki().generate("PEC Bench", "pec.bench.example", now.minusSeconds(3600))
                .material();
        rsa = "native".equals(provider) ? RsaProvider.select(true) : RsaProvider.JDK;
        if ("native".equals(provider) && !rsa.isNative()) {
            throw new IllegalStateException("the native provider did not load on this machine");
        }
        signer = new SmimeSigner(keys.signing(), SignatureProfile.SHA256, rsa);
        verifier = new SmimeVerifier(List.of(keys.caCertificate()), Clock.systemUTC(), rsa);
        signerKey = keys.signing().certificate().getPublicKey();
        signingTime = now.minusSeconds(60);
        content = envelopeContent();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        content.writeTo(out);
        entity = out.toByteArray();
        if (entity.length < ENVELOPE_BYTES || entity.length > ENVELOPE_BYTES * 3 / 2) {
            throw new IllegalStateException("envelope of " + entity.length + " bytes, not about 4 KB");
        }
        p7s = signer.signDetached(entity, signingTime);
        wire = smimeSign();
        SignatureCheck check = verifier.verify(wire);
        if (!check.valid() || !cmsVerify()) {
            throw new IllegalStateException("the benchmark's own signature does not verify: " + check.problems());
        }
    }

    /** About 4 KB on the wire: a short text, a daticert.xml and the original message as postacert.eml. */
    private static MimeBodyPart envelopeContent() throws Exception {
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Messaggio di posta certificata\r\nIl giorno 06/12/2026 alle ore 09:00:00 (+0100) il messaggio "
                + "\"Fattura\" è stato inviato da \"mario.rossi@pec.bench.example\".\r\n", "UTF-8");
        MimeBodyPart daticert = new MimeBodyPart();
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<postacert tipo=\"posta-certificata\" "
                + "errore=\"nessuno\"><intestazione><mittente>mario.rossi@pec.bench.example</mittente>"
                + "<destinatari tipo=\"certificato\">anna.bianchi@pec.bench.example</destinatari>"
                + "<risposte>mario.rossi@pec.bench.example</risposte><oggetto>Fattura</oggetto></intestazione>"
                + "<dati><gestore-emittente>PEC Bench</gestore-emittente><data zona=\"+0100\"><giorno>06/12/2026"
                + "</giorno><ora>09:00:00</ora></data><identificativo>opec.20261206.0001@pec.bench.example"
                + "</identificativo><msgid>&lt;x@client&gt;</msgid></dati></postacert>\n";
        daticert.setDataHandler(new DataHandler(new ByteArrayDataSource(xml.getBytes(StandardCharsets.UTF_8),
                "application/xml")));
        daticert.setFileName("daticert.xml");
        MimeMessage original = new MimeMessage(SESSION);
        original.setFrom(new InternetAddress("mario.rossi@pec.bench.example"));
        original.setSubject("Fattura");
        original.setText("Buongiorno,\r\n" + "in allegato la fattura del mese. ".repeat(82) + "\r\n", "UTF-8");
        original.saveChanges();
        MimeBodyPart postacert = new MimeBodyPart();
        postacert.setContent(original, "message/rfc822");
        postacert.setFileName("postacert.eml");
        MimeMultipart mixed = new MimeMultipart("mixed");
        mixed.addBodyPart(text);
        mixed.addBodyPart(daticert);
        mixed.addBodyPart(postacert);
        MimeBodyPart part = new MimeBodyPart();
        part.setContent(mixed);
        part.setHeader("Content-Transfer-Encoding", "8bit");
        return part;
    }

    @Benchmark
    public byte[] cmsSign() throws Exception {
        return signer.signDetached(entity, signingTime);
    }

    @Benchmark
    public boolean cmsVerify() throws Exception {
        CMSSignedData sd = new CMSSignedData(new CMSProcessableByteArray(entity), p7s);
        SignerInformation si = sd.getSignerInfos().getSigners().iterator().next();
        JcaSimpleSignerInfoVerifierBuilder builder = new JcaSimpleSignerInfoVerifierBuilder();
        rsa.forVerifying(signerKey).ifPresent(builder::setProvider);
        return si.verify(builder.build(signerKey));
    }

    @Benchmark
    public byte[] smimeSign() throws Exception {
        MimeMultipart signed = signer.sign(content, signingTime);
        try {
            MimeMessage msg = new MimeMessage(SESSION);
            msg.setFrom(new InternetAddress(signer.signerAddress()));
            msg.setSubject("POSTA CERTIFICATA: Fattura");
            msg.setContent(signed);
            msg.saveChanges();
            ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
            msg.writeTo(out);
            return out.toByteArray();
        } finally {
            if (signed instanceof Closeable c) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // a spool in memory for 4 KB: nothing to release
                }
            }
        }
    }

    @Benchmark
    public boolean smimeVerify() {
        return verifier.verify(wire).valid();
    }
}
