package it.certmail.pec.crypto;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Runs the {@code openssl} command line as an independent interop check. Tests call {@link #assumeAvailable()}
 * first, so they are skipped (with a visible message) where openssl is not installed.
 */
public final class OpenSsl {

    private static final List<Path> CANDIDATES = List.of(Path.of("/usr/bin/openssl"),
            Path.of("/usr/local/bin/openssl"), Path.of("/opt/homebrew/bin/openssl"));

    /** Exit code and captured output of one run. */
    public record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    private OpenSsl() {
    }

    /** The openssl binary: {@code OPENSSL} environment variable, usual locations, then PATH. */
    public static Optional<Path> binary() {
        String env = System.getenv("OPENSSL");
        if (env != null && Files.isExecutable(Path.of(env))) {
            return Optional.of(Path.of(env));
        }
        for (Path p : CANDIDATES) {
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path p = Path.of(dir, "openssl");
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** Skips the calling test when openssl is missing, printing why. */
    public static void assumeAvailable() {
        boolean present = binary().isPresent();
        if (!present) {
            System.out.println("SKIPPED: openssl binary not found, interop check not run");
        }
        Assumptions.assumeTrue(present, "openssl binary not found: interop check skipped");
    }

    /** Runs {@code openssl args...} with a 60 s limit. */
    public static Result run(List<String> args) throws IOException, InterruptedException {
        Path bin = binary().orElseThrow(() -> new IllegalStateException("openssl not found"));
        List<String> cmd = new ArrayList<>();
        cmd.add(bin.toString());
        cmd.addAll(args);
        Path out = Files.createTempFile("openssl", ".out");
        Path err = Files.createTempFile("openssl", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "", "timeout");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1),
                    Files.readString(err, StandardCharsets.ISO_8859_1));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * {@code openssl smime -verify -CAfile caPem -purpose smimesign} on a message; the signed content goes to
     * stdout.
     */
    public static Result verifySmime(byte[] eml, Path caPem) throws IOException, InterruptedException {
        return verifySmime(eml, caPem, null);
    }

    /** As {@link #verifySmime(byte[], Path)}, validating at {@code attime} (for expired certificates). */
    public static Result verifySmime(byte[] eml, Path caPem, Instant attime) throws IOException, InterruptedException {
        Path in = Files.createTempFile("smime", ".eml");
        try {
            Files.write(in, eml);
            List<String> args = new ArrayList<>(List.of("smime", "-verify", "-in", in.toString(),
                    "-CAfile", caPem.toString(), "-purpose", "smimesign"));
            if (attime != null) {
                args.add("-attime");
                args.add(Long.toString(attime.getEpochSecond()));
            }
            return run(args);
        } finally {
            Files.deleteIfExists(in);
        }
    }

    /**
     * {@code openssl cms -verify -binary -inform DER} of a detached signature over {@code content}, as a holder checks
     * a signed document and its {@code .p7s}.
     */
    public static Result verifyDetached(byte[] content, byte[] p7s, Path caPem) throws IOException, InterruptedException {
        Path data = Files.createTempFile("signed", ".bin");
        Path sig = Files.createTempFile("signed", ".p7s");
        try {
            Files.write(data, content);
            Files.write(sig, p7s);
            return run(List.of("cms", "-verify", "-binary", "-inform", "DER", "-in", sig.toString(), "-content",
                    data.toString(), "-CAfile", caPem.toString(), "-purpose", "smimesign", "-out", "/dev/null"));
        } finally {
            Files.deleteIfExists(data);
            Files.deleteIfExists(sig);
        }
    }
}
