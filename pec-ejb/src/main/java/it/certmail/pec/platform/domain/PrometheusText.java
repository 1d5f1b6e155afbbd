package it.certmail.pec.platform.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Prometheus text exposition format 0.0.4: one {@code # HELP} and {@code # TYPE} line per family, then its
 * samples, all of a family together (the format forbids splitting one). Label values and help texts are escaped
 * as the format says (backslash, double quote, line feed); names are checked, so a typo fails the test, not the
 * scrape.
 */
public final class PrometheusText {

    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    public enum Type {
        COUNTER, GAUGE;

        String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private record Family(String name, Type type, String help, List<String> samples) {
    }

    private final Map<String, Family> families = new LinkedHashMap<>();

    /** Declares a family; declaring it again with the same type is a no-op. */
    public PrometheusText family(String name, Type type, String help) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a metric name: " + name);
        }
        Family existing = families.get(name);
        if (existing != null && existing.type() != type) {
            throw new IllegalArgumentException(name + " declared as " + existing.type() + " and " + type);
        }
        families.putIfAbsent(name, new Family(name, type, help, new ArrayList<>()));
        return this;
    }

    /** A sample of a declared family; {@code labels} in the order given (name, value, name, value, ...). */
    public PrometheusText sample(String name, double value, String... labels) {
        Family f = families.get(name);
        if (f == null) {
            throw new IllegalArgumentException("undeclared family " + name);
        }
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name/value pairs");
        }
        StringBuilder line = new StringBuilder(name);
        if (labels.length > 0) {
            line.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                if (!LABEL.matcher(labels[i]).matches()) {
                    throw new IllegalArgumentException("not a label name: " + labels[i]);
                }
                line.append(i == 0 ? "" : ",").append(labels[i]).append("=\"").append(escapeLabel(labels[i + 1]))
                        .append('"');
            }
            line.append('}');
        }
        line.append(' ').append(number(value));
        f.samples().add(line.toString());
        return this;
    }

    /** The exposition, families in declaration order, ending with a line feed. */
    public String text() {
        StringBuilder out = new StringBuilder();
        for (Family f : families.values()) {
            out.append("# HELP ").append(f.name()).append(' ').append(escapeHelp(f.help())).append('\n');
            out.append("# TYPE ").append(f.name()).append(' ').append(f.type().word()).append('\n');
            f.samples().forEach(s -> out.append(s).append('\n'));
        }
        return out.toString();
    }

    static String escapeLabel(String v) {
        return v == null ? "" : v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static String escapeHelp(String v) {
        return v.replace("\\", "\\\\").replace("\n", "\\n");
    }

    /** Whole numbers without a fraction; NaN and infinities in the format's spelling. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
