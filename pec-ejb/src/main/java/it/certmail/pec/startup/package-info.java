/**
 * Avvio: the composition root run once at start (service mailbox, own index record, log partitions, then the SMTP,
 * IMAP and POP3 listeners and the transport workers). It may reach into every context; no context depends on it,
 * so the shared {@code platform} kernel (settings, keys, schema) stays free of the contexts it serves.
 */
package it.certmail.pec.startup;
