package it.certmail.pec.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;

/**
 * Where RSA signatures are computed: the Amazon Corretto Crypto Provider (native AWS-LC) when its library loads
 * and passes its self-tests, else the JDK's own providers.
 *
 * <p>The native provider is handed to BouncyCastle's builders as an object and never registered with
 * {@link java.security.Security} nor in {@code java.security}: other applications in the same application
 * server, and every other algorithm of ours (TLS, digests, certificates), keep the JDK's providers. It only takes
 * software RSA keys; a key held in a token (PKCS#11) keeps signing with its own provider.
 */
public final class RsaProvider {

    private static final Logger LOG = Logger.getLogger(RsaProvider.class.getName());

    /** The JDK's providers (JCA default lookup). */
    public static final RsaProvider JDK = new RsaProvider(null);

    private final Provider nativeProvider;

    private RsaProvider(Provider nativeProvider) {
        this.nativeProvider = nativeProvider;
    }

    /**
     * The native provider when wanted and healthy; otherwise the JDK, with a WARNING saying why (an INFO when it
     * was turned off). Call once at start: loading the native library costs some tens of milliseconds.
     */
    public static RsaProvider select(boolean nativeWanted) {
        return select(nativeWanted, () -> {
            AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
            // throws when the library did not load (other OS or CPU, noexec temp dir) or a self-test failed
            accp.assertHealthy();
            return accp;
        });
    }

    /** As {@link #select(boolean)}, with the native provider coming from {@code nativeSource} (tests). */
    static RsaProvider select(boolean nativeWanted, Supplier<Provider> nativeSource) {
        if (!nativeWanted) {
            LOG.info("Native RSA turned off (pec.signature.native=false): signing and verifying with the JDK");
            return JDK;
        }
        try {
            Provider provider = nativeSource.get();
            LOG.info(() -> "Native RSA: signing and verifying with " + provider.getName() + " "
                    + provider.getVersionStr());
            return new RsaProvider(provider);
        } catch (RuntimeException | LinkageError e) {
            // LinkageError: the class or its native library cannot load (e.g. already loaded by another
            // application's class loader in the same server)
            LOG.warning(() -> "Native RSA unavailable (" + e + "): signing and verifying with the JDK, several "
                    + "times slower; set pec.signature.native=false to silence this warning");
            return JDK;
        }
    }

    public boolean isNative() {
        return nativeProvider != null;
    }

    /** The provider to sign with {@code key}, or empty for the JCA default (JDK, or the key's own token). */
    public Optional<Provider> forSigning(PrivateKey key) {
        return nativeProvider != null && key instanceof RSAPrivateCrtKey ? Optional.of(nativeProvider) : Optional.empty();
    }

    /**
     * {@code key} as the native provider's own key object, made once for a signer that keeps it: given a JDK key,
     * the native provider converts it on every signature (PKCS#8 to a native key) and AWS-LC then prepares that
     * fresh key again (Montgomery set-up, blinding: modular inverses), which cost more than the RSA operation
     * itself. The key itself when signing is not native, it is not a software RSA key, or the conversion fails.
     */
    public PrivateKey signingKey(PrivateKey key) {
        if (forSigning(key).isEmpty()) {
            return key;
        }
        try {
            return KeyFactory.getInstance(key.getAlgorithm(), nativeProvider).translateKey(key) instanceof PrivateKey
                    translated ? translated : key;
        } catch (GeneralSecurityException | RuntimeException e) {
            LOG.warning(() -> "Native RSA: the signing key could not be converted once (" + e
                    + "); it is converted at each signature");
            return key;
        }
    }

    /** The provider to verify with {@code key}, or empty for the JCA default. */
    public Optional<Provider> forVerifying(PublicKey key) {
        return nativeProvider != null && key instanceof RSAPublicKey ? Optional.of(nativeProvider) : Optional.empty();
    }

    /** For logs and the health page: {@code "AmazonCorrettoCryptoProvider 2.5.0"} or {@code "JDK"}. */
    public String describe() {
        return nativeProvider == null ? "JDK" : nativeProvider.getName() + " " + nativeProvider.getVersionStr();
    }

    @Override
    public String toString() {
        return "RsaProvider[" + describe() + "]";
    }
}
