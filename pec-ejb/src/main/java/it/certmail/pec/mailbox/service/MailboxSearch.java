package it.certmail.pec.mailbox.service;

import java.time.Instant;
import java.util.Comparator;

import it.certmail.pec.mailbox.model.MailboxStatus;

/**
 * One page of the operators' mailbox list: {@code query} matches the start of the address or of the holder's name
 * (any case), {@code status} and {@code plan} filter exactly (null: any), in the order {@code sort}. Pages go by key:
 * {@code after} is the last row of the previous page (null for the first), so every page is an index range.
 */
public record MailboxSearch(String query, MailboxStatus status, String plan, Sort sort, Cursor after, int limit) {

    /** The list's orders; each is a total order (the address breaks ties), as keyset paging needs. */
    public enum Sort {
        ADDRESS_ASC, ADDRESS_DESC, CREATED_ASC, CREATED_DESC;

        public boolean byCreation() {
            return this == CREATED_ASC || this == CREATED_DESC;
        }

        public boolean descending() {
            return this == ADDRESS_DESC || this == CREATED_DESC;
        }

        /** The same order in Java, to merge the address and the holder matches of one page. */
        public Comparator<MailboxListing> comparator() {
            Comparator<MailboxListing> c = byCreation()
                    ? Comparator.comparing(MailboxListing::createdAt).thenComparing(MailboxListing::address)
                    : Comparator.comparing(MailboxListing::address);
            return descending() ? c.reversed() : c;
        }
    }

    /** Where a page ends: the last row's sort key. */
    public record Cursor(String address, Instant createdAt) implements java.io.Serializable {

        public static Cursor of(MailboxListing row) {
            return new Cursor(row.address(), row.createdAt());
        }
    }

    public MailboxSearch {
        sort = sort == null ? Sort.ADDRESS_ASC : sort;
        query = query == null ? "" : query.strip().toLowerCase(java.util.Locale.ROOT);
        plan = plan == null || plan.isBlank() ? null : plan.strip();
    }
}
