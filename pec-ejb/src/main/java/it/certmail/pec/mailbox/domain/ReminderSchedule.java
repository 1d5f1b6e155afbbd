package it.certmail.pec.mailbox.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Calendario dei promemoria: reminders a given number of days before a deadline (an expiry, a password's end).
 * Only the latest reminder whose time has come is due: a job that was down does not send three at once.
 *
 * @param daysBefore e.g. 90, 60, 30, 15, 7, 1; any order, positive
 */
public record ReminderSchedule(List<Integer> daysBefore) {

    /** Expiry notices from 3 months before. */
    public static final ReminderSchedule EXPIRY = new ReminderSchedule(List.of(90, 60, 30, 15, 7, 1));
    /** Client password reminders. */
    public static final ReminderSchedule PASSWORD = new ReminderSchedule(List.of(15, 10, 5, 1));

    public ReminderSchedule {
        daysBefore = daysBefore.stream().distinct().sorted(Comparator.reverseOrder()).toList();
        if (daysBefore.stream().anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException("reminders come at least one day before");
        }
    }

    /** {@code "90,60,30"} as configured; blank: no reminders. */
    public static ReminderSchedule parse(String days) {
        if (days == null || days.isBlank()) {
            return new ReminderSchedule(List.of());
        }
        return new ReminderSchedule(java.util.Arrays.stream(days.split(",")).map(String::strip)
                .map(Integer::valueOf).toList());
    }

    /**
     * The reminder due at {@code now} for a deadline at {@code deadline}: the smallest "days before" whose moment
     * has passed, while the deadline has not; empty otherwise.
     */
    public Optional<Integer> due(Instant deadline, Instant now) {
        if (deadline == null || !now.isBefore(deadline)) {
            return Optional.empty();
        }
        return daysBefore.stream().filter(d -> !now.isBefore(deadline.minus(Duration.ofDays(d))))
                .min(Comparator.naturalOrder());
    }

    /** When the next reminder after {@code now} falls; empty when none is left. */
    public Optional<Instant> nextAfter(Instant deadline, Instant now) {
        return daysBefore.stream().map(d -> deadline.minus(Duration.ofDays(d))).filter(t -> t.isAfter(now))
                .min(Comparator.naturalOrder());
    }
}
