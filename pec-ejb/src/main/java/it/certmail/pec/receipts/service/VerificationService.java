package it.certmail.pec.receipts.service;

import java.time.Clock;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import it.certmail.pec.crypto.SmimeVerifier;
import it.certmail.pec.index.service.ProviderIndexService;
import it.certmail.pec.mime.Spool;
import it.certmail.pec.platform.service.ProviderKeys;
import it.certmail.pec.receipts.infra.PecMessageClassifier;
import it.certmail.pec.receipts.infra.PecVerdict;

/**
 * Verifies any message as the reception point would (RFC 6109 §2.2.2): signature, chain to our trust anchors,
 * signer in the providers' index, formal correctness. Never throws on bad input.
 */
@Stateless
public class VerificationService {

    @Inject
    ProviderKeys keys;

    @Inject
    ProviderIndexService index;

    @Inject
    Clock clock;

    public PecVerdict verify(byte[] raw) {
        return classifier().classify(raw);
    }

    /** The same for a message held in a spool (a large one is read from its file). */
    public PecVerdict verify(Spool raw) {
        return classifier().classify(raw);
    }

    /** A classifier over the index as seen in the current transaction. */
    public PecMessageClassifier classifier() {
        return new PecMessageClassifier(new SmimeVerifier(keys.trustAnchors(), clock, keys.rsa()), index.index());
    }
}
