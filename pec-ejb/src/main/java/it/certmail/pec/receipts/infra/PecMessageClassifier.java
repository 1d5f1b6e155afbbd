package it.certmail.pec.receipts.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;

import it.certmail.pec.crypto.Certificates;
import it.certmail.pec.crypto.SignatureCheck;
import it.certmail.pec.crypto.SmimeVerifier;
import it.certmail.pec.index.domain.ProviderIndex;
import it.certmail.pec.index.domain.ProviderRecord;
import it.certmail.pec.index.domain.SigningCertificate;
import it.certmail.pec.mime.Spool;
import it.certmail.pec.receipts.domain.Daticert;
import it.certmail.pec.receipts.domain.DaticertError;
import it.certmail.pec.receipts.domain.DaticertReader;
import it.certmail.pec.receipts.domain.DaticertReading;
import it.certmail.pec.receipts.domain.PecMessageKind;
import it.certmail.pec.receipts.domain.ReceiptForm;

/**
 * Verifica dei messaggi in ingresso: the reception point's decision on any incoming message (RFC 6109 §2.2.2,
 * §3.2.2, §7; pec-spec §2.4, §4.3), as one {@link PecVerdict}. Never throws on bad input.
 *
 * <p>Order of the checks: the bytes must be an RFC 5322 message; then the S/MIME signature (value, chain to the
 * trust anchors, validity at signing time); the signer certificate's SHA-1 must be in the providers' index and its
 * DER equal to the record's certificate. Failing any of these makes the message ordinary mail. Only then formal
 * correctness is checked: From and signer domains among the record's managedDomains, X-Trasporto/X-Ricevuta,
 * daticert.xml in the signed content, DTD-valid, its tipo matching the header and the fields its kind requires.
 * Failing those makes it {@link PecVerdict.Category#MALFORMED} (a busta di anomalia at the reception point).
 *
 * <p>Only the signed entity is searched for daticert.xml, and never inside an attached message
 * ({@code postacert.eml} may itself be a PEC message with its own daticert).
 */
public final class PecMessageClassifier {

    private static final Session SESSION = Session.getInstance(new Properties());
    private static final String X_TRASPORTO = PecMessageKind.Header.X_TRASPORTO.fieldName();
    private static final String X_RICEVUTA = PecMessageKind.Header.X_RICEVUTA.fieldName();
    // the RFC's English text says certdata.xml; every real message uses daticert.xml (pec-spec §2)
    private static final Set<String> DATICERT_NAMES = Set.of("daticert.xml", "certdata.xml");
    /** Guards against pathological nesting in the signed content. */
    private static final int MAX_DEPTH = 8;

    /** When a signature must hold. */
    public enum Moment {
        /** an archived or uploaded message: as of its signing time (an expired certificate is no fault of it) */
        SIGNING_TIME,
        /** live reception: the signer's certificate must also be valid now */
        NOW
    }

    private final SmimeVerifier verifier;
    private final ProviderIndex index;
    private final Moment moment;

    /**
     * @param verifier checks signatures against the configured trust anchors (AgID CA1, or the local CA in tests)
     * @param index    the local copy of the providers' index
     * @param moment   as of when the signature must hold
     */
    public PecMessageClassifier(SmimeVerifier verifier, ProviderIndex index, Moment moment) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.index = Objects.requireNonNull(index, "index");
        this.moment = Objects.requireNonNull(moment, "moment");
    }

    /** As live reception judges: valid now. */
    public PecMessageClassifier(SmimeVerifier verifier, ProviderIndex index) {
        this(verifier, index, Moment.NOW);
    }

    /** The chain problems the index makes moot when it lists the signer (SmimeVerifier's wording). */
    private static boolean isChainProblem(String problem) {
        return problem.startsWith("no trust anchors configured") || problem.startsWith("certificate chain not trusted");
    }

    /** Classifies a raw message (CRLF or LF line ends), as received. */
    public PecVerdict classify(byte[] raw) {
        if (raw == null || raw.length == 0) {
            return notAMessage("empty input");
        }
        try (Spool spool = Spool.of(raw)) {
            return classify(spool);
        }
    }

    /**
     * Classifies a raw message (CRLF or LF line ends) held in a spool, read as a stream: a large message is
     * never copied into the heap.
     */
    public PecVerdict classify(Spool raw) {
        try {
            return classifyRaw(raw);
        } catch (RuntimeException e) {
            // last line of defence: a classifier must answer, whatever the input
            return notAMessage("cannot classify: " + describe(e));
        }
    }

    /** Reads the stream to its end (the caller closes it) and classifies the bytes. */
    public PecVerdict classify(InputStream in) {
        if (in == null) {
            return notAMessage("no input");
        }
        try (Spool spool = Spool.copyOf(in)) {
            return classify(spool);
        } catch (Exception e) {
            return notAMessage("cannot read input: " + describe(e));
        }
    }

    /** Classifies a message as it would be written out ({@code writeTo} bytes). */
    public PecVerdict classify(MimeMessage message) {
        if (message == null) {
            return notAMessage("no message");
        }
        try (Spool spool = Spool.create()) {
            try (OutputStream out = spool.output()) {
                message.writeTo(out);
            }
            return classify(spool);
        } catch (Exception e) {
            return notAMessage("cannot serialise message: " + describe(e));
        }
    }

    private PecVerdict classifyRaw(Spool raw) {
        if (raw == null || raw.size() == 0) {
            return notAMessage("empty input");
        }
        List<String> problems = new ArrayList<>();
        String headerProblem;
        try (InputStream in = raw.open()) {
            headerProblem = HeaderScan.check(in.readNBytes(HeaderScan.MAX_HEADER_BYTES), problems);
        } catch (IOException e) {
            return notAMessage("cannot read input: " + describe(e));
        }
        if (headerProblem != null) {
            return notAMessage(headerProblem);
        }
        MimeMessage msg;
        try {
            msg = new MimeMessage(SESSION, raw.openShared());
        } catch (Exception e) {
            return notAMessage("not an RFC 5322 message: " + describe(e));
        }
        Headers h = Headers.read(msg, problems);

        SignatureCheck check = verifier.verify(raw);
        X509Certificate signer = check.signer();
        String signerSha1 = signer == null ? null : Certificates.sha1Hex(signer);
        SignedParts parts = SignedParts.of(check.signedContent());
        Optional<DaticertReading> reading = parts.daticert == null
                ? Optional.empty() : Optional.of(DaticertReader.read(parts.daticert));

        Optional<ProviderRecord> listed = signer == null ? Optional.empty() : lookUp(signer, signerSha1, problems);
        // the facts, each on its own; the decision derives from them: a trusted signer (a chain to an anchor, or
        // the index, RFC 6109 §4.5), content that is the signed one, a certificate valid at signing time and, for
        // live reception, now
        boolean trusted = check.chainTrusted() || listed.isPresent();
        boolean validThen = check.contentIntact() && trusted && check.certificateValidAtSigningTime();
        boolean valid = validThen && (moment == Moment.SIGNING_TIME || check.certificateValidNow());
        if (!valid) {
            List<String> signatureProblems = check.problems().stream()
                    .filter(p -> listed.isEmpty() || !isChainProblem(p)).toList();
            prefixed("S/MIME: ", signatureProblems, problems);
            if (validThen) {
                problems.add("S/MIME: signer certificate not valid now (" + check.signer().getNotBefore().toInstant()
                        + " - " + check.signer().getNotAfter().toInstant() + ")");
            } else if (check.signed() && signatureProblems.isEmpty()) {
                problems.add("S/MIME: signature not valid");
            }
        }
        Optional<ProviderRecord> provider = valid ? listed : Optional.empty();
        if (provider.isEmpty()) {
            return new PecVerdict(PecVerdict.Category.ORDINARY, h.kind, reading, check, Optional.empty(),
                    listed.isPresent(), signerSha1, h.from, h.subject, h.messageId, h.riferimento, problems);
        }

        ProviderRecord record = provider.get();
        checkDomains(record, h.from, check.signerAddress(), problems);
        problems.addAll(h.kindProblems);
        h.kind.ifPresent(kind -> checkContent(kind, check, parts, reading, problems));
        PecVerdict.Category category = problems.isEmpty() ? category(h.kind.orElseThrow()) : PecVerdict.Category.MALFORMED;
        return new PecVerdict(category, h.kind, reading, check, provider, true, signerSha1, h.from, h.subject,
                h.messageId, h.riferimento, problems);
    }

    private static PecVerdict.Category category(PecMessageKind kind) {
        return switch (kind) {
            case TRANSPORT_ENVELOPE -> PecVerdict.Category.TRANSPORT_ENVELOPE;
            case ANOMALY_ENVELOPE -> PecVerdict.Category.ANOMALY_ENVELOPE;
            default -> PecVerdict.Category.NOTICE;
        };
    }

    /** The record listing the signer's SHA-1 whose certificate is byte for byte the signer's (RFC 6109 §2.2.2). */
    private Optional<ProviderRecord> lookUp(X509Certificate signer, String sha1, List<String> problems) {
        Optional<ProviderRecord> found;
        try {
            found = index.findByCertificateHash(sha1);
        } catch (RuntimeException e) {
            problems.add("providers' index lookup failed for signer " + sha1 + ": " + describe(e));
            return Optional.empty();
        }
        String who = sha1 + " (" + signer.getSubjectX500Principal().getName() + ")";
        if (found.isEmpty()) {
            problems.add("signer certificate " + who + " is not in the providers' index");
            return Optional.empty();
        }
        byte[] der;
        try {
            der = signer.getEncoded();
        } catch (Exception e) {
            problems.add("signer certificate " + who + " cannot be encoded: " + describe(e));
            return Optional.empty();
        }
        boolean same = found.get().certificates().stream()
                .filter(c -> c.sha1Hex().equals(sha1))
                .map(SigningCertificate::der)
                .anyMatch(d -> Arrays.equals(d, der));
        if (!same) {
            problems.add("signer certificate " + who + " differs from the certificate listed for "
                    + found.get().name());
            return Optional.empty();
        }
        return found;
    }

    /** RFC 6109 §7: the From domain (and the signer's own address) must be a domain of the signing provider. */
    private static void checkDomains(ProviderRecord record, String from, String signerAddress, List<String> problems) {
        if (from == null) {
            problems.add("From: missing or unreadable");
        } else if (!record.managesDomain(domainOf(from))) {
            problems.add("From domain '" + domainOf(from) + "' is not among the managedDomains of " + record.name()
                    + " " + record.managedDomains());
        }
        if (signerAddress == null) {
            problems.add("signer certificate has no e-mail address");
        } else if (!record.managesDomain(domainOf(signerAddress))) {
            problems.add("signer address domain '" + domainOf(signerAddress) + "' is not among the managedDomains of "
                    + record.name() + " " + record.managedDomains());
        }
    }

    /** Parts and daticert.xml as the kind requires (pec-spec §2.3, §3). */
    private static void checkContent(PecMessageKind kind, SignatureCheck check, SignedParts parts,
                                     Optional<DaticertReading> reading, List<String> problems) {
        if (check.signedContent() == null) {
            problems.add("signed content is not a readable MIME entity");
            return;
        }
        problems.addAll(parts.problems);
        if (kind == PecMessageKind.ANOMALY_ENVELOPE) {
            if (parts.daticert != null) {
                problems.add("a busta di anomalia must not carry daticert.xml");
            }
            if (parts.messages == 0) {
                problems.add("busta di anomalia without the received message (message/rfc822 part)");
            }
            return;
        }
        if (reading.isEmpty()) {
            problems.add("daticert.xml not found in the signed content");
            return;
        }
        DaticertReading r = reading.get();
        if (!r.dtdValid()) {
            problems.add("daticert.xml is not valid against postacert.dtd");
        }
        prefixed("daticert.xml: ", r.problems(), problems);
        if (r.daticert().isEmpty()) {
            problems.add("daticert.xml: required fields missing or unreadable");
            return;
        }
        Daticert d = r.daticert().get();
        String expected = kind.daticertType().orElseThrow().code();
        if (!expected.equals(d.type().code())) {
            problems.add("daticert tipo '" + d.type().code() + "' contradicts " + kind.header().fieldName() + ": "
                    + kind.headerValue() + " (expected '" + expected + "')");
        }
        if (kind.securityError() && d.error() != DaticertError.VIRUS) {
            problems.add("X-VerificaSicurezza: errore but daticert errore is '" + d.error().code() + "', not 'virus'");
        }
        requiredFields(kind, d, parts, problems);
    }

    private static void requiredFields(PecMessageKind kind, Daticert d, SignedParts parts, List<String> problems) {
        switch (kind) {
            case TRANSPORT_ENVELOPE -> {
                if (d.receiptForm() == null) {
                    problems.add("daticert of a busta di trasporto without <ricevuta tipo=…/>");
                }
                if (parts.messages == 0) {
                    problems.add("busta di trasporto without the original message (postacert.eml)");
                }
            }
            case DELIVERY -> {
                if (d.receiptForm() == null) {
                    problems.add("daticert of an avvenuta consegna without <ricevuta tipo=…/>");
                } else if (d.receiptForm() != ReceiptForm.CONCISE && parts.messages == 0) {
                    problems.add("avvenuta consegna " + d.receiptForm().code()
                            + " without the original message (postacert.eml)");
                }
                requireDelivery(d, problems);
            }
            case DELIVERY_FAILURE, DELIVERY_FAILURE_VIRUS, DELIVERY_TIMEOUT -> requireDelivery(d, problems);
            case TAKE_CHARGE -> {
                if (d.reception().isEmpty()) {
                    problems.add("daticert of a presa in carico without <ricezione>");
                }
            }
            case VIRUS_DETECTION -> {
                if (d.delivery() == null && d.reception().isEmpty()) {
                    problems.add("daticert of a rilevazione virus without <consegna> or <ricezione>");
                }
            }
            default -> {
                // accettazione, non-accettazione: the DTD's required fields are enough
            }
        }
    }

    private static void requireDelivery(Daticert d, List<String> problems) {
        if (d.delivery() == null) {
            problems.add("daticert tipo '" + d.type().code() + "' without <consegna>");
        }
    }

    private static void prefixed(String prefix, List<String> from, List<String> to) {
        for (String p : from) {
            to.add(prefix + p);
        }
    }

    private static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        return at < 0 ? "" : address.substring(at + 1).trim().toLowerCase(Locale.ROOT);
    }

    private static PecVerdict notAMessage(String problem) {
        SignatureCheck none = new SignatureCheck(false, false, false, false, false, null, null, null, null, null,
                List.of("not a message"));
        return new PecVerdict(PecVerdict.Category.NOT_A_MESSAGE, Optional.empty(), Optional.empty(), none,
                Optional.empty(), false, null, null, null, null, null, List.of(problem));
    }

    static String describe(Exception e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /** The top-level header facts; reading never fails, oddities become problems. */
    private static final class Headers {
        Optional<PecMessageKind> kind = Optional.empty();
        final List<String> kindProblems = new ArrayList<>();
        String from;
        String subject;
        String messageId;
        String riferimento;

        static Headers read(MimeMessage msg, List<String> problems) {
            Headers h = new Headers();
            h.subject = subject(msg);
            h.messageId = single(msg, "Message-ID");
            h.riferimento = single(msg, "X-Riferimento-Message-ID");
            h.from = from(msg);
            String trasporto = distinct(msg, X_TRASPORTO, h.kindProblems);
            String ricevuta = distinct(msg, X_RICEVUTA, h.kindProblems);
            String security = distinct(msg, PecMessageKind.X_VERIFICA_SICUREZZA, h.kindProblems);
            h.kind = PecMessageKind.classify(trasporto, ricevuta, security);
            if (trasporto == null && ricevuta == null) {
                h.kindProblems.add("neither X-Trasporto nor X-Ricevuta present");
            } else if (trasporto != null && ricevuta != null) {
                h.kindProblems.add("both X-Trasporto and X-Ricevuta present");
            } else if (h.kind.isEmpty()) {
                h.kindProblems.add(trasporto != null ? "unknown X-Trasporto value '" + trasporto + "'"
                        : "unknown X-Ricevuta value '" + ricevuta + "'");
            }
            return h;
        }

        private static String subject(MimeMessage msg) {
            try {
                return msg.getSubject();
            } catch (Exception e) {
                return single(msg, "Subject");
            }
        }

        private static String from(MimeMessage msg) {
            String raw = single(msg, "From");
            if (raw == null) {
                return null;
            }
            try {
                InternetAddress[] all = InternetAddress.parseHeader(raw, false);
                for (InternetAddress a : all) {
                    if (a.getAddress() != null && a.getAddress().contains("@")) {
                        return a.getAddress();
                    }
                }
            } catch (Exception e) {
                // unreadable From: reported by the domain check when it matters
            }
            return null;
        }

        /** First value of a field, unfolded and trimmed; null when absent or blank. */
        private static String single(MimeMessage msg, String name) {
            try {
                String[] values = msg.getHeader(name);
                if (values == null || values.length == 0) {
                    return null;
                }
                String v = MimeUtility.unfold(values[0]).trim();
                return v.isEmpty() ? null : v;
            } catch (Exception e) {
                return null;
            }
        }

        /** The field's value; when repeated with different values, the first one and a problem. */
        private static String distinct(MimeMessage msg, String name, List<String> problems) {
            try {
                String[] values = msg.getHeader(name);
                if (values == null || values.length == 0) {
                    return null;
                }
                Set<String> seen = new LinkedHashSet<>();
                for (String v : values) {
                    seen.add(MimeUtility.unfold(v).trim().toLowerCase(Locale.ROOT));
                }
                if (seen.size() > 1) {
                    problems.add(name + " appears with different values " + seen);
                }
                String v = MimeUtility.unfold(values[0]).trim();
                return v.isEmpty() ? null : v;
            } catch (Exception e) {
                problems.add(name + " unreadable: " + describe(e));
                return null;
            }
        }
    }

    /** What the signed entity holds: the daticert.xml bytes and how many attached messages. */
    private static final class SignedParts {
        byte[] daticert;
        int daticertCount;
        int messages;
        final List<String> problems = new ArrayList<>();

        static SignedParts of(MimeBodyPart content) {
            SignedParts p = new SignedParts();
            if (content != null) {
                try {
                    p.walk(content, 0);
                } catch (Exception e) {
                    p.problems.add("signed content unreadable: " + describe(e));
                }
                if (p.daticertCount > 1) {
                    p.problems.add(p.daticertCount + " daticert.xml parts in the signed content");
                }
            }
            return p;
        }

        private void walk(Part part, int depth) throws Exception {
            if (depth > MAX_DEPTH) {
                problems.add("signed content nested deeper than " + MAX_DEPTH + " levels");
                return;
            }
            if (part.isMimeType("message/rfc822")) {
                // the original (postacert.eml) is opaque here: its own daticert is not ours
                messages++;
                return;
            }
            if (part.isMimeType("multipart/*")) {
                Object content = part.getContent();
                if (content instanceof Multipart mp) {
                    for (int i = 0; i < mp.getCount(); i++) {
                        walk(mp.getBodyPart(i), depth + 1);
                    }
                } else {
                    problems.add("multipart part without readable body parts");
                }
                return;
            }
            if (isDaticert(part)) {
                daticertCount++;
                if (daticert == null) {
                    try (InputStream in = part.getInputStream()) {
                        daticert = in.readAllBytes();
                    }
                }
            }
        }

        private static boolean isDaticert(Part part) throws Exception {
            String name = null;
            try {
                name = part.getFileName();
            } catch (Exception e) {
                // unreadable disposition: fall back to the Content-Type name
            }
            if (name == null) {
                String type = part.getContentType();
                name = type == null ? null : new ContentType(type).getParameter("name");
            }
            return name != null && DATICERT_NAMES.contains(name.trim().toLowerCase(Locale.ROOT));
        }
    }

    /**
     * Byte-level check that the input starts with an RFC 5322 header section: Jakarta Mail parses anything,
     * garbage included, as a message with odd headers.
     */
    static final class HeaderScan {

        /** Only this much of the input is scanned: a header section is never longer. */
        static final int MAX_HEADER_BYTES = 1 << 20;

        private HeaderScan() {
        }

        /**
         * @return null when the input has a header section (later malformed lines go to {@code problems}), else
         *         the reason it is not a message
         */
        static String check(byte[] raw, List<String> problems) {
            int pos = 0;
            int line = 0;
            int fields = 0;
            while (pos < raw.length) {
                int end = pos;
                while (end < raw.length && raw[end] != '\n') {
                    end++;
                }
                int len = end - pos;
                if (len > 0 && raw[end - 1] == '\r') {
                    len--;
                }
                line++;
                if (len == 0) {
                    break;
                }
                for (int i = pos; i < pos + len; i++) {
                    if (raw[i] == 0) {
                        return "NUL byte in the header section (line " + line + ")";
                    }
                }
                boolean continuation = raw[pos] == ' ' || raw[pos] == '\t';
                if (continuation) {
                    if (fields == 0) {
                        return "the input starts with a folded line, not a header field";
                    }
                } else if (isField(raw, pos, len)) {
                    fields++;
                } else if (fields == 0) {
                    return "no RFC 5322 header: the first line is not a header field";
                } else {
                    problems.add("header line " + line + " is not a header field");
                }
                pos = end + 1;
            }
            return fields == 0 ? "no RFC 5322 header field" : null;
        }

        /** {@code field-name ":"}, field-name being printable US-ASCII except ':' (obsolete WSP before ':' allowed). */
        private static boolean isField(byte[] raw, int pos, int len) {
            int i = pos;
            int stop = pos + len;
            while (i < stop && raw[i] >= 33 && raw[i] <= 126 && raw[i] != ':') {
                i++;
            }
            if (i == pos) {
                return false;
            }
            while (i < stop && (raw[i] == ' ' || raw[i] == '\t')) {
                i++;
            }
            return i < stop && raw[i] == ':';
        }
    }
}
