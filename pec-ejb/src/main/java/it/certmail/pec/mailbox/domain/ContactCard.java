package it.certmail.pec.mailbox.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Contatto: a name, a PEC address and the groups it is in, as imported, exported and shown; {@link #of} cleans
 * and checks what a person or a file gave.
 *
 * @param address lower-case
 */
public record ContactCard(String name, String address, List<String> groups) {

    public static final int MAX_NAME = 255;
    public static final int MAX_GROUP = 60;
    public static final int MAX_GROUPS = 10;

    public ContactCard {
        groups = List.copyOf(groups);
    }

    /**
     * A card from untrusted text: control characters removed, lengths cut, groups cleaned and kept once; a blank
     * name becomes the address's local part. Empty when the address is not an e-mail address.
     */
    public static Optional<ContactCard> of(String name, String address, List<String> groups) {
        Optional<String> a = MailAddresses.normalizeAddress(address);
        if (a.isEmpty()) {
            return Optional.empty();
        }
        String n = clean(name, MAX_NAME);
        if (n.isEmpty()) {
            n = a.get().substring(0, a.get().indexOf('@'));
        }
        List<String> g = new ArrayList<>();
        for (String group : groups) {
            String c = clean(group, MAX_GROUP);
            if (!c.isEmpty() && g.stream().noneMatch(c::equalsIgnoreCase) && g.size() < MAX_GROUPS) {
                g.add(c);
            }
        }
        return Optional.of(new ContactCard(n, a.get(), g));
    }

    /** Control characters (newlines too) become spaces, runs of spaces one, the ends stripped, the length cut. */
    static String clean(String text, int max) {
        if (text == null) {
            return "";
        }
        String c = text.codePoints().map(cp -> Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029 ? ' ' : cp)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString()
                .replaceAll(" {2,}", " ").strip();
        if (c.length() > max) {
            int end = Character.isHighSurrogate(c.charAt(max - 1)) ? max - 1 : max;
            c = c.substring(0, end).strip();
        }
        return c;
    }
}
