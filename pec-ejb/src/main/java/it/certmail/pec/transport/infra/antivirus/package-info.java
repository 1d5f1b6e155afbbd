/**
 * Antivirus adapter of the PEC transport (RFC 6109 §5.4): a small clamd client speaking INSTREAM over TCP or a
 * unix socket (stack.md §7.8). No container APIs, no database.
 */
package it.certmail.pec.transport.infra.antivirus;
