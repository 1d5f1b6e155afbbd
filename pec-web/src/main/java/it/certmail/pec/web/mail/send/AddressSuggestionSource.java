package it.certmail.pec.web.mail.send;

import java.util.List;

/**
 * A source of addresses the compose form offers while typing a recipient. Every CDI bean implementing it is asked
 * (the addresses the mailbox sent to before, {@link PastRecipients}; the address book adds its contacts by
 * implementing it too), and their answers are merged, first source first.
 */
public interface AddressSuggestionSource {

    /** At most {@code max} addresses for {@code mailbox}, the likeliest first. */
    List<String> addresses(String mailbox, int max);
}
