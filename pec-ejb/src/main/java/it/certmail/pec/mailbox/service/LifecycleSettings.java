package it.certmail.pec.mailbox.service;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import it.certmail.pec.mailbox.domain.PasswordPolicy;
import it.certmail.pec.mailbox.domain.ReminderSchedule;

/**
 * Configuration of notices and passwords (MicroProfile Config; the plans themselves are data in the database):
 * <ul>
 * <li>{@code pec.notices.smarthost} host:port for e-mail to holders' reference addresses; unset: e-mail notices
 * wait in the outbox (warned in the notices job's report)</li>
 * <li>{@code pec.web.public.url} the web area as holders reach it (e.g. {@code https://pec.example.it}); when set,
 * expiry notices carry a quick-renewal link; unset: none</li>
 * <li>{@code pec.notices.from} sender of those e-mails, default {@code noreply@<pec.domain>}</li>
 * <li>{@code pec.notices.expiry.days} days before expiry of the expiry notices, default {@code 90,60,30,15,7,1}</li>
 * <li>{@code pec.password.client.days} client password lifetime, default 90; {@code pec.password.reminder.days}
 * default {@code 15,10,5,1}</li>
 * </ul>
 */
@ApplicationScoped
public class LifecycleSettings {

    @Inject @ConfigProperty(name = "pec.notices.smarthost")
    Optional<String> smarthost;

    @Inject @ConfigProperty(name = "pec.notices.from")
    Optional<String> from;

    @Inject @ConfigProperty(name = "pec.notices.expiry.days", defaultValue = "90,60,30,15,7,1")
    String expiryDays;

    @Inject @ConfigProperty(name = "pec.password.client.days", defaultValue = "90")
    int clientPasswordDays;

    @Inject @ConfigProperty(name = "pec.password.reminder.days", defaultValue = "15,10,5,1")
    String passwordReminderDays;

    @Inject @ConfigProperty(name = "pec.web.public.url")
    Optional<String> publicUrl;

    /** Where holders reach the web area ({@code pec.web.public.url}): expiry notices link to the renewal page. */
    public Optional<String> holderAreaUrl() {
        return publicUrl.filter(s -> !s.isBlank()).map(String::strip);
    }

    public Optional<String> smarthost() {
        return smarthost.filter(s -> !s.isBlank());
    }

    public Optional<String> from() {
        return from.filter(s -> !s.isBlank());
    }

    public ReminderSchedule expiryNotices() {
        return ReminderSchedule.parse(expiryDays);
    }

    public PasswordPolicy passwordPolicy() {
        return new PasswordPolicy(Duration.ofDays(clientPasswordDays), ReminderSchedule.parse(passwordReminderDays),
                Duration.ofHours(24));
    }
}
