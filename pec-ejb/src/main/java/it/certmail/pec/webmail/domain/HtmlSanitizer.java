package it.certmail.pec.webmail.domain;

import java.util.Locale;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;

/**
 * Pulizia dell'HTML ricevuto: what of a received HTML body may be shown to the holder. Only a safelist of
 * elements and attributes survives (no scripts, event handlers, forms, frames, objects, {@code <style>} blocks,
 * {@code srcset}); links keep {@code http}, {@code https} and {@code mailto} only. Remote content — images by
 * {@code src} and CSS {@code url()} in {@code style} attributes — is removed unless the holder allowed it; the
 * count of what was removed tells the page whether to offer "show remote images". The page serves the result in
 * a sandboxed frame with a strict Content-Security-Policy as a second wall.
 */
public final class HtmlSanitizer {

    /** The cleaned body (an HTML fragment) and how many remote references were held back. */
    public record Sanitized(String html, int blockedRemote) {
    }

    private static final Pattern REMOTE = Pattern.compile("^\\s*(https?:)?//", Pattern.CASE_INSENSITIVE);
    private static final Pattern URL_FUNCTION = Pattern.compile("url\\s*\\(|image-set\\s*\\(",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CSS_URL = Pattern.compile("url\\s*\\(\\s*['\"]?\\s*([^'\")\\s]*)",
            Pattern.CASE_INSENSITIVE);

    private final Safelist safelist;

    public HtmlSanitizer() {
        safelist = Safelist.relaxed()
                .addTags("font", "center", "hr", "abbr", "small", "big", "s", "del", "ins", "mark")
                .addAttributes(":all", "style", "dir", "lang", "title", "align", "valign")
                .addAttributes("font", "color", "face", "size")
                .addAttributes("table", "border", "cellpadding", "cellspacing", "bgcolor")
                .addAttributes("td", "bgcolor", "nowrap")
                .addAttributes("th", "bgcolor", "nowrap")
                .removeProtocols("a", "href", "ftp")
                .addEnforcedAttribute("a", "rel", "noopener noreferrer")
                .addEnforcedAttribute("a", "target", "_blank");
    }

    /**
     * @param html         the body as received (a whole document or a fragment)
     * @param remoteAllowed whether remote images and CSS urls may stay (the holder asked for them)
     */
    public Sanitized sanitize(String html, boolean remoteAllowed) {
        Document dirty = Jsoup.parse(html == null ? "" : html);
        Document clean = new Cleaner(safelist).clean(dirty);
        int blocked = 0;
        for (Element img : clean.select("img")) {
            String src = img.attr("src");
            if (src.isEmpty()) {
                img.remove();
            } else if (!remoteAllowed && REMOTE.matcher(src).find()) {
                img.removeAttr("src");
                img.attr("data-remote-blocked", "");
                blocked++;
            }
        }
        for (Element e : clean.select("[style]")) {
            StyleResult style = cleanStyle(e.attr("style"), remoteAllowed);
            blocked += style.blocked();
            if (style.css().isEmpty()) {
                e.removeAttr("style");
            } else {
                e.attr("style", style.css());
            }
        }
        return new Sanitized(clean.body().html(), blocked);
    }

    private record StyleResult(String css, int blocked) {
    }

    /**
     * Keeps the declarations of a {@code style} attribute that cannot run code or fetch anything (or fetch only
     * http(s) when remote content is allowed); escapes and comments could hide a {@code url(}, so they drop the
     * declaration.
     */
    private static StyleResult cleanStyle(String css, boolean remoteAllowed) {
        StringBuilder out = new StringBuilder();
        int blocked = 0;
        for (String declaration : css.split(";")) {
            String d = declaration.strip();
            if (d.isEmpty() || d.indexOf(':') < 0) {
                continue;
            }
            String lower = d.toLowerCase(Locale.ROOT);
            if (lower.contains("\\") || lower.contains("/*") || lower.contains("expression")
                    || lower.contains("javascript") || lower.contains("behavior") || lower.contains("binding")
                    || lower.contains("@import") || lower.startsWith("position")) {
                continue;
            }
            if (URL_FUNCTION.matcher(lower).find()) {
                boolean remoteOnly = true;
                var urls = CSS_URL.matcher(d);
                boolean any = false;
                while (urls.find()) {
                    any = true;
                    remoteOnly &= REMOTE.matcher(urls.group(1)).find();
                }
                if (!any || !remoteOnly) {
                    continue; // data:, cid:, relative or unreadable: never
                }
                if (!remoteAllowed) {
                    blocked++;
                    continue;
                }
            }
            if (out.length() > 0) {
                out.append("; ");
            }
            out.append(d);
        }
        return new StyleResult(out.toString(), blocked);
    }
}
