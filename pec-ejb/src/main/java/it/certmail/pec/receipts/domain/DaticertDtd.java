package it.certmail.pec.receipts.domain;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;

import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.ext.DefaultHandler2;

/**
 * Validates {@code daticert.xml} against {@code postacert.dtd} (RFC 6109 §4.4) with the JDK's validating SAX
 * parser. The DTD always comes from the classpath: real files carry no DOCTYPE, so one pointing at the classpath DTD
 * is put in front of the root element before parsing; a DOCTYPE the document brings is replaced (its SYSTEM id is
 * never fetched) and an internal subset is reported as an error, since it could redefine the rules. No external
 * entity is ever read from the network or the file system.
 */
public final class DaticertDtd {

    /** Classpath location of the DTD. */
    public static final String RESOURCE = "/it/certmail/pec/receipts/domain/postacert.dtd";

    private static final byte[] DTD = loadDtd();
    private static final String DTD_SYSTEM_ID = "urn:it:certmail:pec:postacert.dtd";

    private DaticertDtd() {
    }

    /**
     * @return the validation errors ({@code line:column: message}); empty if the document is well-formed and
     *         valid. Never throws.
     */
    public static List<String> validate(byte[] xml) {
        return parse(xml, new Handler());
    }

    /**
     * Runs one validating parse feeding {@code handler}'s content callbacks; validity errors do not stop the parse,
     * well-formedness errors do. Returns every error found.
     */
    static List<String> parse(byte[] xml, Handler handler) {
        return run(xml, handler, READERS, () -> withClasspathDoctype(xml, handler.errors));
    }

    private static List<String> run(byte[] xml, Handler handler, ThreadLocal<XMLReader> readers,
            Supplier<InputSource> source) {
        List<String> errors = handler.errors;
        if (xml == null || xml.length == 0) {
            errors.add("empty document");
            return errors;
        }
        XMLReader reader = null;
        try {
            reader = readers.get();
            reader.setContentHandler(handler);
            reader.setEntityResolver(handler);
            reader.setErrorHandler(handler);
            reader.parse(source.get());
        } catch (SAXParseException e) {
            // fatal errors are recorded by the handler before they are thrown
            if (errors.isEmpty()) {
                errors.add(describe(e));
            }
        } catch (SAXException | IOException | RuntimeException e) {
            errors.add("cannot parse: " + e);
            // a reader that failed in an unexpected way is not trusted with the next document
            readers.remove();
        } finally {
            if (reader != null) {
                // the handler holds this document's results: not kept alive by the thread's reader
                reader.setContentHandler(null);
                reader.setEntityResolver(null);
                reader.setErrorHandler(null);
            }
        }
        return errors;
    }

    /**
     * Runs one parse that checks well-formedness only, feeding {@code handler}'s content callbacks: for a document our
     * own {@link DaticertWriter} made (no DOCTYPE, every attribute written out), where the validating parse spent
     * most of its time reading the DTD again. A DOCTYPE is refused, so nothing outside the document is ever read.
     */
    static List<String> parseWellFormed(byte[] xml, Handler handler) {
        return run(xml, handler, WELL_FORMED_READERS, () -> new InputSource(new ByteArrayInputStream(xml)));
    }

    /** One reader of each kind per thread: making one (factory, parser configuration) cost as much as a parse. */
    private static final ThreadLocal<XMLReader> READERS = readersPerThread(true);
    private static final ThreadLocal<XMLReader> WELL_FORMED_READERS = readersPerThread(false);

    private static ThreadLocal<XMLReader> readersPerThread(boolean validating) {
        return ThreadLocal.withInitial(() -> {
            try {
                return newReader(validating);
            } catch (ParserConfigurationException | SAXException e) {
                throw new IllegalStateException("the JDK's SAX parser cannot be configured", e);
            }
        });
    }

    private static XMLReader newReader(boolean validating) throws ParserConfigurationException, SAXException {
        // the JDK's own parser: newInstance() scans every jar for a provider on each call
        SAXParserFactory factory = SAXParserFactory.newDefaultInstance();
        factory.setNamespaceAware(false);
        factory.setValidating(validating);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        if (!validating) {
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        }
        return factory.newSAXParser().getXMLReader();
    }

    private static final String DOCTYPE = "<!DOCTYPE postacert SYSTEM \"" + DTD_SYSTEM_ID + "\">";

    /**
     * The document with our DOCTYPE in front of the root element and any DOCTYPE of its own removed (newlines are
     * kept so reported line numbers stay those of the original). Works on the bytes for ASCII-compatible encodings
     * (the markup is ASCII) and on decoded text for UTF-16.
     */
    static InputSource withClasspathDoctype(byte[] xml, List<String> errors) {
        Charset utf16 = utf16(xml);
        if (utf16 != null) {
            String text = new String(xml, utf16);
            return new InputSource(new StringReader(rewrite(text, errors)));
        }
        // ISO-8859-1 maps bytes 1:1 to chars, so indexes found in the string are byte offsets
        String view = new String(xml, StandardCharsets.ISO_8859_1);
        return new InputSource(new ByteArrayInputStream(rewrite(view, errors).getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static Charset utf16(byte[] b) {
        if (b.length >= 2 && ((b[0] == (byte) 0xFE && b[1] == (byte) 0xFF) || (b[0] == 0 && b[1] == '<'))) {
            return b[0] == 0 ? StandardCharsets.UTF_16BE : StandardCharsets.UTF_16;
        }
        if (b.length >= 2 && ((b[0] == (byte) 0xFF && b[1] == (byte) 0xFE) || (b[0] == '<' && b[1] == 0))) {
            return b[0] == '<' ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16;
        }
        return null;
    }

    private static String rewrite(String doc, List<String> errors) {
        int i = 0;
        if (doc.startsWith("\uFEFF")) {
            i = 1;
        } else if (doc.startsWith("\u00EF\u00BB\u00BF")) {
            i = 3; // UTF-8 BOM seen through ISO-8859-1
        }
        while (i < doc.length()) {
            char c = doc.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                i++;
            } else if (doc.startsWith("<?", i)) {
                int end = doc.indexOf("?>", i);
                if (end < 0) {
                    return doc;
                }
                i = end + 2;
            } else if (doc.startsWith("<!--", i)) {
                int end = doc.indexOf("-->", i);
                if (end < 0) {
                    return doc;
                }
                i = end + 3;
            } else if (doc.startsWith("<!DOCTYPE", i)) {
                int end = endOfDoctype(doc, i);
                if (end < 0) {
                    return doc; // unterminated: let the parser report it
                }
                String own = doc.substring(i, end);
                if (own.indexOf('[') >= 0) {
                    errors.add("the document declares its own DTD subset; only postacert.dtd is allowed");
                }
                String newlines = "\n".repeat((int) own.chars().filter(ch -> ch == '\n').count());
                return doc.substring(0, i) + DOCTYPE + newlines + doc.substring(end);
            } else {
                return doc.substring(0, i) + DOCTYPE + doc.substring(i);
            }
        }
        return doc;
    }

    /** Index just past the DOCTYPE declaration's closing '>', skipping quoted strings and the internal subset. */
    private static int endOfDoctype(String doc, int start) {
        char quote = 0;
        int depth = 0;
        for (int i = start + 2; i < doc.length(); i++) {
            char c = doc.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            } else if (c == '>' && depth <= 0) {
                return i + 1;
            }
        }
        return -1;
    }

    private static String describe(SAXParseException e) {
        return e.getLineNumber() + ":" + e.getColumnNumber() + ": " + e.getMessage();
    }

    private static byte[] loadDtd() {
        try (InputStream in = DaticertDtd.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + RESOURCE);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Supplies the classpath DTD for every external entity (after {@link #withClasspathDoctype} the only one left is
     * our DOCTYPE's) and records errors. Subclasses add content callbacks.
     */
    static class Handler extends DefaultHandler2 {
        final List<String> errors = new ArrayList<>();

        @Override
        public InputSource resolveEntity(String name, String publicId, String baseURI, String systemId) {
            InputSource source = new InputSource(new ByteArrayInputStream(DTD));
            source.setSystemId(DTD_SYSTEM_ID);
            return source;
        }

        @Override
        public InputSource resolveEntity(String publicId, String systemId) {
            return resolveEntity(null, publicId, null, systemId);
        }

        @Override
        public void warning(SAXParseException e) {
            // warnings are not validity errors
        }

        @Override
        public void error(SAXParseException e) {
            errors.add(describe(e));
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            errors.add(describe(e));
            throw e;
        }
    }
}
