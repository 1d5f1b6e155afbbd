package it.certmail.pec.crypto;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Objects;
import java.util.Properties;

import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignatureEncryptionAlgorithmFinder;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Firma S/MIME del gestore: signs PEC envelopes and receipts as S/MIME v3 {@code multipart/signed} with the
 * signer certificate and its chain included (RFC 6109 §2.1, RFC 5751, RFC 5652).
 *
 * <p>The content is frozen before signing: its headers are computed, it is serialised with CRLF line ends and
 * re-parsed, and the part placed in the result is that parsed copy. A parsed part writes back its stored
 * bytes, so later {@code saveChanges()} or transport cannot change what was signed. The content must not use
 * {@code Content-Transfer-Encoding: binary} with real binary data (bare LFs are turned into CRLF).
 */
public final class SmimeSigner implements MessageSigner {

    private static final String SIGNATURE_FILE_NAME = "smime.p7s";
    /** Labels the SignerInfo as rsaEncryption, as observed providers do (pec-spec §4.2). */
    private static final CMSSignatureEncryptionAlgorithmFinder RSA_ENCRYPTION_LABEL =
            sigAlg -> new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE);

    private static final Session SESSION = Session.getInstance(new Properties());

    private final SigningCredentials credentials;
    private final SignatureProfile profile;

    public SmimeSigner(SigningCredentials credentials) {
        this(credentials, SignatureProfile.DEFAULT);
    }

    public SmimeSigner(SigningCredentials credentials, SignatureProfile profile) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.profile = Objects.requireNonNull(profile, "profile");
    }

    public SignatureProfile profile() {
        return profile;
    }

    @Override
    public String signerAddress() {
        return credentials.signerAddress();
    }

    /**
     * {@inheritDoc}
     *
     * <p>The signingTime is truncated to whole seconds (UTCTime).
     */
    @Override
    public MimeMultipart sign(MimeBodyPart content, Instant signingTime) throws MessagingException {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(signingTime, "signingTime");
        byte[] entity = canonicalEntity(content);
        byte[] p7s = cms(entity, signingTime, false);
        MimeBodyPart frozen = new MimeBodyPart(new ByteArrayInputStream(entity));
        return new SignedMultipart(profile, frozen, signaturePart(p7s));
    }

    /** Detached CMS SignedData (DER) over {@code content}, as in the {@code smime.p7s} part. */
    public byte[] signDetached(byte[] content, Instant signingTime) throws MessagingException {
        return cms(content, signingTime, false);
    }

    /**
     * CMS SignedData (DER) encapsulating {@code content}, e.g. the provider's LDIF published as {@code .p7m}
     * (RFC 6109 §4.5).
     */
    public byte[] signEncapsulated(byte[] content, Instant signingTime) throws MessagingException {
        return cms(content, signingTime, true);
    }

    /**
     * The MIME entity bytes that get signed: headers computed as {@code saveChanges()} would, CRLF line ends,
     * and an explicit top-level Content-Transfer-Encoding so the parsed copy is written back verbatim.
     */
    static byte[] canonicalEntity(MimeBodyPart content) throws MessagingException {
        try {
            MimeMessage carrier = new MimeMessage(SESSION);
            MimeMultipart holder = new MimeMultipart();
            holder.addBodyPart(content);
            carrier.setContent(holder);
            // updateHeaders() is protected: saveChanges() on a carrier reaches it (boundaries, CTE, charset)
            carrier.saveChanges();
            holder.removeBodyPart(content);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            content.writeTo(out);
            byte[] bytes = RawMime.toCrlf(out.toByteArray());
            MimeBodyPart parsed = new MimeBodyPart(new ByteArrayInputStream(bytes));
            if (parsed.getEncoding() == null) {
                String cte = "Content-Transfer-Encoding: " + (RawMime.isSevenBit(bytes) ? "7bit" : "8bit") + "\r\n";
                byte[] header = cte.getBytes(StandardCharsets.US_ASCII);
                byte[] withCte = new byte[header.length + bytes.length];
                System.arraycopy(header, 0, withCte, 0, header.length);
                System.arraycopy(bytes, 0, withCte, header.length, bytes.length);
                bytes = withCte;
            }
            return bytes;
        } catch (IOException e) {
            throw new MessagingException("cannot serialise the content to sign", e);
        }
    }

    private MimeBodyPart signaturePart(byte[] p7s) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        String type = profile.signatureContentType() + "; name=\"" + SIGNATURE_FILE_NAME + "\"";
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(p7s, type)));
        part.setHeader("Content-Type", type);
        part.setHeader("Content-Transfer-Encoding", "base64");
        part.setHeader("Content-Disposition", "attachment; filename=\"" + SIGNATURE_FILE_NAME + "\"");
        part.setHeader("Content-Description", "S/MIME Cryptographic Signature");
        return part;
    }

    private byte[] cms(byte[] content, Instant signingTime, boolean encapsulate) throws MessagingException {
        try {
            DigestCalculatorProvider digests = new JcaDigestCalculatorProviderBuilder().build();
            JcaSignerInfoGeneratorBuilder signerInfo = profile.rsaEncryptionLabel()
                    ? new JcaSignerInfoGeneratorBuilder(digests, RSA_ENCRYPTION_LABEL)
                    : new JcaSignerInfoGeneratorBuilder(digests);
            signerInfo.setSignedAttributeGenerator(new PecSignedAttributes(signingTime));
            // no explicit provider: an HSM (PKCS#11) key picks its own
            ContentSigner signer = new JcaContentSignerBuilder(profile.jcaSignatureAlgorithm())
                    .build(credentials.privateKey());
            CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
            gen.addSignerInfoGenerator(signerInfo.build(signer, credentials.certificate()));
            gen.addCertificates(new JcaCertStore(credentials.certificatePath()));
            return gen.generate(new CMSProcessableByteArray(content), encapsulate).getEncoded(ASN1Encoding.DER);
        } catch (OperatorCreationException | CMSException | GeneralSecurityException | IOException e) {
            throw new MessagingException("S/MIME signing failed: " + e.getMessage(), e);
        }
    }
}
