package it.certmail.pec.access.domain;

import java.util.List;

/** Esito di COPY/MOVE (RFC 4315 COPYUID): source and destination UIDs, pairwise. */
public record CopyResult(long uidValidity, List<Long> sourceUids, List<Long> destinationUids) {
}
