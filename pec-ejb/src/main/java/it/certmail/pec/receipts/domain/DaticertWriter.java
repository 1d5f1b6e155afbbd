package it.certmail.pec.receipts.domain;

import java.nio.charset.StandardCharsets;

/**
 * Writes {@code daticert.xml} (dati di certificazione, RFC 6109 §4.4) in the layout real providers use: UTF-8,
 * XML declaration, no DOCTYPE, 4-space indentation, elements in DTD order, {@code <ricevuta tipo="…" />}.
 */
public final class DaticertWriter {

    private static final String INDENT = "    ";

    private DaticertWriter() {
    }

    /** The UTF-8 bytes of the document; always valid against {@code postacert.dtd}. */
    public static byte[] write(Daticert d) {
        StringBuilder sb = new StringBuilder(1024);
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<postacert tipo=\"").append(d.type().code())
                .append("\" errore=\"").append(d.error().code()).append("\">\n");
        sb.append(INDENT).append("<intestazione>\n");
        element(sb, 2, "mittente", d.sender());
        for (Recipient r : d.recipients()) {
            sb.append(INDENT.repeat(2)).append("<destinatari tipo=\"").append(r.type().code()).append("\">")
                    .append(escape(r.address())).append("</destinatari>\n");
        }
        element(sb, 2, "risposte", d.replyTo());
        if (d.subject() != null) {
            element(sb, 2, "oggetto", d.subject());
        }
        sb.append(INDENT).append("</intestazione>\n");
        sb.append(INDENT).append("<dati>\n");
        element(sb, 2, "gestore-emittente", d.issuer());
        sb.append(INDENT.repeat(2)).append("<data zona=\"").append(PecTime.zone(d.time())).append("\">\n");
        element(sb, 3, "giorno", PecTime.day(d.time()));
        element(sb, 3, "ora", PecTime.time(d.time()));
        sb.append(INDENT.repeat(2)).append("</data>\n");
        element(sb, 2, "identificativo", d.identifier());
        if (d.msgid() != null) {
            element(sb, 2, "msgid", d.msgid());
        }
        if (d.receiptForm() != null) {
            sb.append(INDENT.repeat(2)).append("<ricevuta tipo=\"").append(d.receiptForm().code()).append("\" />\n");
        }
        if (d.delivery() != null) {
            element(sb, 2, "consegna", d.delivery());
        }
        for (String r : d.reception()) {
            element(sb, 2, "ricezione", r);
        }
        if (d.extendedError() != null) {
            element(sb, 2, "errore-esteso", d.extendedError());
        }
        sb.append(INDENT).append("</dati>\n");
        sb.append("</postacert>\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void element(StringBuilder sb, int depth, String name, String value) {
        sb.append(INDENT.repeat(depth)).append('<').append(name).append('>')
                .append(escape(value)).append("</").append(name).append(">\n");
    }

    /**
     * Escapes markup characters and drops characters XML 1.0 cannot carry at all (controls, lone surrogates), which
     * can come from a hostile Subject; CR is kept as a character reference so parsers do not fold it into LF.
     */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\r' -> out.append("&#13;");
                default -> {
                    if (isXmlChar(cp)) {
                        out.appendCodePoint(cp);
                    }
                }
            }
        }
        return out.toString();
    }

    private static boolean isXmlChar(int cp) {
        return cp == 0x9 || cp == 0xA || cp == 0xD
                || (cp >= 0x20 && cp <= 0xD7FF)
                || (cp >= 0xE000 && cp <= 0xFFFD)
                || (cp >= 0x10000 && cp <= 0x10FFFF);
    }
}
