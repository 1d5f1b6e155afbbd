package it.certmail.pec.access.domain;

import java.util.List;

/**
 * Esito di STORE: the messages as they are after the update (changed or not) and the UIDs refused because they
 * changed after UNCHANGEDSINCE (RFC 7162 MODIFIED).
 */
public record FlagUpdate(List<MessageMeta> messages, List<Long> modified) {
}
