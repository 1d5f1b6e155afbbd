package it.certmail.pec.bench.crypto;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import it.certmail.pec.crypto.LocalPki;
import it.certmail.pec.crypto.ProviderKeyMaterial;
import it.certmail.pec.crypto.RsaProvider;
import it.certmail.pec.crypto.SignatureProfile;
import it.certmail.pec.crypto.SmimeSigner;
import it.certmail.pec.crypto.SmimeVerifier;
import it.certmail.pec.index.domain.InMemoryProviderIndex;
import it.certmail.pec.index.domain.ProviderRecord;
import it.certmail.pec.index.domain.SigningCertificate;
import it.certmail.pec.mime.Spool;
import it.certmail.pec.receipts.domain.DaticertReader;
import it.certmail.pec.receipts.domain.DaticertReading;
import it.certmail.pec.receipts.domain.PecMessageIds;
import it.certmail.pec.receipts.domain.PecMessageKind;
import it.certmail.pec.receipts.domain.Recipient;
import it.certmail.pec.receipts.infra.ComposedMessage;
import it.certmail.pec.receipts.infra.OriginalMessage;
import it.certmail.pec.receipts.infra.PecMessageClassifier;
import it.certmail.pec.receipts.infra.PecParts;
import it.certmail.pec.receipts.infra.PecVerdict;

/**
 * What the reception point spends on reading a 4 KB busta di trasporto before it delivers it, in CPU time of the
 * measuring thread (issue 15, "verify an incoming envelope once; parse MIME once per step"):
 *
 * <ul>
 * <li>{@code verified}: an envelope from elsewhere, and until branch transport-notices also our own:
 * {@link PecMessageClassifier#classify} (header scan, MIME parse, S/MIME verification and chain, index lookup in
 * memory here, daticert read against the DTD) and a second MIME parse to open {@code postacert.eml};</li>
 * <li>{@code own}: our own access point's envelope as ReceptionService now reads it: one MIME parse, the
 * X-Trasporto header, the daticert read, {@code postacert.eml} opened from the same parse.</li>
 * </ul>
 * The JPA index lookup the server makes in {@code verified} is not in these figures.
 *
 * <p>Usage: {@code java -cp ... ReceptionCostPerOp [warm-up ops] [ops per round] [rounds]}
 */
public final class ReceptionCostPerOp {

    private static final Session SESSION = Session.getInstance(new Properties());
    private static final String DOMAIN = "pec.bench.example";

    private ReceptionCostPerOp() {
    }

    public static void main(String[] args) throws Exception {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int ops = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ProviderKeyMaterial keys = new LocalPki().generate("PEC Bench", DOMAIN, now.minusSeconds(3600)).material();
        RsaProvider rsa = RsaProvider.select(true);
        it.certmail.pec.receipts.infra.PecMessageComposer composer = new it.certmail.pec.receipts.infra.PecMessageComposer(
                new SmimeSigner(keys.signing(), SignatureProfile.SHA256, rsa), "PEC Bench", DOMAIN,
                new PecMessageIds("bench", DOMAIN));
        String original = "From: mario.rossi@" + DOMAIN + "\r\nTo: anna.bianchi@" + DOMAIN + "\r\nSubject: Fattura"
                + "\r\nMessage-ID: <x@client>\r\nDate: Sun, 6 Dec 2026 09:00:00 +0100\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n\r\nBuongiorno,\r\n"
                + "in allegato la fattura del mese.\r\n".repeat(80);
        OriginalMessage carried = OriginalMessage.of(original.getBytes(StandardCharsets.UTF_8));
        Spool raw;
        try (ComposedMessage envelope = composer.transportEnvelope(carried, carried.facts("mario.rossi@" + DOMAIN,
                List.of(Recipient.certified("anna.bianchi@" + DOMAIN)), "opec.bench.1@" + DOMAIN), now)) {
            raw = Spool.copyOf(envelope.bytes().open());
        }
        ProviderRecord own = ProviderRecord.of("PEC Bench", null, "posta-certificata@" + DOMAIN, Set.of(DOMAIN),
                List.of(SigningCertificate.of(keys.signing().certificate().getEncoded())), null, null);
        PecMessageClassifier classifier = new PecMessageClassifier(
                new SmimeVerifier(List.of(keys.caCertificate()), Clock.systemUTC(), rsa), InMemoryProviderIndex.of(own));
        PecVerdict check = classifier.classify(raw);
        if (check.category() != PecVerdict.Category.TRANSPORT_ENVELOPE) {
            throw new IllegalStateException("the bench envelope is not a correct one: " + check.problems());
        }
        System.out.printf("envelope of %d bytes; native RSA: %s%n", raw.size(), rsa.isNative());

        Map<String, Callable<Object>> operations = new LinkedHashMap<>();
        operations.put("verified", () -> {
            PecVerdict v = classifier.classify(raw);
            MimeMessage envelope = new MimeMessage(SESSION, raw.openShared());
            return postacert(envelope) + v.problems().size();
        });
        operations.put("own", () -> {
            MimeMessage envelope = new MimeMessage(SESSION, raw.openShared());
            String transport = envelope.getHeader(PecMessageKind.Header.X_TRASPORTO.fieldName(), null);
            Object d = PecParts.daticert(envelope).map(DaticertReader::read).flatMap(DaticertReading::daticert)
                    .orElseThrow();
            return postacert(envelope) + transport.length() + d.hashCode();
        });
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        System.out.printf("%-12s %14s %14s%n", "operation", "cpu us/op", "wall us/op");
        for (Map.Entry<String, Callable<Object>> op : operations.entrySet()) {
            Object sink = null;
            for (int i = 0; i < warmup; i++) {
                sink = op.getValue().call();
            }
            List<double[]> results = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                long cpu0 = mx.getCurrentThreadCpuTime();
                long wall0 = System.nanoTime();
                for (int i = 0; i < ops; i++) {
                    sink = op.getValue().call();
                }
                results.add(new double[] {(mx.getCurrentThreadCpuTime() - cpu0) / 1000.0 / ops,
                        (System.nanoTime() - wall0) / 1000.0 / ops});
            }
            results.sort((x, y) -> Double.compare(x[0], y[0]));
            double[] median = results.get(rounds / 2);
            System.out.printf("%-12s %14.1f %14.1f%s%n", op.getKey(), median[0], median[1], sink == null ? "?" : "");
        }
    }

    private static long postacert(MimeMessage envelope) throws Exception {
        try (InputStream in = PecParts.openPostacert(envelope).orElseThrow()) {
            return in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }
}
