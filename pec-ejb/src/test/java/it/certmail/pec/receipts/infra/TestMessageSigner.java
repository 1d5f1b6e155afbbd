package it.certmail.pec.receipts.infra;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMultipart;

import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.SignerInfoGenerator;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.mail.smime.SMIMESignedGenerator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import it.certmail.pec.crypto.DetachedSignature;
import it.certmail.pec.crypto.MessageSigner;
import it.certmail.pec.crypto.SignatureProfile;
import it.certmail.pec.mime.Spool;

/** Test-only {@link MessageSigner}: BouncyCastle S/MIME with a throwaway self-signed key. Not production crypto. */
public final class TestMessageSigner implements MessageSigner {

    private static volatile TestMessageSigner shared;

    private final String address;
    private final KeyPair keys;
    private final X509Certificate certificate;

    public TestMessageSigner(String address) {
        if (Security.getProvider("BC") == null) {
            Security.addProvider(new BouncyCastleProvider());
        }
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048);
            this.keys = gen.generateKeyPair();
            X500Name name = new X500Name("CN=Posta Certificata TEST, O=Test");
            Instant now = Instant.parse("2015-01-01T00:00:00Z");
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
                    Date.from(now), Date.from(now.plus(Duration.ofDays(365 * 30))), name, keys.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.rfc822Name, address)));
            this.certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
            this.address = address;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** One key per test JVM: RSA key generation is slow. */
    public static TestMessageSigner shared() {
        if (shared == null) {
            synchronized (TestMessageSigner.class) {
                if (shared == null) {
                    shared = new TestMessageSigner("posta-certificata@pec.example.it");
                }
            }
        }
        return shared;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    @Override
    public MimeMultipart sign(MimeBodyPart content, Instant signingTime) throws MessagingException {
        try {
            SMIMESignedGenerator gen = new SMIMESignedGenerator(SMIMESignedGenerator.RFC3851_MICALGS);
            gen.addSignerInfoGenerator(signerInfo(signingTime));
            gen.addCertificates(new JcaCertStore(List.of(certificate)));
            return gen.generate(content);
        } catch (Exception e) {
            throw new MessagingException("test signing failed", e);
        }
    }

    @Override
    public DetachedSignature signEntity(Spool entity, Instant signingTime) throws MessagingException {
        try {
            CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
            gen.addSignerInfoGenerator(signerInfo(signingTime));
            gen.addCertificates(new JcaCertStore(List.of(certificate)));
            byte[] content = entity.toByteArray(Integer.MAX_VALUE);
            return new DetachedSignature(gen.generate(new CMSProcessableByteArray(content), false).getEncoded(),
                    SignatureProfile.SHA256);
        } catch (Exception e) {
            throw new MessagingException("test signing failed", e);
        }
    }

    private SignerInfoGenerator signerInfo(Instant signingTime) throws Exception {
        ASN1EncodableVector attributes = new ASN1EncodableVector();
        attributes.add(new Attribute(CMSAttributes.signingTime, new DERSet(new Time(Date.from(signingTime)))));
        return new JcaSimpleSignerInfoGeneratorBuilder().setProvider("BC")
                .setSignedAttributeGenerator(new AttributeTable(attributes))
                .build("SHA256withRSA", keys.getPrivate(), certificate);
    }

    @Override
    public String signerAddress() {
        return address;
    }
}
