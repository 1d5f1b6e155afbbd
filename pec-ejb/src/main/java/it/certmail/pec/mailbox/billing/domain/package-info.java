/**
 * Fatturazione, pure: money in integer cents, VAT, pro rata, discount codes, invoice numbers, the plan catalog's
 * terms and plan changes. JDK only (plus the pec-jpa enums and values the entities hold); no jakarta.*, no clock:
 * every method takes its time as a parameter.
 */
package it.certmail.pec.mailbox.billing.domain;
