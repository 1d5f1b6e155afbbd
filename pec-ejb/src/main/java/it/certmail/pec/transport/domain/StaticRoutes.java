package it.certmail.pec.transport.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Rotte statiche: the {@code pec.relay.routes} configuration, {@code "b.test=127.0.0.1:20025,c.test=host:25"}.
 * A route wins over MX lookup for its domain (exact domain match, case-insensitive). Bad entries never throw:
 * they are skipped and listed in {@link #problems()} so that the caller can log them at start.
 *
 * @param routes   domain (lower case) to target, in configuration order
 * @param problems one line per entry that could not be read
 */
public record StaticRoutes(Map<String, RelayTarget> routes, List<String> problems) {

    public StaticRoutes {
        routes = Collections.unmodifiableMap(new LinkedHashMap<>(routes));
        problems = List.copyOf(problems);
    }

    public static StaticRoutes none() {
        return new StaticRoutes(Map.of(), List.of());
    }

    /** Parses {@code domain=host:port} entries separated by commas, semicolons or white space. */
    public static StaticRoutes parse(String config) {
        Map<String, RelayTarget> routes = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        if (config == null || config.isBlank()) {
            return new StaticRoutes(routes, problems);
        }
        for (String raw : config.split("[,;\\s]+")) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                problems.add("route '" + entry + "': expected domain=host:port");
                continue;
            }
            String domain = normaliseDomain(entry.substring(0, eq));
            Optional<RelayTarget> target = parseTarget(entry.substring(eq + 1));
            if (target.isEmpty()) {
                problems.add("route '" + entry + "': expected host:port with port 1..65535");
                continue;
            }
            if (routes.containsKey(domain)) {
                problems.add("route '" + entry + "': domain " + domain + " given twice, the first wins");
                continue;
            }
            routes.put(domain, target.get());
        }
        return new StaticRoutes(routes, problems);
    }

    /** The route for {@code domain}, if configured. */
    public Optional<RelayTarget> routeFor(String domain) {
        return Optional.ofNullable(routes.get(normaliseDomain(domain)));
    }

    private static Optional<RelayTarget> parseTarget(String s) {
        String hostPort = s.strip();
        String host;
        String port;
        if (hostPort.startsWith("[")) {
            // [IPv6]:port
            int close = hostPort.indexOf(']');
            if (close < 0 || close + 1 >= hostPort.length() || hostPort.charAt(close + 1) != ':') {
                return Optional.empty();
            }
            host = hostPort.substring(1, close);
            port = hostPort.substring(close + 2);
        } else {
            int colon = hostPort.lastIndexOf(':');
            if (colon <= 0 || hostPort.indexOf(':') != colon) {
                return Optional.empty();
            }
            host = hostPort.substring(0, colon);
            port = hostPort.substring(colon + 1);
        }
        if (host.isBlank() || !port.matches("\\d{1,5}")) {
            return Optional.empty();
        }
        int p = Integer.parseInt(port);
        if (p < 1 || p > 65535) {
            return Optional.empty();
        }
        return Optional.of(new RelayTarget(host, p));
    }

    static String normaliseDomain(String domain) {
        String d = domain.strip().toLowerCase(Locale.ROOT);
        return d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
    }
}
