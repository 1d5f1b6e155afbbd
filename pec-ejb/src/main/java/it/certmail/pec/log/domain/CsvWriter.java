package it.certmail.pec.log.domain;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes RFC 4180 CSV, one record at a time, straight to a {@link Writer}: the log export streams as many rows as
 * the search finds without holding them. Fields that hold a comma, a quote or a line break are quoted, quotes
 * doubled; a field that starts like a spreadsheet formula ({@code = + - @}, tab, carriage return) gets a leading
 * apostrophe, so opening the export cannot run a formula an outsider put in a subject (OWASP "CSV injection").
 */
public final class CsvWriter {

    private static final String LINE_END = "\r\n";

    private final Writer out;

    public CsvWriter(Writer out) {
        this.out = out;
    }

    /** One record; a null field is written empty. */
    public void record(List<String> fields) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(field(fields.get(i)));
        }
        out.write(LINE_END);
    }

    /** A field as written in a record. */
    public static String field(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String safe = startsLikeFormula(value) ? "'" + value : value;
        boolean quote = safe.indexOf(',') >= 0 || safe.indexOf('"') >= 0 || safe.indexOf('\n') >= 0
                || safe.indexOf('\r') >= 0;
        return quote ? '"' + safe.replace("\"", "\"\"") + '"' : safe;
    }

    private static boolean startsLikeFormula(String value) {
        char c = value.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    }
}
