package it.certmail.pec.receipts.domain;

import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Testi dei messaggi PEC: the Italian texts of the eleven kinds (RFC 6109 §3 templates, wording observed in real
 * Aruba, Sogei and Namirial messages where available, pec-spec §2.3). Each text is built once as plain lines;
 * the HTML is the same lines escaped, so both always carry the same information.
 */
public final class PecTexts {

    private static final String ID_LABEL = "Identificativo messaggio: ";
    private static final String ORIGINAL_ATTACHED = "Il messaggio originale è incluso in allegato.";

    private PecTexts() {
    }

    /** busta di trasporto */
    public static PecText transportEnvelope(ZonedDateTime time, String subject, String sender,
            List<Recipient> recipients, String identifier) {
        List<String> l = new ArrayList<>();
        l.add(PecTime.bodyForm(time) + " il messaggio");
        l.add(q(subject) + " è stato inviato da " + q(sender));
        l.add("indirizzato a:");
        recipients.forEach(r -> l.add(r.address()));
        l.add(ORIGINAL_ATTACHED);
        l.add(ID_LABEL + identifier);
        return render("Messaggio di posta certificata", l);
    }

    /** ricevuta di accettazione: every recipient labelled "posta certificata" or "posta ordinaria" */
    public static PecText acceptance(ZonedDateTime time, String subject, String sender, List<Recipient> recipients,
            String identifier) {
        List<String> l = new ArrayList<>();
        l.add(PecTime.bodyForm(time) + " il messaggio");
        l.add(q(subject) + " proveniente da " + q(sender));
        l.add("ed indirizzato a:");
        recipients.forEach(r -> l.add(r.address() + " (" + q(label(r)) + ")"));
        l.add("Il messaggio è stato accettato dal sistema ed inoltrato.");
        l.add(ID_LABEL + identifier);
        return render("Ricevuta di accettazione", l);
    }

    /** avviso di non accettazione per eccezioni formali */
    public static PecText nonAcceptance(ZonedDateTime time, String subject, String sender,
            List<Recipient> recipients, String reason, String identifier) {
        List<String> l = new ArrayList<>();
        l.add(PecTime.bodyForm(time) + " nel messaggio");
        l.add(q(subject) + " proveniente da " + q(sender));
        l.add("ed indirizzato a:");
        recipients.forEach(r -> l.add(r.address()));
        l.add("è stato rilevato un problema che ne impedisce l'accettazione a causa di: " + value(reason) + ".");
        l.add("Il messaggio non è stato accettato.");
        l.add(ID_LABEL + identifier);
        return render("Avviso di non accettazione", l);
    }

    /** avviso di non accettazione per virus */
    public static PecText nonAcceptanceVirus(ZonedDateTime time, String subject, String sender,
            List<Recipient> recipients, String virus, String identifier) {
        List<String> l = new ArrayList<>();
        l.add(PecTime.bodyForm(time) + " nel messaggio");
        l.add(q(subject) + " proveniente da " + q(sender));
        l.add("ed indirizzato a:");
        recipients.forEach(r -> l.add(r.address()));
        l.add("è stato rilevato un problema di sicurezza: " + value(virus) + ".");
        l.add("Il messaggio non è stato accettato.");
        l.add(ID_LABEL + identifier);
        return render("Avviso di non accettazione per virus", l);
    }

    /** ricevuta di presa in carico */
    public static PecText takeCharge(ZonedDateTime time, String subject, String sender, List<Recipient> recipients,
            String identifier) {
        List<String> l = new ArrayList<>();
        l.add(PecTime.bodyForm(time) + " il messaggio");
        l.add(q(subject) + " proveniente da " + q(sender));
        l.add("ed indirizzato a:");
        recipients.forEach(r -> l.add(r.address()));
        l.add("è stato accettato dal sistema.");
        l.add(ID_LABEL + identifier);
        return render("Ricevuta di presa in carico", l);
    }

    /** ricevuta di avvenuta consegna, in the form actually sent */
    public static PecText delivery(ZonedDateTime time, String subject, String sender, String recipient,
            ReceiptForm form, String identifier) {
        List<String> l = new ArrayList<>();
        l.add(PecTime.bodyForm(time) + " il messaggio");
        l.add(q(subject) + " proveniente da " + q(sender));
        l.add("ed indirizzato a " + q(recipient));
        l.add("è stato consegnato nella casella di destinazione.");
        switch (form) {
            case COMPLETE -> l.add(ORIGINAL_ATTACHED);
            case BRIEF -> l.add("Il messaggio originale è incluso in allegato, con i suoi allegati sostituiti"
                    + " dai rispettivi hash SHA-1.");
            case CONCISE -> {
                // the concise form carries no original
            }
        }
        l.add(ID_LABEL + identifier);
        String title = switch (form) {
            case COMPLETE -> "Ricevuta di avvenuta consegna";
            case BRIEF -> "Ricevuta breve di avvenuta consegna";
            case CONCISE -> "Ricevuta sintetica di avvenuta consegna";
        };
        return render(title, l);
    }

    /** avviso di mancata consegna */
    public static PecText deliveryFailure(ZonedDateTime time, String subject, String sender, String recipient,
            String reason, String identifier) {
        List<String> l = new ArrayList<>();
        l.add(PecTime.bodyForm(time) + " nel messaggio");
        l.add(q(subject) + " proveniente da " + q(sender));
        l.add("e destinato all'utente " + q(recipient));
        l.add("è stato rilevato un errore: " + value(reason) + ".");
        l.add("Il messaggio è stato rifiutato dal sistema.");
        l.add(ID_LABEL + identifier);
        return render("Avviso di mancata consegna", l);
    }

    /** avviso di mancata consegna per virus */
    public static PecText deliveryFailureVirus(ZonedDateTime time, String subject, String sender, String recipient,
            String virus, String identifier) {
        List<String> l = new ArrayList<>();
        l.add(PecTime.bodyForm(time) + " nel messaggio");
        l.add(q(subject) + " proveniente da " + q(sender));
        l.add("e destinato all'utente " + q(recipient));
        l.add("è stato rilevato un problema di sicurezza: " + value(virus) + ".");
        l.add("Il messaggio non è stato consegnato.");
        l.add(ID_LABEL + identifier);
        return render("Avviso di mancata consegna per virus", l);
    }

    /** avviso di mancata consegna per superamento dei tempi massimi, 12 h preavviso or 24 h final notice */
    public static PecText deliveryTimeout(ZonedDateTime time, String subject, String sender, String recipient,
            TimeoutStage stage, String identifier) {
        List<String> l = new ArrayList<>();
        l.add(PecTime.bodyForm(time) + " il messaggio");
        l.add(q(subject) + " proveniente da " + q(sender));
        l.add("ed indirizzato a " + q(recipient));
        if (stage == TimeoutStage.WARNING_12_HOURS) {
            l.add("non è stato consegnato nelle prime 12 ore dal suo invio.");
            l.add("Pur non escludendo che il messaggio possa essere consegnato in seguito, si ritiene utile"
                    + " considerare che l'invio potrebbe non avere esito positivo.");
            l.add("Il sistema invierà un ulteriore avviso di mancata consegna qualora nelle successive 12 ore"
                    + " non pervenga conferma della consegna dal destinatario.");
        } else {
            l.add("non è stato consegnato entro 24 ore dal suo invio.");
            l.add("La trasmissione si considera conclusa con esito negativo.");
        }
        l.add(ID_LABEL + identifier);
        String title = stage == TimeoutStage.WARNING_12_HOURS
                ? "Preavviso di mancata consegna per superamento dei tempi massimi (12 ore)"
                : "Avviso di mancata consegna per superamento dei tempi massimi (24 ore)";
        return render(title, l);
    }

    /** avviso di rilevazione virus */
    public static PecText virusDetection(ZonedDateTime time, String subject, String sender, String recipient,
            String virus, String identifier) {
        List<String> l = new ArrayList<>();
        l.add(PecTime.bodyForm(time) + " nel messaggio");
        l.add(q(subject) + " proveniente da " + q(sender));
        l.add("e destinato all'utente " + q(recipient));
        l.add("è stato rilevato un problema di sicurezza: " + value(virus) + ".");
        l.add("Il messaggio non è stato consegnato.");
        l.add(ID_LABEL + identifier);
        return render("Avviso di rilevazione virus", l);
    }

    /** busta di anomalia: no identifier, the data are not certified */
    public static PecText anomaly(ZonedDateTime time, String subject, String sender, List<String> recipients,
            String error) {
        List<String> l = new ArrayList<>();
        l.add(PecTime.bodyForm(time) + " è stato ricevuto il messaggio");
        l.add(q(subject) + " proveniente da " + q(sender));
        l.add("ed indirizzato a:");
        recipients.forEach(r -> l.add(value(r)));
        l.add("Tali dati non sono stati certificati per il seguente errore: " + value(error) + ".");
        l.add(ORIGINAL_ATTACHED);
        return render("Anomalia nel messaggio", l);
    }

    private static String label(Recipient r) {
        return r.type() == RecipientType.CERTIFIED ? "posta certificata" : "posta ordinaria";
    }

    private static String q(String s) {
        return "\"" + value(s) + "\"";
    }

    /** One-line value: null becomes empty, line breaks and other controls become spaces. */
    private static String value(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> out.appendCodePoint(Character.isISOControl(cp) ? ' ' : cp));
        return out.toString();
    }

    private static PecText render(String title, List<String> lines) {
        StringBuilder plain = new StringBuilder();
        plain.append(title).append("\r\n\r\n");
        for (String line : lines) {
            plain.append(value(line)).append("\r\n");
        }
        StringBuilder html = new StringBuilder();
        html.append("<html>\r\n<head><title>").append(html(title)).append("</title></head>\r\n<body>\r\n");
        html.append("<h3>").append(html(title)).append("</h3>\r\n<hr><br>\r\n");
        for (String line : lines) {
            html.append(html(value(line))).append("<br>\r\n");
        }
        html.append("</body>\r\n</html>\r\n");
        return new PecText(title, latin1(plain.toString()), html.toString());
    }

    /** Replaces what ISO-8859-1 cannot encode with '?'. */
    static String latin1(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> out.append(cp <= 0xFF ? (char) cp : '?'));
        return out.toString();
    }

    /** Escapes markup and writes every non-ASCII character as a numeric reference, so the HTML is pure ASCII. */
    static String html(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (cp < 0x80) {
                        out.append((char) cp);
                    } else {
                        out.append("&#").append(cp).append(';');
                    }
                }
            }
        });
        return out.toString();
    }
}
