package it.certmail.pec.operator.domain;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import it.certmail.pec.operator.model.AuditRecord;

/**
 * How a change's before and after are written into the audit trail: never a secret (passwords, tokens, codes are
 * masked, so the trail can be shown to an auditor), never longer than the column.
 */
public final class AuditValues {

    public static final String MASK = "***";
    /** JSON members whose name says they hold a secret: {@code "password": "..."} and the like. */
    private static final Pattern SECRET_MEMBER = Pattern.compile(
            "(\"[A-Za-z_]*(?i:password|secret|token|code)[A-Za-z_]*\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"");

    private AuditValues() {
    }

    /** A JSON text with the values of secret members masked; null stays null. */
    public static String redactJson(String json) {
        if (json == null) {
            return null;
        }
        return fit(SECRET_MEMBER.matcher(json).replaceAll("$1\"" + Matcher.quoteReplacement(MASK) + "\""));
    }

    /** Named values as {@code name=value, ...} in the given order (a LinkedHashMap keeps it). */
    public static String of(Map<String, ?> values) {
        return fit(values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ")));
    }

    /** Cut to the column's size, marked with an ellipsis. */
    public static String fit(String value) {
        if (value == null || value.length() <= AuditRecord.VALUE_MAX) {
            return value;
        }
        return value.substring(0, AuditRecord.VALUE_MAX - 1) + "…";
    }
}
