package it.certmail.pec.crypto;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.Provider;
import java.security.PublicKey;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import jakarta.activation.DataSource;
import jakarta.mail.BodyPart;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.SharedInputStream;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSProcessable;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignerDigestMismatchException;
import org.bouncycastle.cms.CMSTypedData;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignerDigestMismatchException;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;

import it.certmail.pec.mime.CrlfOutputStream;
import it.certmail.pec.mime.Spool;

/**
 * Verifica della firma S/MIME: checks the provider signature of a PEC message (RFC 6109 §2.2.2, §3.2.1).
 * Never throws: every failure becomes a {@link SignatureCheck} with {@code problems}.
 *
 * <p>Handles {@code multipart/signed} (the PEC form) and {@code application/pkcs7-mime} signed-data. For
 * {@code multipart/signed} the signed entity is taken byte-exact from the raw message and checked in canonical
 * CRLF form first, then as stored; stored {@code .eml} files with LF line ends therefore verify. The chain is
 * validated with the JDK PKIX builder at the signing time, revocation off. The builder finds each issuer by the
 * authorityKeyIdentifier and the anchor by its key, not by name alone (AgID CA1 exists as two certificates with one
 * name: {@code SameNamedAnchorsTest}). Content integrity, chain and certificate validity at signing time and now
 * are separate facts of the {@link SignatureCheck}.
 */
public final class SmimeVerifier {

    private static final Map<String, String> DIGEST_NAMES = Map.of(
            "1.3.14.3.2.26", "SHA-1",
            "2.16.840.1.101.3.4.2.4", "SHA-224",
            "2.16.840.1.101.3.4.2.1", "SHA-256",
            "2.16.840.1.101.3.4.2.2", "SHA-384",
            "2.16.840.1.101.3.4.2.3", "SHA-512",
            "1.2.840.113549.2.5", "MD5");

    private static final Session SESSION = Session.getInstance(new Properties());
    /** The reason given when the content's digest is not the signed one. */
    public static final String CONTENT_ALTERED =
            "signature does not match the content: altered after signing (its digest is not the signed one)";

    private final Set<TrustAnchor> anchors;
    private final Clock clock;
    private final RsaProvider rsa;

    /**
     * @param trustAnchors certificates trusted as path ends (e.g. AgID CA1, or the local CA); may be empty,
     *                     then no chain is ever trusted
     * @param clock        the verifier's now: whether the certificate is still valid, and the chain's time when a
     *                     signature lacks signingTime
     */
    public SmimeVerifier(Collection<X509Certificate> trustAnchors, Clock clock) {
        this(trustAnchors, clock, RsaProvider.JDK);
    }

    /** @param rsa checks RSA signatures (native when selected at start, else the JDK) */
    public SmimeVerifier(Collection<X509Certificate> trustAnchors, Clock clock, RsaProvider rsa) {
        this.rsa = Objects.requireNonNull(rsa, "rsa");
        Set<TrustAnchor> set = new HashSet<>();
        for (X509Certificate c : trustAnchors) {
            set.add(new TrustAnchor(c, null));
        }
        this.anchors = Set.copyOf(set);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public SmimeVerifier(Collection<X509Certificate> trustAnchors) {
        this(trustAnchors, Clock.systemUTC());
    }

    /** Verifies a message as it would go on the wire ({@code writeTo} bytes). */
    public SignatureCheck verify(MimeMessage message) {
        if (message == null) {
            return SignatureCheck.unsigned(List.of("no message"));
        }
        try (Spool raw = Spool.create()) {
            try (OutputStream out = raw.output()) {
                message.writeTo(out);
            }
            return verify(raw);
        } catch (Exception e) {
            return SignatureCheck.unsigned(List.of("cannot serialise message: " + describe(e)));
        }
    }

    /** Verifies a raw RFC 5322 message (CRLF or LF line ends). */
    public SignatureCheck verify(byte[] raw) {
        if (raw == null || raw.length == 0) {
            return SignatureCheck.unsigned(List.of("empty input"));
        }
        try (Spool spool = Spool.of(raw)) {
            return verify(spool);
        }
    }

    /**
     * Verifies a raw RFC 5322 message (CRLF or LF line ends) held in a spool, reading it as a stream: the signed
     * content is digested from the spool and {@link SignatureCheck#signedContent()} reads from it, so it is valid
     * while the spool is open.
     */
    public SignatureCheck verify(Spool raw) {
        if (raw == null || raw.size() == 0) {
            return SignatureCheck.unsigned(List.of("empty input"));
        }
        try {
            MimeMessage msg = new MimeMessage(SESSION, raw.openShared());
            ContentType type = new ContentType(msg.getContentType());
            if (type.match("multipart/signed")) {
                return verifyMultipartSigned(raw, type);
            }
            if (type.match("application/pkcs7-mime") || type.match("application/x-pkcs7-mime")) {
                return verifyEncapsulated(msg.getInputStream().readAllBytes());
            }
            return SignatureCheck.unsigned(List.of("not S/MIME signed: Content-Type " + type.getBaseType()));
        } catch (Exception e) {
            return SignatureCheck.unsigned(List.of("unreadable message: " + describe(e)));
        }
    }

    /**
     * Verifies a detached CMS SignedData (DER) over {@code content}, as {@link SmimeSigner#signDetached} makes it
     * (e.g. the daily seals of the registro). The result has no {@code signedContent}.
     */
    public SignatureCheck verifyDetached(byte[] content, byte[] cms) {
        if (cms == null || cms.length == 0) {
            return SignatureCheck.unsigned(List.of("no signature"));
        }
        try {
            Result result = check(new CMSSignedData(new CMSProcessableByteArray(content), cms));
            return result.toCheck(null, result.problems);
        } catch (Exception e) {
            return SignatureCheck.unsigned(List.of("unreadable signature: " + describe(e)));
        }
    }

    private SignatureCheck verifyMultipartSigned(Spool raw, ContentType type) throws Exception {
        List<String> problems = new ArrayList<>();
        String boundary = type.getParameter("boundary");
        long body;
        try (InputStream in = raw.open()) {
            body = RawMime.bodyStart(in);
        }
        if (boundary == null || body < 0) {
            return SignatureCheck.unsigned(List.of("multipart/signed without boundary or body"));
        }
        long[] range;
        try (InputStream in = raw.open()) {
            range = RawMime.firstPartRange(in, body, boundary);
        }
        if (range == null) {
            return SignatureCheck.unsigned(List.of("multipart/signed: first part not found"));
        }
        MimeMultipart mp = new MimeMultipart(new RangeDataSource(raw, body, type.toString()));
        byte[] p7s = null;
        for (int i = 1; i < mp.getCount() && p7s == null; i++) {
            BodyPart part = mp.getBodyPart(i);
            if (part.isMimeType("application/pkcs7-signature") || part.isMimeType("application/x-pkcs7-signature")) {
                p7s = part.getInputStream().readAllBytes();
            }
        }
        if (p7s == null) {
            return SignatureCheck.unsigned(List.of("multipart/signed without a pkcs7-signature part"));
        }
        SpoolContent canonical = new SpoolContent(raw, range[0], range[1], true);
        Result result = check(new CMSSignedData(canonical, p7s));
        boolean asStored = !canonical.changesLineEnds();
        if (!result.signatureValid && !asStored) {
            Result stored = check(new CMSSignedData(new SpoolContent(raw, range[0], range[1], false), p7s));
            if (stored.signatureValid) {
                result = stored;
                asStored = true;
            }
        }
        problems.addAll(result.problems);
        MimeBodyPart content = asStored ? parsePart(raw, range, problems) : parsePart(canonical, problems);
        return result.toCheck(content, problems);
    }

    private SignatureCheck verifyEncapsulated(byte[] der) throws Exception {
        List<String> problems = new ArrayList<>();
        CMSSignedData sd = new CMSSignedData(der);
        CMSProcessable signed = sd.getSignedContent();
        if (signed == null || !(signed.getContent() instanceof byte[] bytes)) {
            return SignatureCheck.unsigned(List.of("pkcs7-mime without encapsulated content"));
        }
        Result result = check(sd);
        problems.addAll(result.problems);
        return result.toCheck(parsePart(bytes, problems), problems);
    }

    /** Checks signature, validity and chain of the (first) signer. */
    private Result check(CMSSignedData sd) {
        Result r = new Result();
        try {
            Collection<SignerInformation> signers = sd.getSignerInfos().getSigners();
            if (signers.isEmpty()) {
                r.problems.add("no SignerInfo");
                return r;
            }
            if (signers.size() > 1) {
                r.problems.add(signers.size() + " signers: only the first is checked");
            }
            SignerInformation si = signers.iterator().next();
            r.digestAlgorithm = DIGEST_NAMES.getOrDefault(si.getDigestAlgOID(), si.getDigestAlgOID());
            r.signingTime = signingTime(si);
            List<X509Certificate> included = new ArrayList<>();
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            for (X509CertificateHolder h : sd.getCertificates().getMatches(null)) {
                included.add(converter.getCertificate(h));
            }
            @SuppressWarnings("unchecked")
            Iterator<X509CertificateHolder> match = sd.getCertificates().getMatches(si.getSID()).iterator();
            if (!match.hasNext()) {
                r.problems.add("signer certificate not included in the signature");
                return r;
            }
            X509Certificate signer = converter.getCertificate(match.next());
            r.signer = signer;
            r.signerAddress = Certificates.firstRfc822Name(signer);
            if (r.signerAddress == null) {
                r.problems.add("signer certificate has no rfc822Name in subjectAltName");
            }
            try {
                r.signatureValid = verifySignature(si, signer.getPublicKey());
                if (!r.signatureValid) {
                    r.problems.add("signature does not match the signed content");
                }
            } catch (CMSSignerDigestMismatchException e) {
                r.problems.add(CONTENT_ALTERED);
            } catch (Exception e) {
                r.problems.add("signature check failed: " + describe(e));
            }
            Instant at = r.signingTime;
            if (at == null) {
                at = clock.instant();
                r.problems.add("no signingTime attribute: certificates checked at " + at);
            }
            try {
                signer.checkValidity(Date.from(clock.instant()));
                r.validNow = true;
            } catch (CertificateExpiredException | CertificateNotYetValidException e) {
                // a fact of its own, not a problem: an archived message is judged as of its signing time
            }
            try {
                signer.checkValidity(Date.from(at));
                r.validAtSigningTime = true;
            } catch (CertificateExpiredException | CertificateNotYetValidException e) {
                r.problems.add("signer certificate not valid at " + at + " (" + signer.getNotBefore().toInstant()
                        + " - " + signer.getNotAfter().toInstant() + ")");
            }
            r.chainTrusted = chainTrusted(signer, included, at, r.problems);
        } catch (Exception e) {
            r.problems.add("unreadable signature: " + describe(e));
        }
        return r;
    }

    private boolean chainTrusted(X509Certificate signer, List<X509Certificate> included, Instant at,
                                 List<String> problems) {
        if (anchors.isEmpty()) {
            problems.add("no trust anchors configured");
            return false;
        }
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(signer);
            PKIXBuilderParameters params = new PKIXBuilderParameters(anchors, target);
            params.setRevocationEnabled(false);
            params.setDate(Date.from(at));
            List<X509Certificate> pool = new ArrayList<>(included);
            pool.add(signer);
            params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(pool)));
            CertPathBuilder.getInstance("PKIX").build(params);
            return true;
        } catch (Exception e) {
            problems.add("certificate chain not trusted at " + at + ": " + describe(e));
            return false;
        }
    }

    private static Instant signingTime(SignerInformation si) {
        AttributeTable attrs = si.getSignedAttributes();
        Attribute a = attrs == null ? null : attrs.get(CMSAttributes.signingTime);
        if (a == null || a.getAttrValues().size() == 0) {
            return null;
        }
        ASN1Encodable v = a.getAttrValues().getObjectAt(0);
        try {
            return Time.getInstance(v).getDate().toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static MimeBodyPart parsePart(byte[] bytes, List<String> problems) {
        try {
            return new MimeBodyPart(new ByteArrayInputStream(bytes));
        } catch (Exception e) {
            problems.add("signed content is not a MIME entity: " + describe(e));
            return null;
        }
    }

    /** The signed entity as stored: a range of the spool, read from there. */
    private static MimeBodyPart parsePart(Spool raw, long[] range, List<String> problems) {
        try {
            InputStream in = ((SharedInputStream) raw.openShared()).newStream(range[0], range[1]);
            return new MimeBodyPart(in);
        } catch (Exception e) {
            problems.add("signed content is not a MIME entity: " + describe(e));
            return null;
        }
    }

    /** The signed entity made canonical (its stored form had bare LFs): a spool of its own. */
    private static MimeBodyPart parsePart(SpoolContent canonical, List<String> problems) {
        Spool copy = Spool.create();
        try {
            try (OutputStream out = copy.output()) {
                canonical.write(out);
            }
            // the part reads from the copy; its file, if any, goes when the part is collected
            return new MimeBodyPart(copy.openShared());
        } catch (Exception e) {
            copy.close();
            problems.add("signed content is not a MIME entity: " + describe(e));
            return null;
        }
    }

    /** The body of the message from an offset, with its multipart type, for Jakarta Mail to parse in place. */
    private record RangeDataSource(Spool raw, long from, String type) implements DataSource {
        @Override
        public InputStream getInputStream() throws IOException {
            return ((SharedInputStream) raw.openShared()).newStream(from, -1);
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            throw new IOException("read only");
        }

        @Override
        public String getContentType() {
            return type;
        }

        @Override
        public String getName() {
            return "multipart/signed body";
        }
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /** Mutable accumulator for one signer check. */
    /**
     * The signature check proper. The native provider lacks some algorithms older signatures use (MD5withRSA):
     * what it cannot check is checked again with the JDK's providers; a mismatching digest is a verdict, not
     * an algorithm problem, and is not checked twice.
     */
    private boolean verifySignature(SignerInformation si, PublicKey key) throws CMSException, OperatorCreationException {
        Optional<Provider> nativeProvider = rsa.forVerifying(key);
        if (nativeProvider.isPresent()) {
            try {
                return si.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(nativeProvider.get()).build(key));
            } catch (CMSSignerDigestMismatchException e) {
                throw e;
            } catch (CMSException | OperatorCreationException | RuntimeException e) {
                // not the verdict: the algorithm is one the native provider does not offer
            }
        }
        return si.verify(new JcaSimpleSignerInfoVerifierBuilder().build(key));
    }

    private static final class Result {
        boolean signatureValid;
        boolean chainTrusted;
        boolean validAtSigningTime;
        boolean validNow;
        X509Certificate signer;
        String signerAddress;
        Instant signingTime;
        String digestAlgorithm;
        final List<String> problems = new ArrayList<>();

        SignatureCheck toCheck(MimeBodyPart content, List<String> allProblems) {
            return new SignatureCheck(true, signatureValid, chainTrusted, validAtSigningTime, validNow, signer,
                    signerAddress, signingTime, digestAlgorithm, content, allProblems);
        }
    }
}
