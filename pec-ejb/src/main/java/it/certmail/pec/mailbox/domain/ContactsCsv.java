package it.certmail.pec.mailbox.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import it.certmail.pec.mailbox.domain.ContactImport.Problem;

/**
 * Rubrica in CSV: columns {@code name}, {@code address}, {@code groups} (also in Italian: nome, indirizzo/pec/email,
 * gruppi; in any order), separated by commas or semicolons as {@link MailboxCsv} reads them; groups inside their
 * field are separated by {@code |} (or {@code ;} in a comma-separated file). Written with commas, a formula-like
 * field (starting with = + - @) defused with a leading apostrophe for spreadsheets.
 */
public final class ContactsCsv {

    public static final int MAX_ROWS = 2000;
    private static final Map<String, String> COLUMNS = Map.ofEntries(Map.entry("name", "name"),
            Map.entry("nome", "name"), Map.entry("address", "address"), Map.entry("indirizzo", "address"),
            Map.entry("pec", "address"), Map.entry("email", "address"), Map.entry("e-mail", "address"),
            Map.entry("groups", "groups"), Map.entry("gruppi", "groups"), Map.entry("group", "groups"),
            Map.entry("gruppo", "groups"));

    private ContactsCsv() {
    }

    /** The contacts of a file; a problem's place is its line (1 = the header; 0 = the file itself). */
    public static ContactImport parse(String text) {
        ContactImport refused = ContactImport.refusal(text);
        if (refused != null) {
            return refused;
        }
        List<ContactCard> cards = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        String[] lines = text.replace("\uFEFF", "").split("\r?\n|\r", -1);
        int header = 0;
        while (lines[header].isBlank()) {
            header++;
        }
        char separator = lines[header].indexOf(';') >= 0 && lines[header].indexOf(',') < 0 ? ';' : ',';
        Map<String, Integer> index = new HashMap<>();
        List<String> names = MailboxCsv.fields(lines[header], separator);
        for (int i = 0; i < names.size(); i++) {
            String column = COLUMNS.get(names.get(i).strip().toLowerCase(Locale.ROOT));
            if (column != null) {
                index.putIfAbsent(column, i);
            }
        }
        if (!index.containsKey("address")) {
            problems.add(new Problem(header + 1, "the first line must name the columns name, address, groups"
                    + " (address is missing)"));
            return new ContactImport(cards, problems);
        }
        String groupSeparator = separator == ';' ? "\\|" : "[|;]";
        for (int i = header + 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            if (cards.size() + problems.size() >= MAX_ROWS) {
                problems.add(new Problem(i + 1, "more than " + MAX_ROWS + " lines: the rest was not read"));
                break;
            }
            List<String> f = MailboxCsv.fields(lines[i], separator);
            String address = field(f, index.get("address"));
            String groups = field(f, index.get("groups"));
            int line = i + 1;
            ContactCard.of(undefuse(field(f, index.get("name"))), address,
                    groups.isEmpty() ? List.of() : List.of(undefuse(groups).split(groupSeparator)))
                    .ifPresentOrElse(cards::add, () -> problems.add(new Problem(line,
                            "not an e-mail address: " + ContactCard.clean(address, 60))));
        }
        return new ContactImport(cards, problems);
    }

    public static String write(List<ContactCard> contacts) {
        StringBuilder out = new StringBuilder("name,address,groups\r\n");
        for (ContactCard c : contacts) {
            out.append(quote(c.name())).append(',').append(quote(c.address())).append(',')
                    .append(quote(String.join("|", c.groups()))).append("\r\n");
        }
        return out.toString();
    }

    private static String field(List<String> fields, Integer at) {
        return at == null || at >= fields.size() ? "" : fields.get(at).strip();
    }

    /** Our own export's apostrophe before a formula-like field goes again on the way back. */
    private static String undefuse(String value) {
        return value.length() > 1 && value.charAt(0) == '\'' && "=+-@".indexOf(value.charAt(1)) >= 0
                ? value.substring(1) : value;
    }

    static String quote(String value) {
        String v = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return v.matches(".*[\",;\\s'].*") || v.isEmpty() ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
