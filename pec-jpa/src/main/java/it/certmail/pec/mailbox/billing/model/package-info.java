/**
 * Plans (the catalog, as data admins edit), subscriptions with their lifecycle facts, add-ons, discount codes,
 * orders, invoices and payments. Imports jakarta.persistence only. Amounts are integer euro cents. Tables:
 * {@code db/migration/V9__lifecycle_billing.sql}.
 * <p>
 * Billing is part of the mailbox context, not a context of its own: a subscription holds its mailbox and the
 * lifecycle's state, the lifecycle charges renewals, a new mailbox pays its first period and add-ons set the
 * mailbox's quota, seats and SMS alerts; they change together (docs/layering.md).
 */
package it.certmail.pec.mailbox.billing.model;
