package it.certmail.pec.receipts.domain;

import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.xml.sax.Attributes;

/**
 * Reads {@code daticert.xml} (dati di certificazione, RFC 6109 §4.4) as real providers send it, validating it
 * against the DTD in the same pass. Lenient where providers differ ({@code +0100} or {@code +01:00}, surrounding
 * whitespace, msgid with or without angle brackets), strict in what it reports. Never throws.
 */
public final class DaticertReader {

    private DaticertReader() {
    }

    /** Reads whatever can be read; see {@link DaticertReading}. */
    public static DaticertReading read(byte[] xml) {
        return read(xml, true);
    }

    /**
     * Reads a daticert.xml our own {@link DaticertWriter} wrote in this provider (the busta di trasporto of our own
     * access point, taken from our blob store), checking that it is well-formed but not validating it against the
     * DTD again: the writer's output is validated in its tests, and the DTD's parse was most of the read's time. A
     * document with a DOCTYPE is not read. Anything from outside goes through {@link #read}.
     *
     * @return the data; empty unless the document is well-formed and every field could be read and understood
     */
    public static Optional<Daticert> readOwn(byte[] xml) {
        DaticertReading reading = read(xml, false);
        return reading.problems().isEmpty() ? reading.daticert() : Optional.empty();
    }

    private static DaticertReading read(byte[] xml, boolean validate) {
        try {
            Capture capture = new Capture();
            List<String> dtdErrors = validate ? DaticertDtd.parse(xml, capture)
                    : DaticertDtd.parseWellFormed(xml, capture);
            List<String> problems = new ArrayList<>();
            for (String e : dtdErrors) {
                problems.add("DTD: " + e);
            }
            Optional<Daticert> daticert = capture.hasRoot ? build(capture, problems) : Optional.empty();
            if (!capture.hasRoot && dtdErrors.isEmpty()) {
                problems.add("no postacert element");
            }
            return new DaticertReading(daticert, dtdErrors.isEmpty(), problems);
        } catch (RuntimeException e) {
            // a reader must never fail its caller: report instead
            return new DaticertReading(Optional.empty(), false, List.of("cannot read daticert: " + e));
        }
    }

    private static Optional<Daticert> build(Capture c, List<String> problems) {
        Daticert.Builder b = Daticert.builder();
        boolean complete = true;

        String tipo = c.rootAttributes.get("tipo");
        Optional<DaticertType> type = DaticertType.fromCode(trim(tipo));
        if (type.isEmpty()) {
            problems.add(tipo == null ? "postacert: missing tipo" : "postacert: unknown tipo '" + tipo + "'");
            complete = false;
        } else {
            b.type(type.get());
        }

        String errore = c.rootAttributes.get("errore");
        if (errore == null) {
            b.error(DaticertError.NONE);
        } else {
            Optional<DaticertError> error = DaticertError.fromCode(errore.trim());
            if (error.isEmpty()) {
                problems.add("postacert: unknown errore '" + errore + "', read as altro");
            }
            b.error(error.orElse(DaticertError.OTHER));
        }

        complete &= required(c, "mittente", problems).map(v -> b.sender(v)).isPresent();
        List<Element> recipients = c.all("destinatari");
        if (recipients.isEmpty()) {
            problems.add("missing destinatari");
            complete = false;
        }
        for (Element e : recipients) {
            String t = e.attributes.get("tipo");
            Optional<RecipientType> rt = t == null ? Optional.of(RecipientType.CERTIFIED)
                    : RecipientType.fromCode(t.trim());
            if (rt.isEmpty()) {
                problems.add("destinatari: unknown tipo '" + t + "', read as certificato");
            }
            b.addRecipient(new Recipient(e.text, rt.orElse(RecipientType.CERTIFIED)));
        }
        complete &= required(c, "risposte", problems).map(v -> b.replyTo(v)).isPresent();
        optional(c, "oggetto", problems).ifPresent(b::subject);
        complete &= required(c, "gestore-emittente", problems).map(v -> b.issuer(v)).isPresent();

        Optional<ZonedDateTime> time = time(c, problems);
        if (time.isPresent()) {
            b.time(time.get());
        } else {
            complete = false;
        }

        Optional<String> identifier = required(c, "identificativo", problems);
        if (identifier.isPresent()) {
            b.identifier(PecMessageIds.withoutAngles(identifier.get()));
        } else {
            complete = false;
        }
        optional(c, "msgid", problems).ifPresent(m -> b.msgid(withAngles(m)));
        first(c, "ricevuta", problems).ifPresent(e -> {
            String t = e.attributes.get("tipo");
            Optional<ReceiptForm> form = ReceiptForm.fromCode(t == null ? null : t.trim().toLowerCase(Locale.ROOT));
            if (form.isEmpty()) {
                problems.add("ricevuta: unknown tipo '" + t + "', read as completa");
            }
            b.receiptForm(form.orElse(ReceiptForm.COMPLETE));
        });
        optional(c, "consegna", problems).ifPresent(b::delivery);
        b.reception(c.all("ricezione").stream().map(e -> e.text).toList());
        optional(c, "errore-esteso", problems).ifPresent(b::extendedError);

        return complete ? Optional.of(b.build()) : Optional.empty();
    }

    private static Optional<ZonedDateTime> time(Capture c, List<String> problems) {
        Optional<Element> data = first(c, "data", problems);
        Optional<String> day = required(c, "giorno", problems);
        Optional<String> clock = required(c, "ora", problems);
        if (data.isEmpty() || day.isEmpty() || clock.isEmpty()) {
            if (data.isEmpty()) {
                problems.add("missing data");
            }
            return Optional.empty();
        }
        String zona = data.get().attributes.get("zona");
        Optional<ZonedDateTime> time;
        if (zona == null) {
            // zona is #REQUIRED; without it the only sensible reading is Italian legal time
            problems.add("data: missing zona, read as Europe/Rome");
            time = PecTime.parseLocal(day.get(), clock.get());
        } else {
            time = PecTime.parse(day.get(), clock.get(), zona);
        }
        if (time.isEmpty()) {
            problems.add("data: cannot read giorno='" + day.get() + "' ora='" + clock.get() + "' zona='" + zona + "'");
        }
        return time;
    }

    private static Optional<String> required(Capture c, String name, List<String> problems) {
        Optional<String> v = optional(c, name, problems);
        if (v.isEmpty()) {
            problems.add("missing " + name);
        }
        return v;
    }

    /** The trimmed text of the first element with that name; empty text counts as absent. */
    private static Optional<String> optional(Capture c, String name, List<String> problems) {
        return first(c, name, problems).map(e -> e.text).filter(t -> !t.isEmpty());
    }

    private static Optional<Element> first(Capture c, String name, List<String> problems) {
        List<Element> all = c.all(name);
        if (all.size() > 1) {
            problems.add(name + " appears " + all.size() + " times, the first is used");
        }
        return all.stream().findFirst();
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }


    private static String withAngles(String id) {
        String s = id.trim();
        return s.startsWith("<") && s.endsWith(">") ? s : "<" + PecMessageIds.withoutAngles(s) + ">";
    }

    private record Element(String text, Map<String, String> attributes) {
    }

    /** Captures every element by name, whatever its position, so misplaced elements can still be read. */
    private static final class Capture extends DaticertDtd.Handler {
        private final Map<String, List<Element>> elements = new HashMap<>();
        private final Map<String, String> rootAttributes = new HashMap<>();
        private final List<StringBuilder> texts = new ArrayList<>();
        private final List<Map<String, String>> attributes = new ArrayList<>();
        private boolean hasRoot;
        private int depth;

        List<Element> all(String name) {
            return elements.getOrDefault(name, List.of());
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes atts) {
            Map<String, String> map = new HashMap<>();
            for (int i = 0; i < atts.getLength(); i++) {
                map.put(atts.getQName(i), atts.getValue(i));
            }
            if (depth == 0 && "postacert".equals(qName)) {
                hasRoot = true;
                rootAttributes.putAll(map);
            }
            depth++;
            texts.add(new StringBuilder());
            attributes.add(map);
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (!texts.isEmpty()) {
                texts.get(texts.size() - 1).append(ch, start, length);
            }
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            depth--;
            String text = texts.remove(texts.size() - 1).toString().trim();
            Map<String, String> atts = attributes.remove(attributes.size() - 1);
            elements.computeIfAbsent(qName, k -> new ArrayList<>()).add(new Element(text, atts));
        }
    }
}
