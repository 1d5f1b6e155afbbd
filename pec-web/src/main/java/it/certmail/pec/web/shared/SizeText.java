package it.certmail.pec.web.shared;

import java.util.Locale;

/** A byte count for people: {@code 1,5 GB} in Italian, {@code 1.5 GB} in English. */
public final class SizeText {

    private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB"};

    private SizeText() {
    }

    public static String of(long bytes, Locale locale) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(locale, "%.1f %s", value, UNITS[unit]);
    }
}
