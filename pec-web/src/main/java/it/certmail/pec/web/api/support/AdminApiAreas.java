package it.certmail.pec.web.api.support;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

import it.certmail.pec.operator.model.Area;

/**
 * Which area each admin API path belongs to, and whether a method changes something: the REST half of the role
 * rules (the console's is {@code ConsolePages}). A path not listed is for admins only until someone lists it.
 */
public final class AdminApiAreas {

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Map<String, Area> AREAS = Map.ofEntries(
            Map.entry("mailboxes", Area.MAILBOXES),
            Map.entry("domains", Area.DOMAINS),
            Map.entry("work", Area.QUEUES),
            Map.entry("queues", Area.QUEUES),
            Map.entry("jobs", Area.JOBS),
            Map.entry("log", Area.LOG),
            Map.entry("trace", Area.LOG),
            Map.entry("traces", Area.LOG),
            Map.entry("audit", Area.AUDIT),
            Map.entry("provider", Area.PROVIDERS),
            Map.entry("providers", Area.PROVIDERS),
            Map.entry("plans", Area.PLANS),
            Map.entry("discount-codes", Area.PLANS),
            Map.entry("clock", Area.CLOCK),
            Map.entry("operators", Area.OPERATORS));

    private AdminApiAreas() {
    }

    /** @param path below {@code /api}, e.g. {@code admin/mailboxes/bob@b.test} (a leading slash is ignored) */
    public static Area areaOf(String path) {
        String[] segments = segments(path);
        return segments.length < 2 ? Area.OPERATORS : AREAS.getOrDefault(segments[1], Area.OPERATORS);
    }

    public static boolean changes(String method) {
        return !READS.contains(method.toUpperCase(Locale.ROOT));
    }

    /** What an API call acts on, as the audit trail names it: the path after the area ({@code bob@b.test/plan}), or the area. */
    public static String target(String path) {
        String[] segments = segments(path);
        if (segments.length <= 2) {
            return segments.length == 2 ? segments[1] : String.join("/", segments);
        }
        return String.join("/", java.util.Arrays.copyOfRange(segments, 2, segments.length));
    }

    /** The audit trail's action for an API call: {@code api.<first segment after admin>.<method>}. */
    public static String action(String path, String method) {
        String[] segments = segments(path);
        return "api." + (segments.length < 2 ? "admin" : segments[1]) + "." + method.toUpperCase(Locale.ROOT);
    }

    private static String[] segments(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return p.isEmpty() ? new String[0] : p.split("/");
    }
}
