package it.certmail.pec.e2e.support;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Un clamd vero (Debian {@code clamav-daemon}) started with a temporary configuration and a database of the EICAR test file's
 * signatures (its MD5 and its bytes): it starts in a second, needs no freshclam, and finds EICAR inside
 * MIME attachments (clamd decodes mail).
 */
public final class Clamd implements Closeable {

    private static final String[] PATHS = {"/usr/sbin/clamd", "/usr/local/sbin/clamd", "/usr/bin/clamd"};
    public static final String SIGNATURE = "Pec.E2e.Eicar";
    /** The EICAR test string, assembled so that this source file itself is not flagged. */
    public static final byte[] EICAR = ("X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + "EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*")
            .getBytes(StandardCharsets.US_ASCII);

    private final Process process;
    private final int port;
    private final Path dir;

    private Clamd(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    public static Optional<Path> binary() {
        for (String p : PATHS) {
            if (Files.isExecutable(Path.of(p))) {
                return Optional.of(Path.of(p));
            }
        }
        return Optional.empty();
    }

    /** Starts clamd on a free TCP port; empty (with the reason printed) when it is not installed or does not come up. */
    public static Optional<Clamd> start() {
        Optional<Path> bin = binary();
        if (bin.isEmpty()) {
            System.out.println("SKIPPED (virus scenarios): clamd not installed (apt-get install clamav-daemon)");
            return Optional.empty();
        }
        try {
            Path dir = PecServer.workDir().resolve("clamd");
            PecServer.deleteTree(dir);
            Path db = Files.createDirectories(dir.resolve("db"));
            String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(EICAR));
            Files.writeString(db.resolve("pec-e2e.hdb"), md5 + ":" + EICAR.length + ":" + SIGNATURE + "\n");
            // the hash signature matches a decoded attachment byte for byte; the body signature also matches the
            // string inside a 7bit part, whose extracted content carries the line end
            Files.writeString(db.resolve("pec-e2e.ndb"), SIGNATURE + ".Body:0:*:" + HexFormat.of().formatHex(EICAR)
                    + "\n");
            int port = PecServer.freePort();
            Path conf = dir.resolve("clamd.conf");
            Files.writeString(conf, String.join("\n",
                    "TCPSocket " + port,
                    "TCPAddr 127.0.0.1",
                    "DatabaseDirectory " + db,
                    "TemporaryDirectory " + dir,
                    "LogFile " + dir.resolve("clamd.log"),
                    "Foreground yes",
                    "StreamMaxLength 200M",
                    "MaxScanSize 400M",
                    "MaxFileSize 200M",
                    "LogClean yes",
                    ""));
            Process p = new ProcessBuilder(bin.get().toString(), "-c", conf.toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("clamd.out").toFile()).start();
            Clamd clamd = new Clamd(p, port, dir);
            for (int i = 0; i < 300 && p.isAlive(); i++) {
                if (clamd.ping()) {
                    return Optional.of(clamd);
                }
                PecServer.sleep(100);
            }
            System.out.println("SKIPPED (virus scenarios): clamd did not answer PING: " + clamd.log());
            clamd.close();
            return Optional.empty();
        } catch (IOException | NoSuchAlgorithmException e) {
            System.out.println("SKIPPED (virus scenarios): cannot start clamd: " + e);
            return Optional.empty();
        }
    }

    /** {@code host:port} for {@code PEC_ANTIVIRUS_CLAMD}. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    public boolean ping() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write("zPING\0".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).startsWith("PONG");
        } catch (IOException e) {
            return false;
        }
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("clamd.out")) + "\n" + (Files.exists(dir.resolve("clamd.log"))
                    ? Files.readString(dir.resolve("clamd.log")) : "");
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
