package it.certmail.pec.receipts.domain;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Riferimento temporale: the PEC date/time formats (RFC 6109 §4.2, daticert {@code <data zona=…>}). PEC shows
 * legal (local Italian) time, so everything is rendered in Europe/Rome.
 */
public final class PecTime {

    /** Italian legal time. */
    public static final ZoneId ROME = ZoneId.of("Europe/Rome");

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/uuuu")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss")
            .withResolverStyle(ResolverStyle.STRICT);
    // the RFC writes "+01:00", every real message "+0100": accept both (and the bare "+01")
    private static final Pattern ZONE = Pattern.compile("([+-])(\\d{2}):?(\\d{2})?");

    private PecTime() {
    }

    /** The instant as Italian local time, truncated to seconds (the precision of daticert and the texts). */
    public static ZonedDateTime local(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).atZone(ROME);
    }

    /** {@code dd/MM/yyyy}, e.g. {@code 13/11/2018}. */
    public static String day(ZonedDateTime time) {
        return DAY.format(time);
    }

    /** {@code HH:mm:ss}, e.g. {@code 16:39:26}. */
    public static String time(ZonedDateTime time) {
        return TIME.format(time);
    }

    /** The offset as {@code [+|-]hhmm}, e.g. {@code +0100}, as in daticert {@code zona} and in real bodies. */
    public static String zone(ZonedDateTime time) {
        int seconds = time.getOffset().getTotalSeconds();
        int abs = Math.abs(seconds);
        // by hand: String.format parses its pattern on every call, and every text and daticert writes a zone
        int hours = abs / 3600;
        int minutes = (abs / 60) % 60;
        return new StringBuilder(5).append(seconds < 0 ? '-' : '+').append((char) ('0' + hours / 10))
                .append((char) ('0' + hours % 10)).append((char) ('0' + minutes / 10))
                .append((char) ('0' + minutes % 10)).toString();
    }

    /** The body form, e.g. {@code Il giorno 13/11/2018 alle ore 16:39:26 (+0100)}. */
    public static String bodyForm(ZonedDateTime time) {
        return "Il giorno " + day(time) + " alle ore " + time(time) + " (" + zone(time) + ")";
    }

    /** Parses {@code +0100}, {@code +01:00} or {@code +01} (surrounding whitespace ignored); empty if malformed. */
    public static Optional<ZoneOffset> parseZone(String zone) {
        if (zone == null) {
            return Optional.empty();
        }
        Matcher m = ZONE.matcher(zone.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            int hours = Integer.parseInt(m.group(2));
            int minutes = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
            int sign = "-".equals(m.group(1)) ? -1 : 1;
            return Optional.of(ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Parses daticert's {@code giorno}, {@code ora} and {@code zona}. The result is in Europe/Rome when the offset
     * is the Italian one at that instant (so a written-then-read time compares equal), else at the fixed offset.
     * Empty if any part is malformed.
     */
    public static Optional<ZonedDateTime> parse(String day, String time, String zone) {
        if (day == null || time == null) {
            return Optional.empty();
        }
        Optional<ZoneOffset> offset = parseZone(zone);
        if (offset.isEmpty()) {
            return Optional.empty();
        }
        try {
            LocalDate date = LocalDate.parse(day.trim(), DAY);
            LocalTime clock = LocalTime.parse(time.trim(), TIME);
            Instant instant = date.atTime(clock).toInstant(offset.get());
            if (ROME.getRules().getOffset(instant).equals(offset.get())) {
                return Optional.of(instant.atZone(ROME));
            }
            return Optional.of(instant.atZone(offset.get()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Parses daticert's {@code giorno} and {@code ora} as Italian legal time (for files that lack {@code zona}). */
    public static Optional<ZonedDateTime> parseLocal(String day, String time) {
        if (day == null || time == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(day.trim(), DAY).atTime(LocalTime.parse(time.trim(), TIME)).atZone(ROME));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
