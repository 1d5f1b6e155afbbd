/**
 * Plans (the catalog, as data admins edit), subscriptions with their lifecycle facts, add-ons, discount codes,
 * orders, invoices and payments. Imports jakarta.persistence only. Amounts are integer euro cents. Tables:
 * {@code db/migration/V9__lifecycle_billing.sql}.
 */
package it.certmail.pec.billing.model;
