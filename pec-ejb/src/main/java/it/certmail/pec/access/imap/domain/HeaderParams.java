package it.certmail.pec.access.imap.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Parametri di intestazione: splits {@code value; a=b; c="d;e"} (RFC 2045 §5.1), comments dropped. */
final class HeaderParams {

    private HeaderParams() {
    }

    /** The value and its {@code name=value} parameters as raw tokens, split on ';' outside quotes. */
    static List<String> split(String value) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        int comment = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quoted) {
                cur.append(c);
                if (c == '\\' && i + 1 < value.length()) {
                    cur.append(value.charAt(++i));
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (comment > 0) {
                if (c == '(') {
                    comment++;
                } else if (c == ')') {
                    comment--;
                } else if (c == '\\') {
                    i++;
                }
            } else if (c == '"') {
                quoted = true;
                cur.append(c);
            } else if (c == '(') {
                comment++;
            } else if (c == ';') {
                out.add(cur.toString().strip());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString().strip());
        return out;
    }

    /** Parameters after the first token: lower-case names, values unquoted; malformed ones skipped. */
    static Map<String, String> params(List<String> tokens) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 1; i < tokens.size(); i++) {
            String t = tokens.get(i);
            int eq = t.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = t.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String v = t.substring(eq + 1).strip();
            if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                v = unquote(v.substring(1, v.length() - 1));
            }
            out.putIfAbsent(name, v);
        }
        return out;
    }

    private static String unquote(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                c = s.charAt(++i);
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
