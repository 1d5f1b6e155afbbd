package it.certmail.pec.platform.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import it.certmail.pec.crypto.SecretFiles;
import it.certmail.pec.security.domain.SealedSecrets;

/**
 * The key that seals second-factor secrets at rest (operators' and holders' TOTP): {@code pec.secrets.key} (Base64
 * of 32 bytes) when configured, else {@value #FILE} beside the provider's key material in the data directory,
 * made on the first start. Every node must have the same key, as it has the same signing key.
 */
@ApplicationScoped
public class SecretKeys {

    static final String FILE = "secrets.key";

    @Inject
    PlatformSettings settings;

    @Inject
    @ConfigProperty(name = "pec.secrets.key")
    Optional<String> configured;

    private SealedSecrets sealer;

    @PostConstruct
    void load() {
        sealer = new SealedSecrets(key());
    }

    private byte[] key() {
        if (configured.isPresent() && !configured.get().isBlank()) {
            return Base64.getDecoder().decode(configured.get().strip());
        }
        Path file = settings.dataDir().resolve("keys").resolve(FILE);
        try {
            if (!Files.exists(file)) {
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                Files.createDirectories(file.getParent());
                try {
                    SecretFiles.createOwnerOnly(file);
                    Files.writeString(file, Base64.getEncoder().encodeToString(fresh), StandardCharsets.US_ASCII);
                } catch (java.nio.file.FileAlreadyExistsException anotherNodeMadeIt) {
                    // read below
                }
            }
            return Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the secrets key " + file, e);
        }
    }

    public SealedSecrets sealer() {
        return sealer;
    }
}
