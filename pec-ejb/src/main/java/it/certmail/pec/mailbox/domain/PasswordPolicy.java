package it.certmail.pec.mailbox.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Politica delle password: client passwords (IMAP, POP3, SMTP) expire after {@code clientLifetime} with reminders
 * before; the web password may change at most once per {@code webChangeInterval}.
 */
public record PasswordPolicy(Duration clientLifetime, ReminderSchedule reminders, Duration webChangeInterval) {

    public static final PasswordPolicy DEFAULT = new PasswordPolicy(Duration.ofDays(90), ReminderSchedule.PASSWORD,
            Duration.ofHours(24));

    public PasswordPolicy {
        Objects.requireNonNull(clientLifetime, "clientLifetime");
        Objects.requireNonNull(reminders, "reminders");
        Objects.requireNonNull(webChangeInterval, "webChangeInterval");
    }

    public Instant clientExpiresAt(Instant setAt) {
        return setAt.plus(clientLifetime);
    }

    /** Whether a client password set at {@code setAt} no longer logs in; none set: not expired (there is none). */
    public boolean clientExpired(Instant setAt, Instant now) {
        return setAt != null && !now.isBefore(clientExpiresAt(setAt));
    }

    /** The reminder (days before the expiry) due now for a client password set at {@code setAt}. */
    public Optional<Integer> reminderDue(Instant setAt, Instant now) {
        return setAt == null ? Optional.empty() : reminders.due(clientExpiresAt(setAt), now);
    }

    /** When a web password changed at {@code lastChange} may change again ({@code null}: never changed, now). */
    public Instant webChangeAllowedAt(Instant lastChange, Instant now) {
        return lastChange == null || !now.isBefore(lastChange.plus(webChangeInterval)) ? now
                : lastChange.plus(webChangeInterval);
    }

    /** Why the web password cannot change now (changed at {@code lastChange}); empty when it can. */
    public Optional<String> webChangeRefusal(Instant lastChange, Instant now) {
        if (lastChange != null && now.isBefore(lastChange.plus(webChangeInterval))) {
            return Optional.of("la password web si può cambiare una volta ogni " + webChangeInterval.toHours()
                    + " ore: di nuovo dal " + lastChange.plus(webChangeInterval));
        }
        return Optional.empty();
    }
}
