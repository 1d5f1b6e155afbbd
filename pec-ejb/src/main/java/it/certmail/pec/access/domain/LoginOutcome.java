package it.certmail.pec.access.domain;

/** Esito del login: granted with the canonical address, refused for bad credentials, or refused by status. */
public sealed interface LoginOutcome {

    record Granted(String address) implements LoginOutcome {
    }

    record BadCredentials() implements LoginOutcome {
    }

    /** Right password, but the mailbox's status forbids access; {@code status} names it for the user. */
    record Forbidden(String address, String status) implements LoginOutcome {
    }
}
