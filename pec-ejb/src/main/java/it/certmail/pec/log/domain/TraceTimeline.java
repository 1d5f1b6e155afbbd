package it.certmail.pec.log.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Traccia di una trasmissione: the events of the registro for one msgid, arranged per recipient, each with the
 * receipts or notices it produced that are filed here (matched by Message-ID, which the log keeps among the
 * generated ids). An event that names no recipient belongs to the whole transmission; a filed receipt no event
 * names is listed apart, so nothing found is hidden.
 */
public final class TraceTimeline {

    /** One entry of the log, as the trace needs it. */
    public record Event(long id, Instant time, String type, List<String> recipients, List<String> generatedIds,
            String sendingProvider, String detail) {
        public Event {
            recipients = List.copyOf(recipients);
            generatedIds = List.copyOf(generatedIds);
        }
    }

    /** A receipt or notice stored in a mailbox here, with its exact bytes available for download. */
    public record FiledReceipt(long storedMessageId, String mailbox, String kind, String messageId, String subject,
            long sizeBytes, Instant filedAt) {
    }

    /** An event on a recipient's timeline and the filed receipts it generated. */
    public record Step(Event event, List<FiledReceipt> receipts) {
    }

    /** The steps of one recipient, oldest first; {@code recipient} null for the events of the whole transmission. */
    public record RecipientTrace(String recipient, List<Step> steps) {
    }

    public record Trace(String msgid, List<RecipientTrace> recipients, List<Step> transmission,
            List<FiledReceipt> unmatched) {
    }

    private TraceTimeline() {
    }

    public static Trace build(String msgid, List<Event> events, List<FiledReceipt> receipts) {
        Map<String, FiledReceipt> byMessageId = new LinkedHashMap<>();
        for (FiledReceipt r : receipts) {
            if (r.messageId() != null) {
                byMessageId.putIfAbsent(bare(r.messageId()), r);
            }
        }
        List<Event> ordered = new ArrayList<>(events);
        ordered.sort(Comparator.comparing(Event::time).thenComparingLong(Event::id));

        Map<String, List<Step>> perRecipient = new LinkedHashMap<>();
        List<Step> transmission = new ArrayList<>();
        Set<String> matched = new HashSet<>();
        for (Event e : ordered) {
            List<FiledReceipt> filed = new ArrayList<>();
            for (String generated : e.generatedIds()) {
                FiledReceipt r = byMessageId.get(bare(generated));
                if (r != null) {
                    filed.add(r);
                    matched.add(bare(generated));
                }
            }
            Step step = new Step(e, List.copyOf(filed));
            if (e.recipients().isEmpty()) {
                transmission.add(step);
            }
            for (String rcpt : e.recipients()) {
                perRecipient.computeIfAbsent(rcpt.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(step);
            }
        }
        List<RecipientTrace> traces = perRecipient.entrySet().stream()
                .map(en -> new RecipientTrace(en.getKey(), List.copyOf(en.getValue()))).toList();
        List<FiledReceipt> unmatched = receipts.stream()
                .filter(r -> r.messageId() == null || !matched.contains(bare(r.messageId()))).toList();
        return new Trace(msgid, traces, List.copyOf(transmission), unmatched);
    }

    private static String bare(String messageId) {
        String s = messageId.strip();
        return s.length() >= 2 && s.startsWith("<") && s.endsWith(">") ? s.substring(1, s.length() - 1).strip() : s;
    }
}
