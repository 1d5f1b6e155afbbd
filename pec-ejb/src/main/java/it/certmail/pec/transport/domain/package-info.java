/**
 * Trasporto PEC: the pure side of the transport (RFC 6109 §2.2, pec-spec §4.1 "Transport" and §8): SMTP replies,
 * the ports the SMTP adapters call (submission at the punto di accesso, reception at the punto di ricezione),
 * per-recipient delivery outcomes, relay routing and the retry schedule. Pure JDK: no jakarta.*, no
 * SubEthaSMTP, no DNS library; the adapters live in {@code transport.infra}.
 */
package it.certmail.pec.transport.domain;
