package it.certmail.pec.web.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;

import org.junit.jupiter.api.Test;

class WebSharedTest {

    @Test
    void onlyPagesShouldBeSentToHttps() {
        assertThat(WebSecurityFilter.isPage("/")).isTrue();
        assertThat(WebSecurityFilter.isPage("/index.xhtml")).isTrue();
        assertThat(WebSecurityFilter.isPage("/console/")).isTrue();
        assertThat(WebSecurityFilter.isPage("/console/login.xhtml")).isTrue();
        assertThat(WebSecurityFilter.isPage("/my/")).isTrue();
        assertThat(WebSecurityFilter.isPage("/my/mail/")).isTrue();
        assertThat(WebSecurityFilter.isPage("/jakarta.faces.resource/pec/pec.css.xhtml")).isTrue();
        assertThat(WebSecurityFilter.isPage("/health")).isFalse();
        assertThat(WebSecurityFilter.isPage("/health/ready")).isFalse();
        assertThat(WebSecurityFilter.isPage("/api/admin/mailboxes")).isFalse();
        assertThat(WebSecurityFilter.isPage("/openapi")).isFalse();
        assertThat(WebSecurityFilter.isPage("/metrics")).isFalse();
        // the Arquillian test runner and other servlets of the WAR are no pages
        assertThat(WebSecurityFilter.isPage("/ArquillianServletRunnerEE9")).isFalse();
        assertThat(WebSecurityFilter.isPage("/myself")).isFalse();
    }

    @Test
    void hstsShouldBeLeftOutForLocalNamesAndAddresses() {
        assertThat(WebSecurityFilter.isLocalName("localhost")).isTrue();
        assertThat(WebSecurityFilter.isLocalName("pec.localhost")).isTrue();
        assertThat(WebSecurityFilter.isLocalName("127.0.0.1")).isTrue();
        assertThat(WebSecurityFilter.isLocalName("::1")).isTrue();
        assertThat(WebSecurityFilter.isLocalName("pec.example.it")).isFalse();
    }

    @Test
    void policyShouldForbidFramingAndPlugins() {
        assertThat(WebSecurityFilter.CONTENT_SECURITY_POLICY).contains("frame-ancestors 'none'", "object-src 'none'",
                "form-action 'self'");
    }

    @Test
    void sizesShouldReadAsPeopleWriteThem() {
        assertThat(SizeText.of(0, Locale.ITALIAN)).isEqualTo("0 B");
        assertThat(SizeText.of(1023, Locale.ENGLISH)).isEqualTo("1023 B");
        assertThat(SizeText.of(1536, Locale.ENGLISH)).isEqualTo("1.5 KB");
        assertThat(SizeText.of(1536, Locale.ITALIAN)).isEqualTo("1,5 KB");
        assertThat(SizeText.of(1L << 30, Locale.ENGLISH)).isEqualTo("1.0 GB");
    }
}
