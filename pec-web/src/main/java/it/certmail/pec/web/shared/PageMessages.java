package it.certmail.pec.web.shared;

import java.text.MessageFormat;
import java.util.ResourceBundle;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;

import it.certmail.pec.mailbox.billing.domain.PaymentDeclinedException;
import it.certmail.pec.mailbox.domain.ChangeTooSoonException;
import it.certmail.pec.mailbox.domain.InvalidMailboxRequestException;
import it.certmail.pec.mailbox.domain.MailboxConflictException;
import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.mailbox.domain.MailboxNotFoundException;

/**
 * Faces messages from the page bundle, in the page language; {@code forId} null = only the message area. Shared by
 * the console and the holder's area.
 */
public final class PageMessages {

    public static final String BUNDLE = "it.certmail.pec.web.messages";

    private PageMessages() {
    }

    public static String text(String key, Object... args) {
        FacesContext faces = FacesContext.getCurrentInstance();
        ResourceBundle bundle = ResourceBundle.getBundle(BUNDLE, faces.getViewRoot().getLocale());
        String pattern = bundle.getString(key);
        return args.length == 0 ? pattern : new MessageFormat(pattern, faces.getViewRoot().getLocale()).format(args);
    }

    public static void error(String forId, String key, Object... args) {
        add(forId, FacesMessage.SEVERITY_ERROR, text(key, args));
    }

    public static void errorText(String forId, String text) {
        add(forId, FacesMessage.SEVERITY_ERROR, text);
    }

    public static void info(String key, Object... args) {
        add(null, FacesMessage.SEVERITY_INFO, text(key, args));
    }

    /** A service refusal beside the field it concerns and in the message area, in the page language. */
    public static void refusal(String forId, MailboxException e) {
        String key = e instanceof InvalidMailboxRequestException ? "error.invalid"
                : e instanceof MailboxConflictException ? "error.conflict"
                : e instanceof MailboxNotFoundException ? "error.notFound"
                : e instanceof ChangeTooSoonException ? "error.tooSoon"
                : e instanceof PaymentDeclinedException ? "error.payment"
                : "error.other";
        // the service's own words follow the translated reason: they name the exact rule
        errorText(forId, text(key) + " " + e.getMessage());
    }

    private static void add(String forId, FacesMessage.Severity severity, String text) {
        FacesContext.getCurrentInstance().addMessage(forId, new FacesMessage(severity, text, null));
    }

    /** Messages survive the redirect after a successful post (post-redirect-get). */
    public static void keepForRedirect() {
        FacesContext.getCurrentInstance().getExternalContext().getFlash().setKeepMessages(true);
    }
}
