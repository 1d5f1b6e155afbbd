package it.certmail.pec.webmail.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;

import org.junit.jupiter.api.Test;

class HtmlSanitizerTest {

    private final HtmlSanitizer sanitizer = new HtmlSanitizer();

    private String clean(String html) {
        return sanitizer.sanitize(html, false).html().toLowerCase(Locale.ROOT);
    }

    @Test
    void scriptElementsShouldBeRemovedWithTheirText() {
        String out = clean("<p>ciao</p><script>document.title='pwned'</script><SCRIPT src=x.js></SCRIPT>");
        assertFalse(out.contains("script"), out);
        assertFalse(out.contains("pwned"), out);
        assertTrue(out.contains("<p>ciao</p>"), out);
    }

    @Test
    void eventHandlerAttributesShouldBeRemoved() {
        String out = clean("<p onclick=\"alert(1)\" OnMouseOver='x()'>a</p><img src=\"https://x.it/a.png\" onerror=alert(1)>"
                + "<body onload=alert(1)><svg onload=alert(1)></svg>");
        assertFalse(out.contains("onclick") || out.contains("onmouseover") || out.contains("onerror")
                || out.contains("onload") || out.contains("alert"), out);
    }

    @Test
    void javascriptAndDataUrlsShouldBeRemoved() {
        String out = clean("<a href=\"javascript:alert(1)\">a</a><a href=\" JaVaScRiPt:alert(2)\">b</a>"
                + "<a href=\"data:text/html;base64,PHNjcmlwdD4=\">c</a><img src=\"data:image/png;base64,AAAA\">"
                + "<a href=\"jav&#x09;ascript:alert(3)\">d</a>");
        assertFalse(out.contains("javascript"), out);
        assertFalse(out.contains("data:"), out);
        assertFalse(out.contains("<img"), out);
    }

    @Test
    void linksShouldKeepWebAndMailtoAndOpenOutsideTheFrame() {
        String out = clean("<a href=\"https://example.org/x\">x</a><a href=\"mailto:a@b.it\">m</a>");
        assertTrue(out.contains("href=\"https://example.org/x\""), out);
        assertTrue(out.contains("href=\"mailto:a@b.it\""), out);
        assertTrue(out.contains("rel=\"noopener noreferrer\"") && out.contains("target=\"_blank\""), out);
    }

    @Test
    void formsFramesObjectsAndStyleBlocksShouldBeRemoved() {
        String out = clean("<form action=\"https://evil.example/\"><input name=p type=password><button>ok</button>"
                + "</form><iframe src=\"https://evil.example\"></iframe><object data=x></object><embed src=y>"
                + "<style>body{background:url(https://t.example/s)}</style><meta http-equiv=refresh content=0>"
                + "<base href=\"https://evil.example/\"><link rel=stylesheet href=https://t.example/c.css>");
        for (String banned : new String[] {"<form", "<input", "<button", "<iframe", "<object", "<embed", "<style",
                "<meta", "<base", "<link", "evil.example", "t.example"}) {
            assertFalse(out.contains(banned), banned + " in " + out);
        }
    }

    @Test
    void remoteImagesShouldBeHeldBackUntilAllowed() {
        String html = "<p>logo</p><img src=\"https://track.example/p.gif\" alt=\"logo\"><img src=\"//cdn.example/x.png\">";
        HtmlSanitizer.Sanitized blocked = sanitizer.sanitize(html, false);
        // the protocol-relative one has no base to resolve against: removed outright, even when allowed
        assertEquals(1, blocked.blockedRemote());
        assertFalse(blocked.html().contains("track.example") || blocked.html().contains("cdn.example"),
                blocked.html());
        assertTrue(blocked.html().contains("alt=\"logo\""), blocked.html());

        HtmlSanitizer.Sanitized allowed = sanitizer.sanitize(html, true);
        assertEquals(0, allowed.blockedRemote());
        assertTrue(allowed.html().contains("src=\"https://track.example/p.gif\""), allowed.html());
        assertFalse(allowed.html().contains("cdn.example"), allowed.html());
    }

    @Test
    void srcsetShouldNeverSurvive() {
        String out = sanitizer.sanitize("<img src=\"https://a.example/1.png\" srcset=\"https://b.example/2.png 2x\">"
                + "<picture><source srcset=\"https://c.example/3.png\"></picture>", true).html();
        assertFalse(out.contains("srcset") || out.contains("b.example") || out.contains("c.example"), out);
    }

    @Test
    void cssUrlsShouldBeHeldBackAndDangerousCssDropped() {
        String html = "<div style=\"color: red; background-image: url('https://t.example/bg.png'); "
                + "width: expression(alert(1))\">x</div><p style=\"background:url(javascript:alert(1))\">y</p>"
                + "<p style=\"background:u\\72l(https://t.example/e)\">z</p><p style=\"background:url(data:image/png;base64,AA)\">w</p>";
        HtmlSanitizer.Sanitized blocked = sanitizer.sanitize(html, false);
        String out = blocked.html();
        assertTrue(out.contains("color: red"), out);
        assertFalse(out.contains("url(") || out.contains("t.example") || out.contains("expression")
                || out.contains("javascript") || out.contains("data:"), out);
        assertEquals(1, blocked.blockedRemote());

        String allowed = sanitizer.sanitize(html, true).html();
        assertTrue(allowed.contains("url('https://t.example/bg.png')"), allowed);
        assertFalse(allowed.contains("javascript") || allowed.contains("expression") || allowed.contains("data:"),
                allowed);
    }

    @Test
    void ordinaryFormattingShouldSurvive() {
        String out = clean("<h1>Titolo</h1><table><tr><th>a</th><td bgcolor=\"#eee\">b</td></tr></table>"
                + "<p><b>grassetto</b> <i>corsivo</i> <font color=\"red\">rosso</font></p><ul><li>uno</li></ul>");
        assertTrue(out.contains("<h1>titolo</h1>") && out.contains("<td bgcolor=\"#eee\">b</td>")
                && out.contains("<b>grassetto</b>") && out.contains("<font color=\"red\">") && out.contains("<li>uno"),
                out);
    }
}
