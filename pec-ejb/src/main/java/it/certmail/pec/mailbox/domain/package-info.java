/**
 * Pure mailbox logic (JDK only): header summaries with RFC 2047 decoding, address rules, the client-password
 * cache, and the typed errors of the mailbox use cases.
 */
package it.certmail.pec.mailbox.domain;
