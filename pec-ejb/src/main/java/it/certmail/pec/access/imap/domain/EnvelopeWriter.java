package it.certmail.pec.access.imap.domain;

import java.util.List;

/**
 * Scrittore di ENVELOPE e BODYSTRUCTURE (RFC 3501 §7.4.2) from a {@link MimeEntity}: header values raw (encoded
 * words kept), addresses split, parts described recursively with extension data when asked for.
 */
public final class EnvelopeWriter {

    private EnvelopeWriter() {
    }

    /** The ENVELOPE of a message entity. */
    public static String envelope(MimeEntity m) {
        StringBuilder out = new StringBuilder(256);
        envelope(out, m);
        return out.toString();
    }

    static void envelope(StringBuilder out, MimeEntity m) {
        out.append('(');
        ImapStrings.nstring(out, m.header("Date"));
        out.append(' ');
        ImapStrings.nstring(out, m.header("Subject"));
        String from = m.header("From");
        out.append(' ');
        addresses(out, from);
        out.append(' ');
        addresses(out, m.header("Sender") == null || m.header("Sender").isBlank() ? from : m.header("Sender"));
        out.append(' ');
        addresses(out, m.header("Reply-To") == null || m.header("Reply-To").isBlank() ? from : m.header("Reply-To"));
        out.append(' ');
        addresses(out, m.header("To"));
        out.append(' ');
        addresses(out, m.header("Cc"));
        out.append(' ');
        addresses(out, m.header("Bcc"));
        out.append(' ');
        ImapStrings.nstring(out, m.header("In-Reply-To"));
        out.append(' ');
        ImapStrings.nstring(out, m.header("Message-ID"));
        out.append(')');
    }

    private static void addresses(StringBuilder out, String header) {
        List<MailAddressList.Address> list = MailAddressList.parse(header);
        if (list.isEmpty()) {
            out.append("NIL");
            return;
        }
        out.append('(');
        for (MailAddressList.Address a : list) {
            out.append('(');
            ImapStrings.nstring(out, a.name());
            out.append(" NIL ");
            ImapStrings.nstring(out, a.mailbox());
            out.append(' ');
            ImapStrings.nstring(out, a.host());
            out.append(')');
        }
        out.append(')');
    }

    /** BODYSTRUCTURE (extensible) or BODY (without extension data) of a message entity. */
    public static String bodyStructure(MimeEntity m, boolean extensible) {
        StringBuilder out = new StringBuilder(512);
        body(out, m, extensible);
        return out.toString();
    }

    private static void body(StringBuilder out, MimeEntity e, boolean ext) {
        out.append('(');
        if (e.isMultipart()) {
            if (e.parts().isEmpty()) {
                // RFC 3501 needs at least one part; describe an empty text part
                out.append("(\"text\" \"plain\" NIL NIL NIL \"7bit\" 0 0)");
            }
            for (MimeEntity p : e.parts()) {
                body(out, p, ext);
            }
            out.append(' ');
            ImapStrings.string(out, e.subtype().toUpperCase(java.util.Locale.ROOT));
            if (ext) {
                out.append(' ');
                params(out, e);
                out.append(' ');
                disposition(out, e);
                out.append(' ');
                language(out, e);
                out.append(' ');
                ImapStrings.nstring(out, e.header("Content-Location"));
            }
            out.append(')');
            return;
        }
        ImapStrings.string(out, e.type().toUpperCase(java.util.Locale.ROOT));
        out.append(' ');
        ImapStrings.string(out, e.subtype().toUpperCase(java.util.Locale.ROOT));
        out.append(' ');
        params(out, e);
        out.append(' ');
        ImapStrings.nstring(out, e.header("Content-ID"));
        out.append(' ');
        ImapStrings.nstring(out, e.header("Content-Description"));
        out.append(' ');
        ImapStrings.string(out, e.encoding());
        out.append(' ').append(e.bodySize());
        if (e.isMessage()) {
            out.append(' ');
            envelope(out, e.message());
            out.append(' ');
            body(out, e.message(), ext);
            out.append(' ').append(e.lines());
        } else if (e.type().equals("text")) {
            out.append(' ').append(e.lines());
        }
        if (ext) {
            out.append(' ');
            ImapStrings.nstring(out, e.header("Content-MD5"));
            out.append(' ');
            disposition(out, e);
            out.append(' ');
            language(out, e);
            out.append(' ');
            ImapStrings.nstring(out, e.header("Content-Location"));
        }
        out.append(')');
    }

    private static void params(StringBuilder out, MimeEntity e) {
        if (e.params().isEmpty()) {
            out.append("NIL");
            return;
        }
        paramList(out, e.params());
    }

    private static void paramList(StringBuilder out, java.util.Map<String, String> params) {
        out.append('(');
        boolean first = true;
        for (var p : params.entrySet()) {
            if (!first) {
                out.append(' ');
            }
            first = false;
            ImapStrings.string(out, p.getKey().toUpperCase(java.util.Locale.ROOT));
            out.append(' ');
            ImapStrings.string(out, p.getValue());
        }
        out.append(')');
    }

    private static void disposition(StringBuilder out, MimeEntity e) {
        String d = e.header("Content-Disposition");
        if (d == null || d.isBlank()) {
            out.append("NIL");
            return;
        }
        List<String> tokens = HeaderParams.split(d);
        out.append('(');
        ImapStrings.string(out, tokens.get(0).toUpperCase(java.util.Locale.ROOT));
        out.append(' ');
        var params = HeaderParams.params(tokens);
        if (params.isEmpty()) {
            out.append("NIL");
        } else {
            paramList(out, params);
        }
        out.append(')');
    }

    private static void language(StringBuilder out, MimeEntity e) {
        String l = e.header("Content-Language");
        if (l == null || l.isBlank()) {
            out.append("NIL");
            return;
        }
        String[] langs = l.split("[,\\s]+");
        if (langs.length == 1) {
            ImapStrings.string(out, langs[0]);
            return;
        }
        out.append('(');
        for (int i = 0; i < langs.length; i++) {
            if (i > 0) {
                out.append(' ');
            }
            ImapStrings.string(out, langs[i]);
        }
        out.append(')');
    }
}
