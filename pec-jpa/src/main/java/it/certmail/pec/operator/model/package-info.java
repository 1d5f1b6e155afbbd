/**
 * Operatori e registro delle modifiche: the console's and admin API's operator accounts with their roles
 * ({@link it.certmail.pec.operator.model.OperatorAccount}, {@link it.certmail.pec.operator.model.OperatorRole}) and
 * the append-only audit trail of their changes ({@link it.certmail.pec.operator.model.AuditRecord}); tables in
 * {@code db/migration/V40__operators_and_audit.sql}. Imports jakarta.persistence only.
 */
package it.certmail.pec.operator.model;
