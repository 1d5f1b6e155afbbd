/**
 * Console degli operatori ({@code /console/}): the sign-in (password, then TOTP) enforced by
 * {@link it.certmail.pec.web.console.OperatorAccessFilter}, thin Faces page beans, and
 * {@link it.certmail.pec.web.console.ConsoleFacade}, the one way into the application services, answering DTOs
 * ({@link it.certmail.pec.web.console.ConsoleViews}). Must not use the persistence layer or {@code ..infra..}.
 */
package it.certmail.pec.web.console;
