/**
 * Adapters of the PEC transport: SMTP servers for the punto di accesso and the punto di ricezione
 * ({@code .smtp}, SubEthaSMTP), the outbound relay client, MX lookup (dnsjava) and the clamd client
 * ({@code .antivirus}). They reach the rest of the system only through the ports in {@code transport.domain}.
 * Never uses container APIs (no EJB/CDI/JAX-RS) nor the database: threads come from a supplied
 * {@link java.util.concurrent.ThreadFactory} (a ManagedThreadFactory in the container).
 */
package it.certmail.pec.transport.infra;
