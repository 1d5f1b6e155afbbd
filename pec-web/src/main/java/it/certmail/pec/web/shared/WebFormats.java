package it.certmail.pec.web.shared;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Named;

import it.certmail.pec.mailbox.billing.domain.Money;

/** Dates in Europe/Rome (the legal time of the service, whatever the server's zone) and sizes, in the page language. */
@Named("formats")
@ApplicationScoped
public class WebFormats {

    public static final ZoneId ROME = ZoneId.of("Europe/Rome");

    public String dateTime(Instant at) {
        return at == null ? "" : DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withLocale(locale())
                .withZone(ROME).format(at);
    }

    public String date(Instant at) {
        return at == null ? "" : DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale())
                .withZone(ROME).format(at);
    }

    /** Bytes as KB/MB/GB with one decimal (1024 based, as mail clients show quota). */
    public String bytes(long bytes) {
        return SizeText.of(bytes, locale());
    }

    /** Euro cents as people read them in the page language: {@code 50,00 €} in Italian, {@code €50.00} in English. */
    public String money(long cents) {
        return Money.cents(cents).format(locale());
    }

    private static Locale locale() {
        FacesContext faces = FacesContext.getCurrentInstance();
        return faces != null && faces.getViewRoot() != null ? faces.getViewRoot().getLocale() : Locale.ITALIAN;
    }
}
