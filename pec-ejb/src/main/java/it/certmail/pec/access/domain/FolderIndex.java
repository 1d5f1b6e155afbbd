package it.certmail.pec.access.domain;

/**
 * Indice di una cartella: its counters as read first, then UID, flags and modseq of every message. A message
 * changed between the two reads shows a modseq above {@code highestModseq}, so it is seen again by the next
 * {@link MailAccess#changes}.
 */
public record FolderIndex(String name, long uidValidity, long uidNext, long highestModseq, MessageIndex messages) {
}
