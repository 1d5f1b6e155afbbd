package it.certmail.pec.log.infra;

import java.util.Optional;

import it.certmail.pec.crypto.SignatureCheck;
import it.certmail.pec.crypto.SmimeVerifier;
import it.certmail.pec.log.domain.SealSignatureCheck;

/**
 * A seal is the provider's when its detached CMS signature matches its content, the signer's certificate chains to
 * one of our trust anchors, and the certificate names the provider's service address (another provider's valid
 * signature is not ours).
 */
public final class CmsSealSignatures implements SealSignatureCheck {

    private final SmimeVerifier verifier;
    private final String providerAddress;

    public CmsSealSignatures(SmimeVerifier verifier, String providerAddress) {
        this.verifier = verifier;
        this.providerAddress = providerAddress;
    }

    @Override
    public Optional<String> problem(byte[] content, byte[] signature) {
        SignatureCheck check = verifier.verifyDetached(content, signature);
        if (!check.valid()) {
            return Optional.of(check.problems().isEmpty() ? "not valid" : String.join("; ", check.problems()));
        }
        if (check.signerAddress() == null || !check.signerAddress().equalsIgnoreCase(providerAddress)) {
            return Optional.of("signed by " + check.signerAddress() + ", not by the provider (" + providerAddress + ")");
        }
        return Optional.empty();
    }
}
