package it.certmail.pec.web.console;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import it.certmail.pec.log.model.LogEventType;

/**
 * Attività delle ultime 24 ore: the official log's counts per hour, grouped into the kinds an operator watches,
 * as a Chart.js configuration for PrimeFaces' chart. Pure: the caller supplies the counts and the time.
 */
public final class HourlyActivity {

    public static final int HOURS = 24;

    /** The kinds on the chart, each a message key and the log events it counts. */
    public enum Kind {
        ACCEPTED("dashboard.kind.accepted", "#2e7d32", EnumSet.of(LogEventType.ACCETTAZIONE)),
        DELIVERED("dashboard.kind.delivered", "#1565c0", EnumSet.of(LogEventType.CONSEGNA)),
        NOT_ACCEPTED("dashboard.kind.notAccepted", "#ef6c00", EnumSet.of(LogEventType.NON_ACCETTAZIONE)),
        NOT_DELIVERED("dashboard.kind.notDelivered", "#6d4c41", EnumSet.of(LogEventType.MANCATA_CONSEGNA,
                LogEventType.MANCATA_CONSEGNA_12H, LogEventType.MANCATA_CONSEGNA_24H)),
        ANOMALY("dashboard.kind.anomaly", "#7b1fa2", EnumSet.of(LogEventType.BUSTA_ANOMALIA)),
        VIRUS("dashboard.kind.virus", "#c62828", EnumSet.of(LogEventType.RILEVAZIONE_VIRUS,
                LogEventType.NON_ACCETTAZIONE_VIRUS, LogEventType.MANCATA_CONSEGNA_VIRUS));

        final String messageKey;
        final String colour;
        final Set<LogEventType> events;

        Kind(String messageKey, String colour, Set<LogEventType> events) {
            this.messageKey = messageKey;
            this.colour = colour;
            this.events = events;
        }
    }

    private HourlyActivity() {
    }

    /** The start of each of the {@value #HOURS} hours shown, oldest first; the last is the hour {@code now} is in. */
    public static List<Instant> hourStarts(Instant now) {
        Instant current = now.truncatedTo(ChronoUnit.HOURS);
        List<Instant> starts = new ArrayList<>(HOURS);
        for (int i = HOURS - 1; i >= 0; i--) {
            starts.add(current.minus(i, ChronoUnit.HOURS));
        }
        return starts;
    }

    /** How many events of {@code kind} an hour's counts hold. */
    public static long count(Map<LogEventType, Long> hour, Kind kind) {
        return kind.events.stream().mapToLong(e -> hour.getOrDefault(e, 0L)).sum();
    }

    /**
     * The chart configuration: a stacked bar per hour, labelled with the local hour in {@code zone}.
     *
     * @param counts one map per hour of {@link #hourStarts}, same order
     * @param labels the display name of each kind, in the page language
     */
    public static String chartJson(List<Instant> hourStarts, List<Map<LogEventType, Long>> counts,
            Map<Kind, String> labels, ZoneId zone) {
        if (hourStarts.size() != counts.size()) {
            throw new IllegalArgumentException("one count map per hour expected");
        }
        DateTimeFormatter hour = DateTimeFormatter.ofPattern("HH:mm").withZone(zone);
        StringBuilder json = new StringBuilder("{\"type\":\"bar\",\"data\":{\"labels\":[");
        for (int i = 0; i < hourStarts.size(); i++) {
            json.append(i == 0 ? "" : ",").append(quote(hour.format(hourStarts.get(i))));
        }
        json.append("],\"datasets\":[");
        boolean first = true;
        for (Kind kind : Kind.values()) {
            json.append(first ? "" : ",").append("{\"label\":").append(quote(labels.getOrDefault(kind, kind.name())))
                    .append(",\"backgroundColor\":").append(quote(kind.colour)).append(",\"data\":[");
            for (int i = 0; i < counts.size(); i++) {
                json.append(i == 0 ? "" : ",").append(count(counts.get(i), kind));
            }
            json.append("]}");
            first = false;
        }
        json.append("]},\"options\":{\"responsive\":true,\"maintainAspectRatio\":false,\"animation\":false,"
                + "\"scales\":{\"x\":{\"stacked\":true},\"y\":{\"stacked\":true,\"beginAtZero\":true,"
                + "\"ticks\":{\"precision\":0}}}}}");
        return json.toString();
    }

    static String quote(String s) {
        StringBuilder q = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '<' -> q.append("\\u003c"); // the JSON ends up inside a script element
                default -> {
                    if (c < 0x20) {
                        q.append(String.format("\\u%04x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }
}
