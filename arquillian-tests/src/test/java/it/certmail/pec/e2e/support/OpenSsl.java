package it.certmail.pec.e2e.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Verifica indipendente con {@code openssl smime -verify -CAfile <CA del gestore emittente> -purpose smimesign}.
 * Callers check {@link #available()} and skip visibly without openssl.
 */
public final class OpenSsl {

    /** Exit code and output of one run. */
    public record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    private OpenSsl() {
    }

    public static Optional<Path> binary() {
        String env = System.getenv("OPENSSL");
        if (env != null && Files.isExecutable(Path.of(env))) {
            return Optional.of(Path.of(env));
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

    public static boolean available() {
        return binary().isPresent();
    }

    /** Skips the calling test when openssl is missing, saying so. */
    public static void assumeAvailable() {
        if (!available()) {
            System.out.println("SKIPPED: openssl binary not found, signature interop check not run");
        }
        Assumptions.assumeTrue(available(), "openssl binary not found: interop check skipped");
    }

    /** Verifies an S/MIME signed message against one CA file; the signed content is discarded. */
    public static Result verifySmime(byte[] eml, Path caPem) {
        try {
            Path in = Files.createTempFile(PecServer.workDir(), "verify", ".eml");
            Path out = Files.createTempFile(PecServer.workDir(), "verify", ".out");
            Path err = Files.createTempFile(PecServer.workDir(), "verify", ".err");
            try {
                Files.write(in, eml);
                List<String> cmd = new ArrayList<>(List.of(binary().orElseThrow().toString(), "smime", "-verify",
                        "-in", in.toString(), "-CAfile", caPem.toString(), "-purpose", "smimesign", "-out",
                        "/dev/null"));
                Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return new Result(-1, "", "timeout");
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1),
                        Files.readString(err, StandardCharsets.ISO_8859_1));
            } finally {
                Files.deleteIfExists(in);
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            return new Result(-1, "", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "", e.toString());
        }
    }

    /** {@code openssl cms -verify -binary -inform DER} of a detached signature ({@code .p7s}) over {@code content}. */
    public static Result verifyDetached(byte[] content, byte[] p7s, Path caPem) {
        try {
            Path data = Files.createTempFile(PecServer.workDir(), "signed", ".bin");
            Path sig = Files.createTempFile(PecServer.workDir(), "signed", ".p7s");
            Path out = Files.createTempFile(PecServer.workDir(), "verify", ".out");
            Path err = Files.createTempFile(PecServer.workDir(), "verify", ".err");
            try {
                Files.write(data, content);
                Files.write(sig, p7s);
                List<String> cmd = List.of(binary().orElseThrow().toString(), "cms", "-verify", "-binary", "-inform",
                        "DER", "-in", sig.toString(), "-content", data.toString(), "-CAfile", caPem.toString(),
                        "-purpose", "smimesign", "-out", "/dev/null");
                Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return new Result(-1, "", "timeout");
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1),
                        Files.readString(err, StandardCharsets.ISO_8859_1));
            } finally {
                Files.deleteIfExists(data);
                Files.deleteIfExists(sig);
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            return new Result(-1, "", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "", e.toString());
        }
    }
}
