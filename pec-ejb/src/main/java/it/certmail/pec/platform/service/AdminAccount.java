package it.certmail.pec.platform.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;

import it.certmail.pec.crypto.SecretFiles;
import it.certmail.pec.security.domain.Base32;
import it.certmail.pec.security.domain.RecoveryCodes;
import it.certmail.pec.security.domain.Totp;
import it.certmail.pec.security.infra.Argon2idPasswordHasher;

/**
 * The built-in {@code admin} account. Its password is {@code pec.admin.password}; when that is unset, one is
 * generated on the first start, printed once, and only its Argon2id hash is kept in the data directory. Its TOTP
 * secret (the console's mandatory second factor) is kept beside it, owner-only, once enrolled, with the Argon2id
 * hashes of its unused recovery codes.
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

    private final Totp totp = Totp.standard();
    private byte[] configuredPassword;
    private String storedHash;
    private volatile byte[] totpSecret;
    private volatile List<String> recoveryHashes = List.of();
    /** A code works once: steps up to this one are spent (per node; a code lives at most 90 s). */
    private long lastTotpStep;

    @PostConstruct
    void init() {
        loadTotpSecret();
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

    /** Whether the second factor has been enrolled (the console asks for enrolment at the first login if not). */
    public boolean totpEnrolled() {
        return totpSecret != null;
    }

    /**
     * Checks a code of the enrolled secret; a code is accepted once.
     *
     * @return false also when nothing is enrolled
     */
    @Lock(LockType.WRITE)
    public boolean verifyTotp(String code, Instant now) {
        byte[] secret = totpSecret;
        if (secret == null) {
            return false;
        }
        OptionalLong step = totp.verify(secret, code, now, lastTotpStep);
        step.ifPresent(s -> lastTotpStep = s);
        return step.isPresent();
    }

    /**
     * Enrols {@code secret} if {@code code} proves the operator's app holds it; refuses when a secret is already
     * enrolled (replacing one is an admin act of its own, not a side door of the login).
     */
    @Lock(LockType.WRITE)
    public boolean enrolTotp(byte[] secret, String code, Instant now) {
        if (totpSecret != null) {
            return false;
        }
        OptionalLong step = totp.verify(secret, code, now, lastTotpStep);
        if (step.isEmpty()) {
            return false;
        }
        writeOwnerOnly(settings.dataDir().resolve(TOTP_FILE), Base32.encode(secret) + "\n");
        totpSecret = secret.clone();
        lastTotpStep = step.getAsLong();
        LOG.info("admin enrolled a TOTP second factor");
        return true;
    }

    /**
     * Issues {@value RecoveryCodes#COUNT} new recovery codes, replacing any earlier ones; only their hashes are kept.
     *
     * @return the codes in clear, to be shown once
     */
    @Lock(LockType.WRITE)
    public List<String> issueRecoveryCodes() {
        List<String> codes = RecoveryCodes.generate(new SecureRandom());
        List<String> hashes = codes.stream().map(hasher::hash).toList();
        writeOwnerOnly(settings.dataDir().resolve(RECOVERY_FILE), String.join("\n", hashes) + "\n");
        recoveryHashes = hashes;
        return codes;
    }

    /** Accepts an unused recovery code in place of a TOTP code, and spends it. */
    @Lock(LockType.WRITE)
    public boolean useRecoveryCode(String typed) {
        Optional<String> code = RecoveryCodes.normalize(typed);
        if (code.isEmpty() || totpSecret == null) {
            return false;
        }
        for (String hash : recoveryHashes) {
            if (hasher.verify(code.get(), hash)) {
                List<String> left = new ArrayList<>(recoveryHashes);
                left.remove(hash);
                writeOwnerOnly(settings.dataDir().resolve(RECOVERY_FILE), String.join("\n", left) + "\n");
                recoveryHashes = List.copyOf(left);
                LOG.warning("admin signed in with a recovery code; " + left.size() + " left");
                return true;
            }
        }
        return false;
    }

    public int recoveryCodesLeft() {
        return recoveryHashes.size();
    }

    private void loadTotpSecret() {
        Path file = settings.dataDir().resolve(TOTP_FILE);
        Path recovery = settings.dataDir().resolve(RECOVERY_FILE);
        try {
            totpSecret = Files.exists(file) ? Base32.decode(Files.readString(file, StandardCharsets.US_ASCII).strip())
                    : null;
            recoveryHashes = Files.exists(recovery) ? Files.readAllLines(recovery, StandardCharsets.US_ASCII).stream()
                    .map(String::strip).filter(l -> !l.isEmpty()).toList() : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the admin TOTP secret " + file, e);
        }
    }

    /** Replaces {@code file} atomically with {@code text}, readable by the owner only where the file system can say so. */
    private static void writeOwnerOnly(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            SecretFiles.createOwnerOnly(tmp);
            Files.writeString(tmp, text, StandardCharsets.US_ASCII);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
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
