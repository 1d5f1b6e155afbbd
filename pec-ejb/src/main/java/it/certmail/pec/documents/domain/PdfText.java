package it.certmail.pec.documents.domain;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.TimeZone;

import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * A text-only A4 document written top to bottom: headings, paragraphs wrapped to the page width, label/value lines,
 * new pages as the text needs them, a page number at the foot of each. Standard Helvetica (nothing embedded, so the
 * files stay small); characters it cannot show are written as {@code ?}. The document's identifier and dates come
 * from the caller, so the same text gives the same bytes.
 */
public final class PdfText implements AutoCloseable {

    private static final float MARGIN = 50;
    private static final float LEADING = 1.3f;

    private final PDDocument document = new PDDocument();
    private final PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    private final String footer;
    private final List<PDPage> pages = new ArrayList<>();
    private PDPageContentStream stream;
    private float y;

    /** @param footer printed left of the page number on every page */
    public PdfText(String footer) {
        this.footer = footer;
        newPage();
    }

    private float width() {
        return PDRectangle.A4.getWidth() - 2 * MARGIN;
    }

    private void newPage() {
        try {
            if (stream != null) {
                stream.close();
            }
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            pages.add(page);
            stream = new PDPageContentStream(document, page);
            y = PDRectangle.A4.getHeight() - MARGIN;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void room(float needed) {
        if (y - needed < MARGIN + 20) {
            newPage();
        }
    }

    public PdfText heading(String text) {
        gap(4);
        return lines(text, bold, 14);
    }

    public PdfText subheading(String text) {
        gap(2);
        return lines(text, bold, 11);
    }

    public PdfText paragraph(String text) {
        return lines(text, regular, 10);
    }

    public PdfText small(String text) {
        return lines(text, regular, 8);
    }

    public PdfText smallBold(String text) {
        return lines(text, bold, 8);
    }

    /** {@code label: value}, the label bold, the value wrapped under itself. */
    public PdfText field(String label, String value) {
        return field(label, value, 10, 150);
    }

    public PdfText smallField(String label, String value) {
        return field(label, value, 8, 95);
    }

    private PdfText field(String label, String value, float size, float indent) {
        List<String> wrapped = wrap(shown(value), regular, size, width() - indent);
        float lead = size * LEADING;
        room(lead * Math.min(wrapped.size(), 3));
        write(bold, size, MARGIN, shown(label));
        for (String line : wrapped) {
            room(lead);
            write(regular, size, MARGIN + indent, line);
            y -= lead;
        }
        return this;
    }

    public PdfText gap(float points) {
        y -= points;
        return this;
    }

    /** A thin line across the page. */
    public PdfText rule() {
        room(8);
        try {
            stream.setLineWidth(0.5f);
            stream.moveTo(MARGIN, y + 2);
            stream.lineTo(MARGIN + width(), y + 2);
            stream.stroke();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        y -= 6;
        return this;
    }

    /** Forces the next text onto its own page when less than {@code points} are left. */
    public PdfText keep(float points) {
        room(points);
        return this;
    }

    private PdfText lines(String text, PDType1Font font, float size) {
        for (String paragraph : shown(text).split("\n", -1)) {
            for (String line : wrap(paragraph, font, size, width())) {
                room(size * LEADING);
                write(font, size, MARGIN, line);
                y -= size * LEADING;
            }
        }
        return this;
    }

    private void write(PDType1Font font, float size, float x, String text) {
        try {
            stream.beginText();
            stream.setFont(font, size);
            stream.newLineAtOffset(x, y - size);
            stream.showText(text);
            stream.endText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Wraps at spaces, and inside a word (an address, a message id) longer than the line. */
    static List<String> wrap(String text, PDType1Font font, float size, float width) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ", -1)) {
            String candidate = line.isEmpty() ? word : line + " " + word;
            if (widthOf(candidate, font, size) <= width) {
                line.setLength(0);
                line.append(candidate);
                continue;
            }
            if (!line.isEmpty()) {
                out.add(line.toString());
                line.setLength(0);
            }
            String rest = word;
            while (widthOf(rest, font, size) > width) {
                int cut = rest.length() - 1;
                while (cut > 1 && widthOf(rest.substring(0, cut), font, size) > width) {
                    cut = Math.max(1, cut * 9 / 10);
                }
                while (cut + 1 < rest.length() && widthOf(rest.substring(0, cut + 1), font, size) <= width) {
                    cut++;
                }
                out.add(rest.substring(0, cut));
                rest = rest.substring(cut);
            }
            line.append(rest);
        }
        out.add(line.toString());
        return out;
    }

    private static float widthOf(String s, PDType1Font font, float size) {
        try {
            return font.getStringWidth(s) / 1000 * size;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The text as Helvetica (WinAnsi) can show it: line breaks kept, other control characters as spaces, anything
     * outside the encoding as {@code ?}.
     */
    static String shown(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                out.append(c);
            } else if (c < 0x20 || c == 0x7f) {
                out.append(' ');
            } else if (c < 0x7f || WIN_ANSI_EXTRA.indexOf(c) >= 0 || (c >= 0xa0 && c <= 0xff)) {
                out.append(c);
            } else {
                out.append('?');
            }
        }
        return out.toString();
    }

    /** The characters WinAnsiEncoding places at 0x80-0x9f. */
    private static final String WIN_ANSI_EXTRA = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ";

    /**
     * The finished PDF. Its trailer identifier is derived from {@code idSeed}, its dates are {@code createdAt}: no
     * clock and no random number in the file.
     */
    public byte[] finish(String title, String author, Instant createdAt, String idSeed) {
        try {
            stream.close();
            int n = pages.size();
            for (int i = 0; i < n; i++) {
                try (PDPageContentStream foot = new PDPageContentStream(document, pages.get(i),
                        PDPageContentStream.AppendMode.APPEND, true)) {
                    String text = shown(footer + " - " + (i + 1) + "/" + n);
                    foot.beginText();
                    foot.setFont(regular, 7);
                    foot.newLineAtOffset(MARGIN, MARGIN / 2);
                    foot.showText(text);
                    foot.endText();
                }
            }
            PDDocumentInformation info = document.getDocumentInformation();
            info.setTitle(shown(title));
            info.setAuthor(shown(author));
            info.setProducer("PEC");
            Calendar at = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
            at.setTimeInMillis(createdAt.toEpochMilli() / 1000 * 1000);
            info.setCreationDate(at);
            info.setModificationDate(at);
            byte[] id = Arrays.copyOf(sha256(idSeed), 16);
            COSArray ids = new COSArray();
            ids.add(new COSString(id));
            ids.add(new COSString(id));
            document.getDocument().getTrailer().setItem(COSName.ID, ids);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            close();
        }
    }

    private static byte[] sha256(String seed) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            document.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
