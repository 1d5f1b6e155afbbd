package it.certmail.pec.transport.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/**
 * Elenco di indirizzi as a person types it in a To or Cc field: addresses separated by commas, semicolons or line
 * ends, each bare ({@code a@b.it}) or with a name ({@code Mario Rossi <a@b.it>}). Every entry that is not a
 * plain Internet address (local part, {@code @}, a domain with a dot) is kept apart, as typed, so the page can
 * name it next to the field. Duplicates (ignoring case) are listed once.
 *
 * @param addresses the valid addresses, lower case, in the order typed
 * @param invalid   the entries that are not addresses, as typed
 */
public record AddressList(List<String> addresses, List<String> invalid) {

    private static final Pattern ADDRESS = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}");

    public AddressList {
        addresses = List.copyOf(addresses);
        invalid = List.copyOf(invalid);
    }

    public static AddressList parse(String text) {
        Map<String, String> valid = new LinkedHashMap<>();
        List<String> invalid = new ArrayList<>();
        for (String entry : entries(text == null ? "" : text)) {
            String address = addressOf(entry);
            if (address == null) {
                invalid.add(entry);
            } else {
                valid.putIfAbsent(address, address);
            }
        }
        return new AddressList(new ArrayList<>(valid.keySet()), invalid);
    }

    public boolean isValid() {
        return invalid.isEmpty();
    }

    public boolean isEmpty() {
        return addresses.isEmpty() && invalid.isEmpty();
    }

    /** The addresses as a field shows them again: {@code a@b.it, c@d.it}. */
    public String text() {
        return String.join(", ", addresses);
    }

    /** Splits at separators outside quotes and angle brackets; blank entries are dropped. */
    static List<String> entries(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        boolean angled = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '<' && !quoted) {
                angled = true;
            } else if (c == '>' && !quoted) {
                angled = false;
            }
            if ((c == ',' || c == ';' || c == '\n' || c == '\r') && !quoted && !angled) {
                add(out, current);
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        add(out, current);
        return out;
    }

    private static void add(List<String> out, StringBuilder entry) {
        String s = entry.toString().strip();
        if (!s.isEmpty()) {
            out.add(s);
        }
    }

    /** The bare address of one entry, lower case; {@code null} when it is not one address. */
    static String addressOf(String entry) {
        if (entry.chars().anyMatch(Character::isISOControl)) {
            return null;
        }
        try {
            InternetAddress parsed = new InternetAddress(entry, true);
            String address = parsed.getAddress();
            if (address == null || !ADDRESS.matcher(address).matches() || address.length() > 254
                    || address.indexOf('@') > 64 || address.startsWith(".") || address.contains("..")) {
                return null;
            }
            return address.toLowerCase(Locale.ROOT);
        } catch (AddressException e) {
            return null;
        }
    }
}
