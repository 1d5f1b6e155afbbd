package it.certmail.pec.mailbox.domain;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import it.certmail.pec.receipts.domain.PecMessageKind;

/**
 * Lettore del sommario: reads the top-level header block of a message (up to the first empty line) and picks
 * out the {@link MessageSummary} facts. Reads one byte at a time and never past the empty line, so the stream
 * is left at the body; the block is capped at {@link #MAX_HEADER_BYTES}. Malformed headers give {@code null}
 * fields, never an exception; only a failing stream throws.
 */
public final class MessageSummaryReader {

    /** Header blocks larger than this are cut here (real ones are a few KiB; PEC trace headers included). */
    public static final int MAX_HEADER_BYTES = 256 * 1024;

    private static final Pattern LINE_END = Pattern.compile("\r?\n");
    private static final Pattern COMMENT = Pattern.compile("\\([^)]*\\)");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern DAY_NAME = Pattern.compile("^[A-Za-z]{3},\\s*");

    private MessageSummaryReader() {
    }

    /** Reads the header block from {@code in} and summarises it. */
    public static MessageSummary read(InputStream in) throws IOException {
        return fromHeaderBlock(headerBlock(in));
    }

    /** Summarises an already read header block (CRLF or LF line ends, folded or not). */
    public static MessageSummary fromHeaderBlock(String block) {
        Map<String, String> fields = firstFields(block);
        String subject = EncodedWords.decode(fields.get("subject"));
        String from = EncodedWords.decode(fields.get("from"));
        String kind = PecMessageKind.classify(fields.get("x-trasporto"), fields.get("x-ricevuta"),
                fields.get(PecMessageKind.X_VERIFICA_SICUREZZA.toLowerCase(Locale.ROOT)))
                .map(Enum::name).orElse(MessageSummary.ORDINARY);
        return new MessageSummary(subject, messageId(fields.get("message-id")),
                messageId(fields.get("x-riferimento-message-id")), from, firstAddress(fields.get("from")),
                date(fields.get("date")), kind);
    }

    /**
     * The bytes before the first empty line, decoded as UTF-8 (RFC 6532) or else ISO-8859-1. The stream is left just
     * after that line: read in blocks, then put back there, when it supports mark and reset (a spool's streams do);
     * a byte at a time otherwise.
     */
    static String headerBlock(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        boolean blocks = in.markSupported();
        if (blocks) {
            in.mark(MAX_HEADER_BYTES);
        }
        byte[] buffer = new byte[blocks ? 4096 : 1];
        int lineLength = 0;
        int n;
        scan:
        while (out.size() < MAX_HEADER_BYTES
                && (n = in.read(buffer, 0, Math.min(buffer.length, MAX_HEADER_BYTES - out.size()))) > 0) {
            for (int i = 0; i < n; i++) {
                byte b = buffer[i];
                if (b == '\n') {
                    if (lineLength == 0) {
                        out.write(buffer, 0, i);
                        if (blocks) {
                            in.reset();
                            in.skipNBytes(out.size() + 1L);
                        }
                        break scan;
                    }
                    lineLength = 0;
                } else if (b != '\r') {
                    // a CR is part of the line end; an empty line is "\r\n" or "\n"
                    lineLength++;
                }
            }
            out.write(buffer, 0, n);
        }
        byte[] bytes = out.toByteArray();
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException notUtf8) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    /** Lower-cased field name to the unfolded value of its first occurrence. */
    static Map<String, String> firstFields(String block) {
        Map<String, String> fields = new LinkedHashMap<>();
        String name = null;
        StringBuilder value = new StringBuilder();
        for (String line : LINE_END.split(block, -1)) {
            if (line.isEmpty() || line.equals("\r")) {
                break;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && name != null) {
                // unfolding removes the line break only (RFC 5322 §2.2.3)
                value.append(line);
                continue;
            }
            put(fields, name, value);
            int colon = line.indexOf(':');
            if (colon <= 0) {
                name = null;
                continue;
            }
            name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            value.setLength(0);
            value.append(line, colon + 1, line.length());
        }
        put(fields, name, value);
        return fields;
    }

    private static void put(Map<String, String> fields, String name, StringBuilder value) {
        if (name != null) {
            fields.putIfAbsent(name, value.toString().replace("\r", "").strip());
        }
    }

    /** The first {@code <...>} token, or the trimmed value when there are no brackets. */
    static String messageId(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        int open = value.indexOf('<');
        int close = open < 0 ? -1 : value.indexOf('>', open);
        return open >= 0 && close > open ? value.substring(open, close + 1) : value.strip();
    }

    /** The addr-spec of the first mailbox in an address list: inside angle brackets, or the bare address. */
    static String firstAddress(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder bare = new StringBuilder();
        boolean quoted = false;
        int comment = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (comment > 0) {
                if (c == '(') {
                    comment++;
                } else if (c == ')') {
                    comment--;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '(') {
                comment++;
            } else if (c == '<') {
                int close = value.indexOf('>', i);
                return close > i + 1 ? value.substring(i + 1, close).strip() : null;
            } else if (c == ',') {
                break;
            } else {
                bare.append(c);
            }
        }
        String address = bare.toString().strip();
        return address.contains("@") && !address.contains(" ") ? address : null;
    }

    /** RFC 5322 date-time (comments dropped, seconds and day name optional); {@code null} when it does not parse. */
    static Instant date(String value) {
        if (value == null) {
            return null;
        }
        String cleaned = SPACES.matcher(COMMENT.matcher(value).replaceAll(" ")).replaceAll(" ").strip();
        return parse(cleaned).or(() -> parse(DAY_NAME.matcher(cleaned).replaceFirst(""))).orElse(null);
    }

    private static Optional<Instant> parse(String text) {
        try {
            return Optional.of(ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
