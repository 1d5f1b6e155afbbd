package it.certmail.pec.mailbox.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Creazione massiva: the CSV file an operator uploads to create many mailboxes at once. The first line names the
 * columns ({@code address}, {@code holderName}, {@code referenceEmail}, {@code webPassword}, and optionally
 * {@code plan}; in any order); fields are separated by commas or, as spreadsheets in Italy save them, semicolons,
 * and may be quoted ({@code "Rossi, Mario"}, {@code ""} for a quote). Each line becomes a {@link Row} or a
 * {@link Problem}, so the report can answer every line.
 */
public final class MailboxCsv {

    public static final int MAX_ROWS = 1000;
    private static final Map<String, String> COLUMNS = Map.of("address", "address", "holdername", "holderName",
            "holder", "holderName", "referenceemail", "referenceEmail", "reference", "referenceEmail",
            "webpassword", "webPassword", "password", "webPassword", "plan", "plan");

    private MailboxCsv() {
    }

    /** One mailbox to create, from line {@code line} of the file (1 = the header). */
    public record Row(int line, String address, String holderName, String referenceEmail, String webPassword,
            String plan) {
    }

    public record Problem(int line, String message) {
    }

    public record Parsed(List<Row> rows, List<Problem> problems) {
    }

    public static Parsed parse(String text) {
        List<Row> rows = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        String[] lines = text.replace("\uFEFF", "").split("\r?\n|\r", -1);
        int headerLine = 0;
        while (headerLine < lines.length && lines[headerLine].isBlank()) {
            headerLine++;
        }
        if (headerLine == lines.length) {
            problems.add(new Problem(1, "the file is empty"));
            return new Parsed(rows, problems);
        }
        char separator = lines[headerLine].indexOf(';') >= 0 && lines[headerLine].indexOf(',') < 0 ? ';' : ',';
        Map<String, Integer> index = new HashMap<>();
        List<String> header = fields(lines[headerLine], separator);
        for (int i = 0; i < header.size(); i++) {
            String column = COLUMNS.get(header.get(i).strip().toLowerCase(Locale.ROOT).replace("_", ""));
            if (column != null) {
                index.putIfAbsent(column, i);
            }
        }
        for (String required : List.of("address", "holderName", "referenceEmail", "webPassword")) {
            if (!index.containsKey(required)) {
                problems.add(new Problem(headerLine + 1, "the first line must name the columns address, holderName,"
                        + " referenceEmail, webPassword (and optionally plan); " + required + " is missing"));
                return new Parsed(rows, problems);
            }
        }
        for (int i = headerLine + 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            int line = i + 1;
            if (rows.size() + problems.size() >= MAX_ROWS) {
                problems.add(new Problem(line, "more than " + MAX_ROWS + " lines: the rest was not read"));
                break;
            }
            List<String> f = fields(lines[i], separator);
            String address = field(f, index.get("address"));
            if (address == null) {
                problems.add(new Problem(line, "no address"));
                continue;
            }
            rows.add(new Row(line, address, field(f, index.get("holderName")), field(f, index.get("referenceEmail")),
                    field(f, index.get("webPassword")), field(f, index.get("plan"))));
        }
        return new Parsed(rows, problems);
    }

    private static String field(List<String> fields, Integer at) {
        if (at == null || at >= fields.size()) {
            return null;
        }
        String value = fields.get(at).strip();
        return value.isEmpty() ? null : value;
    }

    /** The fields of one line: separators inside quotes are text, a doubled quote is one quote. */
    static List<String> fields(String line, char separator) {
        List<String> fields = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    current.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    current.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == separator) {
                fields.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        fields.add(current.toString());
        return fields;
    }
}
