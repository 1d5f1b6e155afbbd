package it.certmail.pec.transport.domain;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Controlli formali del punto di accesso (RFC 6109 §3.1.1): any failure means an avviso di non accettazione
 * with the reasons, in Italian, as the {@code errore-esteso} and the notice's text.
 */
public final class SubmissionChecks {

    private SubmissionChecks() {
    }

    /**
     * @param senderMaySend whether the authenticated mailbox's status allows sending now
     * @return the violations, empty when the message may be accepted
     */
    public static List<String> violations(SubmissionFacts f, SubmissionLimits limits, boolean senderMaySend) {
        List<String> problems = new ArrayList<>();
        if (!senderMaySend) {
            problems.add("la casella del mittente non è abilitata all'invio");
        }
        for (String p : f.headerProblems()) {
            problems.add("messaggio non conforme allo standard RFC 5322: " + p);
        }
        if (f.from() == null) {
            problems.add("campo From assente o non valido");
        } else {
            if (!f.from().equalsIgnoreCase(f.reversePath())) {
                problems.add("il mittente del messaggio (From) non corrisponde al mittente della sessione SMTP");
            }
            if (!f.from().equalsIgnoreCase(f.authenticatedMailbox())) {
                problems.add("il mittente del messaggio (From) non corrisponde alla casella autenticata");
            }
        }
        if (f.to().isEmpty()) {
            problems.add("campo To assente o senza indirizzi validi");
        }
        if (f.bccPresent()) {
            problems.add("destinatari in copia nascosta (Bcc) non ammessi");
        }
        Set<String> headerRecipients = lower(f.to());
        headerRecipients.addAll(lower(f.cc()));
        Set<String> envelopeRecipients = lower(f.forwardPaths());
        if (!headerRecipients.equals(envelopeRecipients)) {
            problems.add("i destinatari della sessione SMTP non corrispondono ai campi To e Cc");
        }
        int recipients = envelopeRecipients.size();
        if (recipients > limits.maxRecipients()) {
            problems.add("numero di destinatari (" + recipients + ") superiore al massimo consentito ("
                    + limits.maxRecipients() + ")");
        }
        if (f.sizeBytes() * Math.max(recipients, 1) > limits.maxTotalBytes()) {
            problems.add("dimensione del messaggio per numero di destinatari superiore al massimo consentito ("
                    + limits.maxTotalBytes() / (1024 * 1024) + " MB)");
        }
        return List.copyOf(problems);
    }

    private static Set<String> lower(List<String> addresses) {
        Set<String> out = new HashSet<>();
        for (String a : addresses) {
            out.add(a.toLowerCase(Locale.ROOT));
        }
        return out;
    }
}
