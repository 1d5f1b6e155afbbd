package it.certmail.pec.web.holder;

import java.time.format.DateTimeFormatter;
import java.util.List;

import it.certmail.pec.web.holder.HolderViews.LogRow;

/**
 * The official-log extract as CSV (RFC 4180: comma-separated, CRLF, fields quoted when they hold a comma, a quote
 * or a line break); times in ISO 8601 UTC, as the log keeps them. Pure.
 */
public final class LogExtractCsv {

    static final String HEADER = "event_time,event_type,msgid,sender,recipients,subject,sending_provider,detail";

    private LogExtractCsv() {
    }

    public static String of(List<LogRow> rows) {
        StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
        for (LogRow r : rows) {
            csv.append(DateTimeFormatter.ISO_INSTANT.format(r.at())).append(',').append(field(r.type())).append(',')
                    .append(field(r.msgid())).append(',').append(field(r.sender())).append(',')
                    .append(field(r.recipients())).append(',').append(field(r.subject())).append(',')
                    .append(field(r.sendingProvider())).append(',').append(field(r.detail())).append("\r\n");
        }
        return csv.toString();
    }

    static String field(String value) {
        if (value == null) {
            return "";
        }
        // a leading = + - @ would be read as a formula by spreadsheets: kept as text
        String v = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")
                ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
