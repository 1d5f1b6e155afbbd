/**
 * Billing on the database ({@link it.certmail.pec.billing.infra.JpaBilling}, in the caller's transaction) and the
 * sandbox payment gateway. No container APIs.
 */
package it.certmail.pec.billing.infra;
