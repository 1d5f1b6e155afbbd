import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the CPU samples of a JFR recording go:
 *   java bench/transport/JfrCpu.java recording.jfr [top] [pec-max.json]
 * With the run's JSON (written by pecbench.py) only the events of the measured run count: from its first
 * submission to its last delivery receipt (the server's start-up, the mailbox set-up and the warm-up are left out).
 *
 * Each jdk.ExecutionSample is put in ONE bucket: the stack is walked from the running frame towards the thread's
 * start and the first frame that matches a bucket's rule decides (so H2 code called by EclipseLink counts as H2,
 * BouncyCastle's RSA called by the composer as CMS). Also prints the hottest leaf methods, the hottest of our own
 * methods (inclusive: in the stack at all, and self: the first of ours from the leaf), the threads, GC pauses and
 * the allocation samples by class.
 */
public class JfrCpu {

    // first match from the leaf wins; order within a frame does not matter (prefixes do not overlap)
    static final String[][] RULES = {
        {"TLS (JSSE)", "sun.security.ssl.", "javax.net.ssl."},
        {"Argon2 (AUTH)", "org.bouncycastle.crypto.generators.Argon2", "it.certmail.pec.mailbox.domain.PasswordHash"},
        {"digest/hash (SHA)", "sun.security.provider.SHA", "sun.security.provider.DigestBase", "java.security.MessageDigest"},
        {"RSA/CMS signing and verifying", "org.bouncycastle.", "com.amazon.corretto.crypto.", "sun.security.rsa.",
            "it.certmail.pec.crypto.SmimeSigner", "it.certmail.pec.crypto.SmimeVerifier", "sun.security.provider.certpath.",
            "sun.security.util.", "sun.security.x509.", "java.security."},
        {"XML (daticert SAX/DTD)", "com.sun.org.apache.xerces.", "javax.xml.", "org.xml.sax.", "it.certmail.pec.receipts.domain.Daticert"},
        {"H2 database", "org.h2."},
        {"PostgreSQL JDBC", "org.postgresql."},
        {"connection pool / JDBC wrappers", "com.sun.gjc.", "com.sun.enterprise.resource.", "fish.payara.jdbc.", "com.zaxxer."},
        {"JPA/EclipseLink", "org.eclipse.persistence."},
        {"JTA/EJB/CDI container (Payara, Weld)", "com.sun.ejb.", "com.sun.enterprise.", "org.glassfish.", "org.jboss.weld.",
            "fish.payara.", "com.sun.jts.", "jakarta.interceptor.", "jakarta.ejb.", "org.omg.", "com.sun.corba."},
        {"logging", "java.util.logging.", "org.slf4j.", "ch.qos.logback."},
        {"MIME (Jakarta Mail/Angus)", "jakarta.mail.", "org.eclipse.angus.", "com.sun.mail.", "jakarta.activation.",
            "org.eclipse.angus.activation.", "com.sun.activation."},
        {"SMTP server (our code)", "it.certmail.pec.transport.infra.smtp."},
        {"spool/CRLF (our MIME plumbing)", "it.certmail.pec.mime.", "it.certmail.pec.receipts.infra.RawEntity",
            "it.certmail.pec.receipts.infra.OriginalMessage", "it.certmail.pec.receipts.infra.SpooledPart"},
        {"our other code", "it.certmail.pec."},
        {"file/socket I/O (JDK)", "sun.nio.", "java.io.FileOutputStream", "java.io.FileInputStream", "java.io.RandomAccessFile",
            "java.net.", "sun.net.", "java.nio.channels."},
        {"JDK regex", "java.util.regex."},
        {"JDK reflection/class loading", "java.lang.reflect.", "jdk.internal.reflect.", "java.lang.invoke.", "java.lang.ClassLoader",
            "jdk.internal.loader."},
    };

    public static void main(String[] args) throws Exception {
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        java.time.Instant from = java.time.Instant.MIN;
        java.time.Instant to = java.time.Instant.MAX;
        if (args.length > 2) {
            String json = java.nio.file.Files.readString(Path.of(args[2]));
            java.util.regex.Matcher first = java.util.regex.Pattern.compile("\"first_submit\":\\s*\"([^\"]+)\"").matcher(json);
            java.util.regex.Matcher secs = java.util.regex.Pattern.compile("\"e2e_seconds\":\\s*([0-9.]+)").matcher(json);
            if (!first.find() || !secs.find()) {
                throw new IllegalArgumentException("no first_submit / e2e_seconds in " + args[2]);
            }
            from = java.time.Instant.parse(first.group(1));
            to = from.plusMillis((long) (Double.parseDouble(secs.group(1)) * 1000));
            System.out.printf("window: %s .. %s%n", from, to);
        }
        Map<String, Integer> buckets = new LinkedHashMap<>();
        for (String[] r : RULES) {
            buckets.put(r[0], 0);
        }
        buckets.put("other JDK", 0);
        Map<String, Integer> leaf = new HashMap<>();
        Map<String, Integer> ownSelf = new HashMap<>();
        Map<String, Integer> ownIncl = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Long> alloc = new HashMap<>();
        Map<String, Map<String, Integer>> byBucket = new HashMap<>();
        long gcPauseNanos = 0;
        int gcCount = 0;
        int samples = 0;
        long allocTotal = 0;
        try (RecordingFile f = new RecordingFile(Path.of(args[0]))) {
            while (f.hasMoreEvents()) {
                RecordedEvent e = f.readEvent();
                String type = e.getEventType().getName();
                if (e.getStartTime().isBefore(from) || e.getStartTime().isAfter(to)) {
                    continue;
                }
                if (type.equals("jdk.GarbageCollection")) {
                    gcCount++;
                    gcPauseNanos += e.getDuration("sumOfPauses").toNanos();
                    continue;
                }
                if (type.equals("jdk.ObjectAllocationSample")) {
                    long w = e.getLong("weight");
                    allocTotal += w;
                    alloc.merge(e.getClass("objectClass").getName() + "  <- " + firstOwn(e.getStackTrace()), w, Long::sum);
                    continue;
                }
                if (!type.equals("jdk.ExecutionSample")) {
                    continue;
                }
                samples++;
                String thread = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
                threads.merge(thread == null ? "?" : thread.replaceAll("[0-9]+", "N"), 1, Integer::sum);
                RecordedStackTrace st = e.getStackTrace();
                if (st == null) {
                    buckets.merge("other JDK", 1, Integer::sum);
                    continue;
                }
                List<RecordedFrame> frames = st.getFrames();
                if (!frames.isEmpty()) {
                    leaf.merge(name(frames.get(0)), 1, Integer::sum);
                }
                String bucket = null;
                String self = null;
                Set<String> seen = new LinkedHashSet<>();
                for (RecordedFrame fr : frames) {
                    String n = name(fr);
                    if (bucket == null) {
                        bucket = bucketOf(n);
                    }
                    if (n.startsWith("it.certmail.pec.")) {
                        if (self == null) {
                            self = n;
                        }
                        seen.add(n);
                    }
                }
                buckets.merge(bucket == null ? "other JDK" : bucket, 1, Integer::sum);
                // where the bucket's code was entered: its outermost frame of the same package family, and ours below it
                String entry = null;
                String prefix = bucket == null ? null : prefixOf(bucket, frames);
                if (prefix != null) {
                    for (RecordedFrame fr : frames) {
                        String n = name(fr);
                        if (n.startsWith(prefix)) {
                            entry = n;
                        } else if (entry != null && n.startsWith("it.certmail.pec.")) {
                            break;
                        }
                    }
                }
                byBucket.computeIfAbsent(bucket == null ? "other JDK" : bucket, k -> new HashMap<>())
                        .merge((entry == null ? "" : entry + "  <- ") + (self == null ? "?" : self), 1, Integer::sum);
                if (self != null) {
                    ownSelf.merge(self, 1, Integer::sum);
                }
                for (String s : seen) {
                    ownIncl.merge(s, 1, Integer::sum);
                }
            }
        }
        System.out.printf("execution samples: %d%n%n## buckets (first matching frame from the leaf)%n", samples);
        final int n = samples;
        buckets.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).filter(x -> x.getValue() > 0)
                .forEach(x -> System.out.printf("%6.1f%%  %6d  %s%n", 100.0 * x.getValue() / n, x.getValue(), x.getKey()));
        print("threads", threads, n, top);
        buckets.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).filter(x -> x.getValue() > 0).limit(10)
                .forEach(x -> print("bucket " + x.getKey() + ": entered at <- first of ours from the leaf", byBucket.get(x.getKey()), n, 12));
        print("leaf methods", leaf, n, top);
        print("our methods, inclusive (in the stack)", ownIncl, n, top * 2);
        print("our methods, self (first of ours from the leaf)", ownSelf, n, top);
        System.out.printf("%n## GC: %d collections, %.1f ms of pauses%n", gcCount, gcPauseNanos / 1e6);
        System.out.printf("%n## allocation samples (weight), total %.1f MB%n", allocTotal / 1e6);
        final long at = allocTotal;
        alloc.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(top)
                .forEach(x -> System.out.printf("%6.1f%%  %s%n", 100.0 * x.getValue() / Math.max(1, at), x.getKey()));
    }

    /** The package family of the frame that decided the bucket (e.g. "org.h2."), to find where it was entered. */
    static String prefixOf(String bucket, List<RecordedFrame> frames) {
        for (RecordedFrame fr : frames) {
            String n = name(fr);
            for (String[] r : RULES) {
                if (!r[0].equals(bucket)) {
                    continue;
                }
                for (int i = 1; i < r.length; i++) {
                    if (n.startsWith(r[i])) {
                        String[] parts = r[i].split("\\.");
                        return parts.length >= 2 ? parts[0] + "." + parts[1] + "." : r[i];
                    }
                }
            }
        }
        return null;
    }

    static String firstOwn(RecordedStackTrace st) {
        if (st == null) {
            return "?";
        }
        for (RecordedFrame f : st.getFrames()) {
            String n = name(f);
            if (n.startsWith("it.certmail.pec.")) {
                return n;
            }
        }
        return st.getFrames().isEmpty() ? "?" : name(st.getFrames().get(0));
    }

    static void print(String title, Map<String, Integer> m, int n, int top) {
        System.out.printf("%n## %s%n", title);
        m.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(top)
                .forEach(x -> System.out.printf("%6.1f%%  %6d  %s%n", 100.0 * x.getValue() / n, x.getValue(), x.getKey()));
    }

    static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    static String bucketOf(String frame) {
        for (String[] r : RULES) {
            for (int i = 1; i < r.length; i++) {
                if (frame.startsWith(r[i])) {
                    return r[0];
                }
            }
        }
        return null;
    }
}
