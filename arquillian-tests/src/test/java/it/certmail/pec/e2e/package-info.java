/**
 * End-to-end tests: real providers started with {@code ./pec run} as processes (own data directory under
 * {@code target/e2e}, free ports, log in {@code target/e2e/<name>.log}) and driven by real clients: Jakarta Mail
 * over implicit TLS for users, raw SMTP into the reception points, the REST API, {@code openssl smime -verify}.
 *
 * <p>They run in the failsafe execution {@code e2e} ({@code **}{@code /*E2E.java}); the server must be built
 * first. Only them:
 * <pre>
 * mvn -B -pl pec-web,arquillian-tests -am verify -DskipWiringITs=true -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * Add {@code -Dit.test=TwoProvidersE2E} for one class, {@code -Dpec.e2e.health.seconds=300} on a slow machine.
 * Virus scenarios need {@code clamd} (Debian {@code clamav-daemon}); without it they are skipped with a message.
 */
package it.certmail.pec.e2e;
