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
 * Verifies any message as the reception point would (RFC 6109 §2.2.2): signature, chain to our trust anchors or
 * signer in the providers' index, formal correctness; as of now for live reception, as of the signing time for the
 * verify tool. Never throws on bad input.
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

    /**
     * The verify tool's judgement of a stored or uploaded message: as of its signing time (an archived message whose
     * certificate has expired since is still valid; altered content never is). Live reception uses {@link #verify}.
     */
    public PecVerdict judgeAsOfSigning(byte[] raw) {
        return classifier(PecMessageClassifier.Moment.SIGNING_TIME).classify(raw);
    }

    /** A classifier over the index as seen in the current transaction, judging as live reception does. */
    public PecMessageClassifier classifier() {
        return classifier(PecMessageClassifier.Moment.NOW);
    }

    private PecMessageClassifier classifier(PecMessageClassifier.Moment moment) {
        return new PecMessageClassifier(new SmimeVerifier(keys.trustAnchors(), clock, keys.rsa()), index.index(),
                moment);
    }
}
