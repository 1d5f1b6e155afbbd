package it.certmail.pec.mailbox.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * What an address-book file gave: the contacts read and the entries not taken, each by its place in the file
 * ({@link VCards}: the card's number; {@link ContactsCsv}: the line; 0 = the file itself).
 */
public record ContactImport(List<ContactCard> cards, List<Problem> problems) {

    /** Larger files are refused whole. */
    public static final int MAX_CHARS = 2_000_000;

    public record Problem(int at, String message) {
    }

    /** The file-level refusal for an empty or oversized file, or {@code null} when it may be read. */
    static ContactImport refusal(String text) {
        if (text == null || text.isBlank()) {
            return failed("the file is empty");
        }
        if (text.length() > MAX_CHARS) {
            return failed("the file is larger than " + MAX_CHARS / 1_000_000 + " MB");
        }
        return null;
    }

    private static ContactImport failed(String message) {
        List<Problem> problems = new ArrayList<>();
        problems.add(new Problem(0, message));
        return new ContactImport(new ArrayList<>(), problems);
    }
}
