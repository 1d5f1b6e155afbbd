package it.certmail.pec.log.domain;

import java.time.LocalDate;
import java.util.List;

/**
 * What {@link LogVerifier} found over the registro, or over the range of days it was fed.
 *
 * @param daysChecked    days from the first sealed (or logged) day to the last one
 * @param entriesChecked entries read
 * @param seals          seals read
 * @param pending        entries of days still open, not chained yet (not a finding)
 * @param droppedDays    sealed days whose entries retention has dropped (accepted)
 * @param lastSealedDay  the last day checked with a seal, or null
 * @param firstDay       the first day checked, or null when there was none
 * @param lastDay        the last day checked, or null when there was none
 */
public record LogVerification(int daysChecked, long entriesChecked, int seals, long pending, int droppedDays,
                              LocalDate lastSealedDay, LocalDate firstDay, LocalDate lastDay,
                              List<LogFinding> findings) {

    public LogVerification {
        findings = List.copyOf(findings);
    }

    public boolean intact() {
        return findings.isEmpty();
    }
}
