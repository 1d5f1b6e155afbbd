package it.certmail.pec.web.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;

import org.junit.jupiter.api.Test;

class WebSharedTest {

    @Test
    void machinePathsShouldStayOnPlainHttpAndPagesShouldNot() {
        assertThat(WebSecurityFilter.isForMachines("/health")).isTrue();
        assertThat(WebSecurityFilter.isForMachines("/health/ready")).isTrue();
        assertThat(WebSecurityFilter.isForMachines("/api/admin/mailboxes")).isTrue();
        assertThat(WebSecurityFilter.isForMachines("/openapi")).isTrue();
        assertThat(WebSecurityFilter.isForMachines("/metrics")).isTrue();
        assertThat(WebSecurityFilter.isForMachines("/")).isFalse();
        assertThat(WebSecurityFilter.isForMachines("/console/login.xhtml")).isFalse();
        assertThat(WebSecurityFilter.isForMachines("/apis")).isFalse();
        assertThat(WebSecurityFilter.isForMachines("/healthy")).isFalse();
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
