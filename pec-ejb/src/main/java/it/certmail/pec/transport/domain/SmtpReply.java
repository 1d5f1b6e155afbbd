package it.certmail.pec.transport.domain;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Risposta SMTP: a reply code and its text (RFC 5321 §4.2), as a handler wants it sent to the client.
 *
 * @param code three-digit reply code, 200..599
 * @param text reply text without the code; an enhanced status code (RFC 3463) may lead it, e.g. {@code "2.0.0 ok"};
 *             CR and LF are replaced by spaces so that a handler can never inject a second reply line
 */
public record SmtpReply(int code, String text) {

    private static final Pattern LINE_BREAKS = Pattern.compile("[\r\n]+");
    private static final Pattern ENHANCED_CODE = Pattern.compile("^[245]\\.\\d{1,3}\\.\\d{1,3}(\\s.*)?$");

    public SmtpReply {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("SMTP reply code out of range: " + code);
        }
        text = text == null || text.isBlank() ? defaultText(code) : LINE_BREAKS.matcher(text).replaceAll(" ").strip();
    }

    /** {@code 250 2.0.0 <text>}. */
    public static SmtpReply ok(String text) {
        return new SmtpReply(250, withEnhancedCode("2.0.0", Objects.requireNonNullElse(text, "Ok")));
    }

    /** {@code 451 4.3.0 <text>}: the client keeps the message and retries. */
    public static SmtpReply temporary(String text) {
        return new SmtpReply(451, withEnhancedCode("4.3.0", Objects.requireNonNullElse(text, "Temporary local problem")));
    }

    /** {@code 554 5.6.0 <text>}: the transaction is refused for good. */
    public static SmtpReply permanent(String text) {
        return new SmtpReply(554, withEnhancedCode("5.6.0", Objects.requireNonNullElse(text, "Transaction failed")));
    }

    /** {@code 550 5.1.1 <text>}: a refused mailbox (RCPT or, after DATA, the whole message). */
    public static SmtpReply mailboxUnavailable(String text) {
        return new SmtpReply(550, withEnhancedCode("5.1.1", Objects.requireNonNullElse(text, "Mailbox unavailable")));
    }

    public boolean isPositive() {
        return code < 400;
    }

    public boolean isTransientNegative() {
        return code >= 400 && code < 500;
    }

    public boolean isPermanentNegative() {
        return code >= 500;
    }

    /** The reply line as sent, without CRLF. */
    public String line() {
        return code + " " + text;
    }

    /** A text that already starts with its own enhanced code (e.g. {@code 5.7.1}) keeps it instead of the default. */
    private static String withEnhancedCode(String defaultCode, String text) {
        return ENHANCED_CODE.matcher(text).matches() ? text : defaultCode + " " + text;
    }

    private static String defaultText(int code) {
        return code < 400 ? "Ok" : code < 500 ? "Try again later" : "Transaction failed";
    }
}
