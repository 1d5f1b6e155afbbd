package it.certmail.pec.web.console;

import java.text.MessageFormat;
import java.util.ResourceBundle;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;

/** Faces messages from the page bundle, in the page language; {@code forId} null = only the message area. */
final class Messages {

    static final String BUNDLE = "it.certmail.pec.web.messages";

    private Messages() {
    }

    static String text(String key, Object... args) {
        FacesContext faces = FacesContext.getCurrentInstance();
        ResourceBundle bundle = ResourceBundle.getBundle(BUNDLE, faces.getViewRoot().getLocale());
        String pattern = bundle.getString(key);
        return args.length == 0 ? pattern : new MessageFormat(pattern, faces.getViewRoot().getLocale()).format(args);
    }

    static void error(String forId, String key, Object... args) {
        add(forId, FacesMessage.SEVERITY_ERROR, text(key, args));
    }

    static void errorText(String forId, String text) {
        add(forId, FacesMessage.SEVERITY_ERROR, text);
    }

    static void info(String key, Object... args) {
        add(null, FacesMessage.SEVERITY_INFO, text(key, args));
    }

    private static void add(String forId, FacesMessage.Severity severity, String text) {
        FacesContext.getCurrentInstance().addMessage(forId, new FacesMessage(severity, text, null));
    }

    /** Messages survive the redirect after a successful post (post-redirect-get). */
    static void keepForRedirect() {
        FacesContext.getCurrentInstance().getExternalContext().getFlash().setKeepMessages(true);
    }
}
