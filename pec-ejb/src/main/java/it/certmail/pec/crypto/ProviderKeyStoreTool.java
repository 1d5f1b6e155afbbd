package it.certmail.pec.crypto;

import java.nio.file.Path;
import java.time.Instant;

/**
 * Creates the provider's key material before the server boots, so that the HTTPS listener (configured at boot,
 * before the application runs) presents the same TLS certificate as the SMTP, IMAP and POP3 listeners. Run by
 * {@code ./pec run}; the application later loads the very same files ({@link ProviderKeyStore#loadOrCreate}).
 *
 * <p>Usage: {@code ProviderKeyStoreTool <keys dir> <provider name> <domain>}; prints the TLS key store file.
 */
public final class ProviderKeyStoreTool {

    private ProviderKeyStoreTool() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: ProviderKeyStoreTool <keys dir> <provider name> <domain>");
            System.exit(2);
        }
        Path dir = Path.of(args[0]).toAbsolutePath().normalize();
        ProviderKeyStore.loadOrCreate(dir, args[1], args[2].toLowerCase(java.util.Locale.ROOT), Instant.now());
        System.out.println(dir.resolve(ProviderKeyStore.TLS_FILE));
    }
}
