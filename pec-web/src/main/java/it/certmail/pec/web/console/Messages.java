package it.certmail.pec.web.console;

import it.certmail.pec.web.shared.PageMessages;

/** The console's short name for {@link PageMessages}. */
final class Messages {

    static final String BUNDLE = PageMessages.BUNDLE;

    private Messages() {
    }

    static String text(String key, Object... args) {
        return PageMessages.text(key, args);
    }

    static void error(String forId, String key, Object... args) {
        PageMessages.error(forId, key, args);
    }

    static void errorText(String forId, String text) {
        PageMessages.errorText(forId, text);
    }

    static void info(String key, Object... args) {
        PageMessages.info(key, args);
    }

    static void keepForRedirect() {
        PageMessages.keepForRedirect();
    }
}
