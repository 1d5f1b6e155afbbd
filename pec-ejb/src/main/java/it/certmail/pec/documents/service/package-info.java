/**
 * The holder's documents as the holder's area serves them: each invoice as a PDF, the contract generated once and
 * kept, the official-log extract signed by the provider (detached CMS), and every request and download recorded.
 * Every method takes the mailbox address the caller's session proved and answers only that mailbox's documents.
 */
package it.certmail.pec.documents.service;
