/**
 * Operatori: accounts of the people who run the provider (roles, password, mandatory TOTP) in
 * {@link it.certmail.pec.operator.service.OperatorAccounts}, and the append-only audit trail of their changes in
 * {@link it.certmail.pec.operator.service.AuditTrail}. {@code ..domain} is pure (JDK only).
 */
package it.certmail.pec.operator;
