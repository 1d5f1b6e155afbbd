package it.certmail.pec.web.holder;

import java.io.Serializable;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Rapporto d'uso: per month (in the service's zone), the messages a mailbox sent (acceptances it was given), the
 * messages delivered to it (deliveries to its address) and the anomalies of its transmissions (refusals, failed
 * deliveries, viruses, anomaly envelopes), from its official-log entries. Pure.
 */
public final class UsageReport {

    private static final Set<String> ANOMALIES = Set.of("NON_ACCETTAZIONE", "NON_ACCETTAZIONE_VIRUS",
            "MANCATA_CONSEGNA", "MANCATA_CONSEGNA_VIRUS", "MANCATA_CONSEGNA_12H", "MANCATA_CONSEGNA_24H",
            "RILEVAZIONE_VIRUS", "BUSTA_ANOMALIA");

    private UsageReport() {
    }

    /** One log entry as the report reads it; {@code recipients} space-separated. */
    public record Entry(Instant at, String type, String sender, String recipients) {
    }

    public record Month(YearMonth month, int sent, int received, int anomalies) implements Serializable {
    }

    /** The months that have any entry, oldest first. */
    public static List<Month> of(List<Entry> entries, String address, ZoneId zone) {
        String me = address.toLowerCase(Locale.ROOT);
        Map<YearMonth, int[]> counts = new TreeMap<>();
        for (Entry e : entries) {
            int[] c = counts.computeIfAbsent(YearMonth.from(e.at().atZone(zone)), m -> new int[3]);
            boolean mine = e.sender() != null && e.sender().equalsIgnoreCase(me);
            boolean toMe = e.recipients() != null
                    && Arrays.stream(e.recipients().split(" ")).anyMatch(r -> r.equalsIgnoreCase(me));
            if ("ACCETTAZIONE".equals(e.type()) && mine) {
                c[0]++;
            } else if ("CONSEGNA".equals(e.type()) && toMe) {
                c[1]++;
            } else if (ANOMALIES.contains(e.type())) {
                c[2]++;
            }
        }
        return counts.entrySet().stream().map(x -> new Month(x.getKey(), x.getValue()[0], x.getValue()[1],
                x.getValue()[2])).toList();
    }
}
