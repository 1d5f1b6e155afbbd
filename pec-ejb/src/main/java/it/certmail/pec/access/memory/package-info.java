/**
 * Accesso alla casella in memoria: {@link it.certmail.pec.access.memory.InMemoryMailAccess}, the
 * {@link it.certmail.pec.access.domain.MailAccess} port over maps with the JPA store's behaviour, for tests and
 * fuzzing of the IMAP and POP3 sessions. No container, no database.
 */
package it.certmail.pec.access.memory;
