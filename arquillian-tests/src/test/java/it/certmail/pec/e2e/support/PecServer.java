package it.certmail.pec.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import it.certmail.pec.crypto.Certificates;

/**
 * Un gestore PEC reale: {@code ./pec run} started as a process from the repository root, with its own data
 * directory and free ports, output appended to {@code target/e2e/<name>.log}. The launcher execs java, so the
 * process is the JVM itself ({@link #kill9()} is a real SIGKILL of the server). {@link #onServer(String)} runs the
 * EAR on a full server instead ({@code ./pec run --server payara|wildfly}).
 */
public final class PecServer {

    public static final String ADMIN_PASSWORD = "E2e-Admin-Password-1";
    /** 150 s, or {@code -Dpec.e2e.health.seconds} on a slower machine. */
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(Long.getLong("pec.e2e.health.seconds", 150));
    /** 300 s on a full server (domain/server set-up and the EAR's deployment), or {@code -Dpec.e2e.fullserver.health.seconds}. */
    private static final Duration FULL_SERVER_HEALTH_TIMEOUT = Duration.ofSeconds(Long.getLong("pec.e2e.fullserver.health.seconds", 300));
    private static final Set<PecServer> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        // a test JVM that dies must not leave servers behind
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(s -> {
            Process p = s.process;
            if (p != null) {
                p.destroyForcibly();
            }
        })));
    }

    private final String name;
    private final String domain;
    private final String providerName;
    private final Path repo;
    private final Path dataDir;
    private final Path logFile;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final int httpPort;
    private final int httpsPort;
    private final int submissionPort;
    private final int startTlsPort;
    private final int inboundPort;
    private final int imapPort;
    private final int pop3Port;
    /** micro (the WAR on Payara Micro), payara (the EAR on Payara Server) or wildfly (the EAR on WildFly). */
    private String server = "micro";
    private final PecRest rest;
    private volatile Process process;

    /**
     * @param name         short name: node name, log file and data directory
     * @param domain       PEC_DOMAIN, e.g. {@code pec.a.test} (service mailbox {@code posta-certificata@<domain>})
     * @param providerName PEC_PROVIDER_NAME
     */
    public PecServer(String name, String domain, String providerName) {
        this.name = name;
        this.domain = domain;
        this.providerName = providerName;
        this.repo = repoRoot();
        Path work = workDir();
        this.dataDir = work.resolve(name + "-data");
        this.logFile = work.resolve(name + ".log");
        this.httpPort = freePort();
        this.httpsPort = freePort();
        this.submissionPort = freePort();
        this.startTlsPort = freePort();
        this.inboundPort = freePort();
        this.imapPort = freePort();
        this.pop3Port = freePort();
        this.rest = new PecRest(httpPort, ADMIN_PASSWORD);
    }

    /** Any MicroProfile Config key as environment variable, e.g. {@code PEC_RELAY_ROUTES}; applies from the next start. */
    public PecServer env(String key, String value) {
        env.put(key, value);
        return this;
    }

    /** Runs the EAR on a full server: {@code payara} or {@code wildfly} ({@code micro}, the default, runs the WAR). */
    public PecServer onServer(String server) {
        if (!List.of("micro", "payara", "wildfly").contains(server)) {
            throw new IllegalArgumentException(server);
        }
        this.server = server;
        return this;
    }

    public String server() {
        return server;
    }

    /** The repository root: system property {@code pec.e2e.repo}, else {@code ..} from the module directory. */
    public static Path repoRoot() {
        return Path.of(System.getProperty("pec.e2e.repo", "..")).toAbsolutePath().normalize();
    }

    /** {@code target/e2e} of the module. */
    public static Path workDir() {
        try {
            return Files.createDirectories(Path.of("target", "e2e").toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port free right now (the OS does not hand it out again soon). */
    public static int freePort() {
        synchronized (PecServer.class) {
            // below Linux's ephemeral range (32768-60999): a port the kernel hands out for a bind to 0 is also what it
            // hands the next outgoing connection (a JDBC or HTTP client of this very test), which then holds it when
            // the server comes to bind it minutes later ("Address already in use", seen in a CI run)
            for (int attempt = 0; attempt < 200; attempt++) {
                int port = 20_000 + PORTS.nextInt(12_000);
                if (!HANDED_OUT.add(port)) {
                    continue;
                }
                try (ServerSocket s = new ServerSocket(port)) {
                    return s.getLocalPort();
                } catch (IOException taken) {
                    // in use by something else: try another
                }
            }
            throw new IllegalStateException("no free port between 20000 and 32000");
        }
    }

    private static final java.util.Random PORTS = new java.util.Random();
    /** Ports given out by this JVM, never given twice (a server may not have bound its port yet). */
    private static final java.util.Set<Integer> HANDED_OUT = new java.util.HashSet<>();

    /** Deletes the data directory of an earlier run; call before the first {@link #start()}. */
    public PecServer freshDataDir() {
        deleteTree(dataDir);
        try {
            Files.deleteIfExists(logFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Starts the process (does not wait for health). */
    public synchronized PecServer start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        Path war = repo.resolve("pec-web/target/pec-web.war");
        Path micro = repo.resolve("pec-web/target/runtime/payara-micro.jar");
        if (!Files.isRegularFile(war) || !Files.isRegularFile(micro)) {
            throw new IllegalStateException("no server build at " + war + " / " + micro
                    + ": run `mvn -B -q -o package -DskipTests -pl pec-web -am` first");
        }
        Path ear = repo.resolve("pec-ear/target/pec.ear");
        if (!server.equals("micro") && !Files.isRegularFile(ear)) {
            throw new IllegalStateException("no EAR at " + ear + ": run `mvn -B -q -o package -DskipTests -pl pec-ear -am` first");
        }
        try {
            Files.createDirectories(dataDir);
            Files.writeString(logFile, "==== start " + java.time.Instant.now() + " ====\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            List<String> command = new ArrayList<>(List.of(repo.resolve("pec").toString(), "run"));
            if (!server.equals("micro")) {
                command.addAll(List.of("--server", server));
            }
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(repo.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Map<String, String> e = pb.environment();
            e.put("PEC_DATA_DIR", dataDir.toString());
            e.put("PEC_HTTP_PORT", Integer.toString(httpPort));
            e.put("PEC_HTTPS_PORT", Integer.toString(httpsPort));
            e.put("PEC_NODE_NAME", "e2e-" + name);
            e.put("PEC_DOMAIN", domain);
            e.put("PEC_PROVIDER_NAME", providerName);
            e.put("PEC_ADMIN_PASSWORD", ADMIN_PASSWORD);
            e.put("PEC_SMTP_SUBMISSION_PORT", Integer.toString(submissionPort));
            e.put("PEC_SMTP_STARTTLS_PORT", Integer.toString(startTlsPort));
            e.put("PEC_SMTP_INBOUND_PORT", Integer.toString(inboundPort));
            e.put("PEC_IMAP_PORT", Integer.toString(imapPort));
            // the full servers' administration ports (Payara's admin listener, WildFly's management interface)
            e.put("PEC_ADMIN_PORT", Integer.toString(freePort()));
            e.put("PEC_POP3_PORT", Integer.toString(pop3Port));
            e.put("PEC_SMTP_BIND", "127.0.0.1");
            e.put("PEC_JAVA_OPTS", "-Xmx768m -XX:+UseSerialGC");
            e.remove("PEC_DB_URL");
            e.putAll(env);
            process = pb.start();
            RUNNING.add(this);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot start " + name, ex);
        }
        return this;
    }

    /** Waits until {@code GET /health} says UP; fails with the log tail after 150 s or when the process dies. */
    public PecServer awaitHealthy() {
        Duration timeout = server.equals("micro") ? HEALTH_TIMEOUT : FULL_SERVER_HEALTH_TIMEOUT;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before it was healthy;"
                        + " log tail:\n" + logTail(60));
            }
            // on a restart Payara Micro first starts the copy of the app kept in its root dir, answers UP, then
            // undeploys it for the --deploy one: only "ready in" in the log marks the end of the boot (on the full
            // servers, the end of the EAR's deployment)
            if (bootFinished() && rest.health() == 200) {
                return this;
            }
            String failed = deployFailed();
            if (failed != null) {
                throw new IllegalStateException(name + ": the deployment failed (" + failed + "); log tail:\n" + logTail(60));
            }
            sleep(500);
        }
        throw new IllegalStateException(name + " not healthy after " + timeout.toSeconds() + " s (boot "
                + (bootFinished() ? "finished" : "not finished") + ", last /health: " + rest.lastHealth()
                + "); log tail:\n" + logTail(60));
    }

    /** On a full server, the log line saying that the EAR's deployment failed since the last start; else null. */
    private String deployFailed() {
        List<String> markers = switch (server) {
            case "payara" -> List.of("Boot Command deploy failed");
            case "wildfly" -> List.of("WFLYCTL0013: Operation (\"deploy\")", "WFLYCTL0186:", "WFLYSRV0021:");
            default -> List.of();
        };
        try {
            String log = Files.readString(logFile, StandardCharsets.ISO_8859_1);
            int start = Math.max(0, log.lastIndexOf("==== start "));
            for (String m : markers) {
                int at = log.indexOf(m, start);
                if (at >= 0) {
                    int end = log.indexOf('\n', at);
                    return log.substring(at, end < 0 ? log.length() : Math.min(end, at + 400));
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether Payara Micro logged "ready in" (a full server: the EAR deployed) since the last start. */
    private boolean bootFinished() {
        String marker = switch (server) {
            case "payara" -> "Boot Command deploy returned with result SUCCESS";
            case "wildfly" -> "WFLYSRV0010: Deployed \"pec.ear\"";
            default -> " ready in ";
        };
        try {
            String log = Files.readString(logFile, StandardCharsets.ISO_8859_1);
            int start = log.lastIndexOf("==== start ");
            return log.indexOf(marker, Math.max(0, start)) >= 0;
        } catch (IOException e) {
            return false;
        }
    }

    public PecServer startAndWait() {
        return start().awaitHealthy();
    }

    /** Orderly stop (SIGTERM), then SIGKILL after 30 s. */
    public synchronized void stop() {
        Process p = process;
        if (p == null) {
            return;
        }
        // WildFly runs under standalone.sh, which forwards SIGTERM to its JVM: a JVM still there afterwards is killed
        List<ProcessHandle> children = p.descendants().toList();
        p.destroy();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
            for (ProcessHandle child : children) {
                if (child.isAlive()) {
                    child.onExit().get(20, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
        RUNNING.remove(this);
    }

    /**
     * SIGKILL of the server JVM. Checks that the process really is java (the launcher execs it); otherwise kills
     * the java descendants too.
     *
     * @return the command line of the killed process, for the report
     */
    public synchronized String kill9() {
        Process p = process;
        String command = p.info().command().orElse("?");
        List<ProcessHandle> javaChildren = new ArrayList<>();
        if (!command.endsWith("/java") && !command.equals("java")) {
            p.descendants().filter(h -> h.info().command().orElse("").endsWith("java")).forEach(javaChildren::add);
        }
        p.destroyForcibly(); // SIGKILL on Linux
        javaChildren.forEach(ProcessHandle::destroyForcibly);
        try {
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        RUNNING.remove(this);
        return command + " (pid " + p.pid() + ", exit " + (p.isAlive() ? "alive!" : p.exitValue()) + ")";
    }

    /** Starts again on the same data directory and ports. */
    public PecServer restart() {
        stop();
        return startAndWait();
    }

    public boolean isAlive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.ISO_8859_1);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Lines of the server log containing {@code needle}. */
    public List<String> logLines(String needle) {
        try {
            return Files.readAllLines(logFile, StandardCharsets.ISO_8859_1).stream().filter(l -> l.contains(needle))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    public PecRest rest() {
        return rest;
    }

    public String name() {
        return name;
    }

    public String domain() {
        return domain;
    }

    public String providerName() {
        return providerName;
    }

    public String serviceAddress() {
        return "posta-certificata@" + domain;
    }

    public int httpPort() {
        return httpPort;
    }

    /** The HTTPS listener (console, holder area, REST API) with the provider's TLS certificate. */
    public int httpsPort() {
        return httpsPort;
    }

    public int submissionPort() {
        return submissionPort;
    }

    public int startTlsPort() {
        return startTlsPort;
    }

    /** IMAP with implicit TLS (as 993). */
    public int imapPort() {
        return imapPort;
    }

    /** POP3 with implicit TLS (as 995). */
    public int pop3Port() {
        return pop3Port;
    }

    public int inboundPort() {
        return inboundPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path logFile() {
        return logFile;
    }

    private volatile Path caFile;

    /** The provider's CA (from {@code GET /api/admin/provider/ca}) as a PEM file under target/e2e, fetched once. */
    public Path caPemFile() {
        if (caFile == null) {
            try {
                Path f = workDir().resolve(name + "-ca.pem");
                Files.writeString(f, rest.providerCaPem());
                caFile = f;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return caFile;
    }

    public X509Certificate caCertificate() {
        try {
            return Certificates.readSinglePem(caPemFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (CertificateException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Creates the mailbox and returns it with a fresh client password. */
    public Mailbox mailbox(String address, String holderName) {
        rest.createMailbox(address, holderName);
        return existingMailbox(address);
    }

    /** A mailbox that already exists (e.g. the service mailbox), with a fresh client password. */
    public Mailbox existingMailbox(String address) {
        return new Mailbox(this, address, rest.clientPassword(address));
    }

    public Optional<Mailbox> serviceMailbox() {
        try {
            return Optional.of(existingMailbox(serviceAddress()));
        } catch (IllegalStateException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return name + "(" + domain + ", http " + httpPort + ", https " + httpsPort + ", submission " + submissionPort + ", inbound "
                + inboundPort + ")";
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
