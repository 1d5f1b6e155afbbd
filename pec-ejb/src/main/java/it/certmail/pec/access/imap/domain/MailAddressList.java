package it.certmail.pec.access.imap.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * Elenco di indirizzi (RFC 5322 §3.4) as IMAP ENVELOPE needs it: display name (raw, encoded words kept), local
 * part, domain, and group markers. Tolerant: what cannot be read becomes a mailbox without a domain.
 */
final class MailAddressList {

    /** One ENVELOPE address; a group start has {@code mailbox} = group name and {@code host} = null, a group end all null. */
    record Address(String name, String mailbox, String host) {
    }

    private final String s;
    private int pos;

    private MailAddressList(String s) {
        this.s = s;
    }

    static List<Address> parse(String header) {
        if (header == null || header.isBlank()) {
            return List.of();
        }
        return new MailAddressList(header).list();
    }

    private List<Address> list() {
        List<Address> out = new ArrayList<>();
        while (pos < s.length()) {
            skipCfws();
            if (pos >= s.length()) {
                break;
            }
            if (s.charAt(pos) == ',') {
                pos++;
                continue;
            }
            int before = pos;
            element(out);
            if (pos == before) {
                pos++;
            }
        }
        return out;
    }

    /** An address or a group. */
    private void element(List<Address> out) {
        StringBuilder phrase = new StringBuilder();
        StringBuilder raw = new StringBuilder();
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == '<') {
                pos++;
                Address a = angle(phrase.toString().strip());
                out.add(a);
                return;
            }
            if (c == ':') {
                pos++;
                out.add(new Address(null, phrase.toString().strip(), null));
                while (pos < s.length()) {
                    skipCfws();
                    if (pos < s.length() && s.charAt(pos) == ';') {
                        pos++;
                        break;
                    }
                    if (pos < s.length() && s.charAt(pos) == ',') {
                        pos++;
                        continue;
                    }
                    if (pos >= s.length()) {
                        break;
                    }
                    int before = pos;
                    element(out);
                    if (pos == before) {
                        pos++;
                    }
                }
                out.add(new Address(null, null, null));
                return;
            }
            if (c == ',' || c == ';') {
                break;
            }
            if (c == '"') {
                String q = quoted();
                phrase.append(q);
                raw.append('"').append(q).append('"');
                continue;
            }
            if (c == '(') {
                skipComment();
                phrase.append(' ');
                continue;
            }
            phrase.append(c);
            raw.append(c);
            pos++;
        }
        // a bare addr-spec
        String spec = raw.toString().strip();
        if (!spec.isEmpty()) {
            out.add(addrSpec(null, spec));
        }
    }

    private Address angle(String name) {
        StringBuilder spec = new StringBuilder();
        while (pos < s.length() && s.charAt(pos) != '>') {
            char c = s.charAt(pos);
            if (c == '"') {
                spec.append('"').append(quoted()).append('"');
                continue;
            }
            spec.append(c);
            pos++;
        }
        if (pos < s.length()) {
            pos++;
        }
        String addr = spec.toString().strip();
        // a source route "@a,@b:user@host" is dropped (obsolete)
        int colon = addr.lastIndexOf(':');
        if (addr.startsWith("@") && colon > 0) {
            addr = addr.substring(colon + 1);
        }
        return addrSpec(name.isEmpty() ? null : name.replaceAll("\\s+", " "), addr);
    }

    private static Address addrSpec(String name, String spec) {
        int at = spec.lastIndexOf('@');
        if (at < 0) {
            return new Address(name, spec.isEmpty() ? null : spec, "MISSING_DOMAIN");
        }
        String local = spec.substring(0, at).strip();
        if (local.length() >= 2 && local.startsWith("\"") && local.endsWith("\"")) {
            local = local.substring(1, local.length() - 1);
        }
        return new Address(name, local, spec.substring(at + 1).strip());
    }

    private String quoted() {
        StringBuilder sb = new StringBuilder();
        pos++;
        while (pos < s.length()) {
            char c = s.charAt(pos++);
            if (c == '\\' && pos < s.length()) {
                sb.append(s.charAt(pos++));
            } else if (c == '"') {
                break;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private void skipComment() {
        int depth = 0;
        while (pos < s.length()) {
            char c = s.charAt(pos++);
            if (c == '\\') {
                pos++;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return;
            }
        }
    }

    private void skipCfws() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                pos++;
            } else if (c == '(') {
                skipComment();
            } else {
                return;
            }
        }
    }
}
