package it.certmail.pec.jobs.model;

import java.util.Locale;

/** Who started a job run: its Quartz schedule or an admin (REST). Stored lower-case. */
public enum JobTrigger {
    SCHEDULE,
    MANUAL;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobTrigger ofCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
