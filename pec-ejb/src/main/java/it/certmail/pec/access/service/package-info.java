/**
 * Servizi di accesso client: the transactional facade over the store for IMAP/POP3 sessions, the listeners'
 * lifecycle and configuration, and the after-commit "new mail" notifications.
 */
package it.certmail.pec.access.service;
