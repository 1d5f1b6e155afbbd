package it.certmail.pec.transport.core;

import it.certmail.pec.mime.Spool;
import it.certmail.pec.receipts.infra.PecVerdict;

/**
 * Port: verifies a received message as live reception does (signature, trust, formal correctness). The verdict's
 * signed content reads from the spool, so it is valid while the spool is open. Never throws on bad input.
 */
@FunctionalInterface
public interface EnvelopeVerifier {

    PecVerdict verify(Spool raw);
}
