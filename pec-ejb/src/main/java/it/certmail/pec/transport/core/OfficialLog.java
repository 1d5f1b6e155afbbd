package it.certmail.pec.transport.core;

import it.certmail.pec.log.domain.LogEvent;

/** Port: the registro dei messaggi (the official log), written with the step's other effects. */
@FunctionalInterface
public interface OfficialLog {

    void record(LogEvent event);
}
