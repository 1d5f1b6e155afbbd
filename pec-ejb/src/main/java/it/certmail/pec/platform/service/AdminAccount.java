package it.certmail.pec.platform.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;

import it.certmail.pec.security.domain.Base32;
import it.certmail.pec.security.infra.Argon2idPasswordHasher;

/**
 * The built-in {@code admin} account. Its password is {@code pec.admin.password}; when that is unset, one is
 * generated on the first start, printed once, and only its Argon2id hash is kept in the data directory. Its TOTP
 * secret and recovery codes live in the database with every operator's ({@code OperatorAccounts}); earlier versions
 * kept them in per-node files, which {@link #legacySecondFactor()} reads once for the move.
 */
@Singleton
@Startup
@Lock(LockType.READ)
public class AdminAccount {

    public static final String USER = "admin";
    private static final Logger LOG = Logger.getLogger(AdminAccount.class.getName());
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    @Inject
    PlatformSettings settings;

    private final Argon2idPasswordHasher hasher = new Argon2idPasswordHasher();
    static final String TOTP_FILE = "admin-totp.secret";
    static final String RECOVERY_FILE = "admin-recovery-codes.argon2id";

    private byte[] configuredPassword;
    private String storedHash;

    @PostConstruct
    void init() {
        if (settings.adminPassword().isPresent()) {
            configuredPassword = settings.adminPassword().get().getBytes(StandardCharsets.UTF_8);
            return;
        }
        Path file = settings.dataDir().resolve("admin-password.argon2id");
        try {
            if (Files.exists(file)) {
                storedHash = Files.readString(file).trim();
                return;
            }
            String generated = generate();
            Files.createDirectories(file.getParent());
            Files.writeString(file, hasher.hash(generated) + "\n");
            storedHash = Files.readString(file).trim();
            // Printed once on purpose: only the hash is kept.
            LOG.warning("pec.admin.password is not set: generated the admin password " + generated
                    + " (shown only now; its hash is in " + file + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the admin password hash in " + file, e);
        }
    }

    public boolean authenticate(String user, String password) {
        if (!USER.equals(user) || password == null) {
            return false;
        }
        if (configuredPassword != null) {
            return MessageDigest.isEqual(configuredPassword, password.getBytes(StandardCharsets.UTF_8));
        }
        return hasher.verify(password, storedHash);
    }

    /** A second factor enrolled by an earlier version, kept in this node's data directory. */
    public record LegacySecondFactor(byte[] secret, List<String> recoveryHashes) {
    }

    /**
     * The TOTP secret and recovery-code hashes that earlier versions kept per node in the data directory; read once
     * at start, so {@code OperatorAccounts} can move them into the database (where every node sees them).
     */
    public Optional<LegacySecondFactor> legacySecondFactor() {
        Path file = settings.dataDir().resolve(TOTP_FILE);
        Path recovery = settings.dataDir().resolve(RECOVERY_FILE);
        try {
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            byte[] secret = Base32.decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
            List<String> hashes = Files.exists(recovery) ? Files.readAllLines(recovery, StandardCharsets.US_ASCII)
                    .stream().map(String::strip).filter(l -> !l.isEmpty()).toList() : List.of();
            return Optional.of(new LegacySecondFactor(secret, hashes));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the admin TOTP secret " + file, e);
        }
    }

    /** Deletes the per-node files once the database holds their content: a secret is kept in one place. */
    public void forgetLegacySecondFactor() {
        try {
            Files.deleteIfExists(settings.dataDir().resolve(TOTP_FILE));
            Files.deleteIfExists(settings.dataDir().resolve(RECOVERY_FILE));
        } catch (IOException e) {
            LOG.warning("could not delete the admin's old TOTP files: " + e.getMessage());
        }
    }

    private static String generate() {
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
