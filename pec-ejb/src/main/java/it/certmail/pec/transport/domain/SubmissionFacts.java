package it.certmail.pec.transport.domain;

import java.util.List;

/**
 * What the access point knows of a submission before accepting it: the SMTP envelope, the authenticated
 * mailbox and the header fields the formal checks of RFC 6109 §3.1.1 look at. Addresses are bare, lower-case.
 *
 * @param headerProblems RFC 5322 violations found while parsing the header (empty when well-formed)
 * @param from           the single address of {@code From:}, or null when absent, invalid or not exactly one
 * @param bccPresent     a {@code Bcc:} field with at least one address
 */
public record SubmissionFacts(String authenticatedMailbox, String reversePath, List<String> forwardPaths,
                              List<String> headerProblems, String from, List<String> to, List<String> cc,
                              boolean bccPresent, long sizeBytes) {

    public SubmissionFacts {
        forwardPaths = List.copyOf(forwardPaths);
        headerProblems = List.copyOf(headerProblems);
        to = List.copyOf(to);
        cc = List.copyOf(cc);
    }
}
