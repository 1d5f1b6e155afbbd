package it.certmail.pec.crypto;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Map;
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
import org.bouncycastle.cms.CMSTypedData;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

import it.certmail.pec.mime.CrlfOutputStream;
import it.certmail.pec.mime.Spool;

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

    /** Labels the SignerInfo as rsaEncryption, as observed providers do (pec-spec §4.2). */
    private static final CMSSignatureEncryptionAlgorithmFinder RSA_ENCRYPTION_LABEL =
            sigAlg -> new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE);

    private static final Session SESSION = Session.getInstance(new Properties());

    private final SigningCredentials credentials;
    private final SignatureProfile profile;
    private final RsaProvider rsa;
    // immutable and the same for every signature: made once, not four times per PEC message
    private final DigestCalculatorProvider digests;
    private final JcaCertStore chain;
    /** the private key as the signing provider's own object: converted once, not at each signature */
    private final PrivateKey signingKey;

    public SmimeSigner(SigningCredentials credentials) {
        this(credentials, SignatureProfile.DEFAULT);
    }

    public SmimeSigner(SigningCredentials credentials, SignatureProfile profile) {
        this(credentials, profile, RsaProvider.JDK);
    }

    /** @param rsa computes the RSA signature (native when selected at start, else the JDK) */
    public SmimeSigner(SigningCredentials credentials, SignatureProfile profile, RsaProvider rsa) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.profile = Objects.requireNonNull(profile, "profile");
        this.rsa = Objects.requireNonNull(rsa, "rsa");
        this.signingKey = rsa.signingKey(credentials.privateKey());
        try {
            this.digests = new JcaDigestCalculatorProviderBuilder().build();
            this.chain = new JcaCertStore(credentials.certificatePath());
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot prepare the signer: " + e.getMessage(), e);
        }
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
     * <p>The signingTime is truncated to whole seconds (UTCTime). The content is serialised once into a
     * {@link Spool} (a temporary file when large), digested from there and placed in the result as a part that
     * reads from it: the returned multipart is {@link java.io.Closeable}, and closing it deletes that spool.
     */
    @Override
    public MimeMultipart sign(MimeBodyPart content, Instant signingTime) throws MessagingException {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(signingTime, "signingTime");
        Spool entity = canonicalEntity(content);
        try {
            DetachedSignature signature = signEntity(entity, signingTime);
            MimeBodyPart frozen = new MimeBodyPart(entity.openShared());
            return new SignedMultipart(signature, frozen, signaturePart(signature), entity);
        } catch (IOException e) {
            entity.close();
            throw new MessagingException("cannot read the content to sign", e);
        } catch (MessagingException | RuntimeException e) {
            entity.close();
            throw e;
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>The signingTime is truncated to whole seconds (UTCTime). The entity is streamed through the digest as
     * stored: it must already be canonical.
     */
    @Override
    public DetachedSignature signEntity(Spool entity, Instant signingTime) throws MessagingException {
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(signingTime, "signingTime");
        return new DetachedSignature(cms(new SpoolContent(entity, 0, entity.size(), false), signingTime, false),
                profile);
    }

    /** Detached CMS SignedData (DER) over {@code content}, as in the {@code smime.p7s} part. */
    public byte[] signDetached(byte[] content, Instant signingTime) throws MessagingException {
        return cms(new CMSProcessableByteArray(content), signingTime, false);
    }

    /**
     * CMS SignedData (DER) encapsulating {@code content}, e.g. the provider's LDIF published as {@code .p7m}
     * (RFC 6109 §4.5).
     */
    public byte[] signEncapsulated(byte[] content, Instant signingTime) throws MessagingException {
        return cms(new CMSProcessableByteArray(content), signingTime, true);
    }

    /**
     * The MIME entity bytes that get signed: headers computed as {@code saveChanges()} would, CRLF line ends,
     * and an explicit top-level Content-Transfer-Encoding so the parsed copy is written back verbatim (set by the
     * caller, or added here in front of the other fields when missing).
     */
    static Spool canonicalEntity(MimeBodyPart content) throws MessagingException {
        Spool spool = Spool.create();
        try {
            MimeMessage carrier = new Carrier();
            MimeMultipart holder = new MimeMultipart();
            holder.addBodyPart(content);
            carrier.setContent(holder);
            // updateHeaders() is protected: saveChanges() on a carrier reaches it (boundaries, CTE, charset)
            carrier.saveChanges();
            holder.removeBodyPart(content);
            boolean eightBit;
            try (CrlfOutputStream out = new CrlfOutputStream(spool.output(), true)) {
                content.writeTo(out);
                eightBit = out.eightBit();
            }
            if (content.getEncoding() != null) {
                return spool;
            }
            // rare (callers other than the composer): the line goes first, so the bytes are copied once more
            Spool withCte = Spool.create();
            try (OutputStream out = withCte.output()) {
                out.write(("Content-Transfer-Encoding: " + (eightBit ? "8bit" : "7bit") + "\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                spool.writeTo(out);
            } catch (IOException | RuntimeException e) {
                withCte.close();
                throw e;
            } finally {
                spool.close();
            }
            return withCte;
        } catch (IOException e) {
            spool.close();
            throw new MessagingException("cannot serialise the content to sign", e);
        } catch (MessagingException | RuntimeException e) {
            spool.close();
            throw e;
        }
    }

    /**
     * Only there for its {@code saveChanges()}: no Message-ID of its own, which Jakarta Mail would make from the
     * host's name (an {@code InetAddress.getLocalHost()} per signature).
     */
    private static final class Carrier extends MimeMessage {
        Carrier() {
            super(SESSION);
        }

        @Override
        protected void updateMessageID() {
            // never written out
        }
    }

    private static MimeBodyPart signaturePart(DetachedSignature signature) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(signature.der(), signature.partContentType())));
        for (Map.Entry<String, String> field : signature.partHeaders()) {
            part.setHeader(field.getKey(), field.getValue());
        }
        return part;
    }

    private byte[] cms(CMSTypedData content, Instant signingTime, boolean encapsulate) throws MessagingException {
        try {
            JcaSignerInfoGeneratorBuilder signerInfo = profile.rsaEncryptionLabel()
                    ? new JcaSignerInfoGeneratorBuilder(digests, RSA_ENCRYPTION_LABEL)
                    : new JcaSignerInfoGeneratorBuilder(digests);
            signerInfo.setSignedAttributeGenerator(new PecSignedAttributes(signingTime));
            // a software RSA key signs natively when selected; an HSM (PKCS#11) key picks its own provider
            JcaContentSignerBuilder signerBuilder = new JcaContentSignerBuilder(profile.jcaSignatureAlgorithm());
            rsa.forSigning(signingKey).ifPresent(signerBuilder::setProvider);
            ContentSigner signer = signerBuilder.build(signingKey);
            CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
            gen.addSignerInfoGenerator(signerInfo.build(signer, credentials.certificate()));
            gen.addCertificates(chain);
            // detached: the generator only streams the content through the digest
            return gen.generate(content, encapsulate).getEncoded(ASN1Encoding.DER);
        } catch (OperatorCreationException | CMSException | GeneralSecurityException | IOException e) {
            throw new MessagingException("S/MIME signing failed: " + e.getMessage(), e);
        }
    }
}
