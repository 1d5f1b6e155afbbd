/**
 * Billing on the database ({@link it.certmail.pec.mailbox.billing.infra.JpaBilling}, in the caller's transaction)
 * and the sandbox payment gateway. No container APIs.
 */
package it.certmail.pec.mailbox.billing.infra;
