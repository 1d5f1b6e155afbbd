package it.certmail.pec.access.imap.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Entità MIME: one message or body part as byte offsets into the raw message (header from {@link #headerStart()}
 * to {@link #bodyStart()}, including the empty line; body up to {@link #end()}, without the line break that
 * belongs to the next boundary), its header fields, and its children: the parts of a multipart, or the
 * encapsulated message of a message/rfc822 part.
 */
public final class MimeEntity {

    private final long headerStart;
    private long bodyStart;
    private long end;
    private long lines;
    private final List<HeaderField> headers = new ArrayList<>();
    private final List<MimeEntity> parts = new ArrayList<>();
    private MimeEntity message;
    /** Lines of the header block, empty line included (for the line count of enclosing bodies). */
    int headerLineCount;
    private String type = "text";
    private String subtype = "plain";
    private final Map<String, String> params = new LinkedHashMap<>();

    MimeEntity(long headerStart) {
        this.headerStart = headerStart;
    }

    void setBodyStart(long bodyStart) {
        this.bodyStart = bodyStart;
    }

    void setEnd(long end, long lines) {
        this.end = end;
        this.lines = lines;
    }

    void setContentType(String type, String subtype, Map<String, String> params) {
        this.type = type;
        this.subtype = subtype;
        this.params.clear();
        this.params.putAll(params);
    }

    void setMessage(MimeEntity message) {
        this.message = message;
    }

    List<HeaderField> mutableHeaders() {
        return headers;
    }

    List<MimeEntity> mutableParts() {
        return parts;
    }

    public long headerStart() {
        return headerStart;
    }

    public long bodyStart() {
        return bodyStart;
    }

    public long end() {
        return end;
    }

    public long bodySize() {
        return end - bodyStart;
    }

    /** Lines of the body (RFC 3501 body-fld-lines). */
    public long lines() {
        return lines;
    }

    public List<HeaderField> headers() {
        return headers;
    }

    /** Lower-case type, e.g. {@code multipart}; {@code text} when absent. */
    public String type() {
        return type;
    }

    public String subtype() {
        return subtype;
    }

    /** Content-Type parameters, lower-case names, values unquoted. */
    public Map<String, String> params() {
        return params;
    }

    public boolean isMultipart() {
        return type.equals("multipart");
    }

    public boolean isMessage() {
        return type.equals("message") && (subtype.equals("rfc822") || subtype.equals("global")) && message != null;
    }

    public List<MimeEntity> parts() {
        return parts;
    }

    /** The encapsulated message of a message/rfc822 part, else {@code null}. */
    public MimeEntity message() {
        return message;
    }

    /** The first field named {@code name}, unfolded, or {@code null}. */
    public String header(String name) {
        for (HeaderField f : headers) {
            if (f.is(name)) {
                return f.value();
            }
        }
        return null;
    }

    public List<String> headers(String name) {
        List<String> out = new ArrayList<>();
        for (HeaderField f : headers) {
            if (f.is(name)) {
                out.add(f.value());
            }
        }
        return out;
    }

    /** The Content-Transfer-Encoding, upper-case, {@code 7BIT} when absent. */
    public String encoding() {
        String e = header("Content-Transfer-Encoding");
        return e == null || e.isBlank() ? "7BIT" : e.strip().toUpperCase(Locale.ROOT);
    }

    /**
     * The part a section number names (RFC 3501 §6.4.5), starting from this entity as a message; {@code null}
     * when there is none.
     */
    public MimeEntity part(int[] path) {
        if (path.length == 0) {
            return this;
        }
        MimeEntity cur = childOfMessage(this, path[0]);
        for (int i = 1; i < path.length && cur != null; i++) {
            if (cur.isMultipart()) {
                cur = child(cur, path[i]);
            } else if (cur.isMessage()) {
                cur = childOfMessage(cur.message, path[i]);
            } else {
                return null;
            }
        }
        return cur;
    }

    private static MimeEntity childOfMessage(MimeEntity message, int n) {
        if (message.isMultipart()) {
            return child(message, n);
        }
        return n == 1 ? message : null;
    }

    private static MimeEntity child(MimeEntity multipart, int n) {
        return n >= 1 && n <= multipart.parts.size() ? multipart.parts.get(n - 1) : null;
    }
}
