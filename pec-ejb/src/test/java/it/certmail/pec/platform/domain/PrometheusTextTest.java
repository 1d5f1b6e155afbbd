package it.certmail.pec.platform.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import it.certmail.pec.platform.domain.PrometheusText.Type;

class PrometheusTextTest {

    @Test
    void familiesShouldBeWrittenWithHelpTypeAndTheirSamplesTogether() {
        String text = new PrometheusText()
                .family("pec_a_total", Type.COUNTER, "A\\b\nc")
                .family("pec_b", Type.GAUGE, "B")
                .sample("pec_a_total", 3, "peer", "x.it")
                .sample("pec_b", 1.5)
                .sample("pec_a_total", 4, "peer", "y\"z\\\n")
                .text();
        assertThat(text).isEqualTo("""
                # HELP pec_a_total A\\\\b\\nc
                # TYPE pec_a_total counter
                pec_a_total{peer="x.it"} 3
                pec_a_total{peer="y\\"z\\\\\\n"} 4
                # HELP pec_b B
                # TYPE pec_b gauge
                pec_b 1.5
                """);
    }

    @Test
    void specialNumbersShouldUseTheFormatsSpelling() {
        assertThat(PrometheusText.number(Double.NaN)).isEqualTo("NaN");
        assertThat(PrometheusText.number(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
        assertThat(PrometheusText.number(-7)).isEqualTo("-7");
    }

    @Test
    void badNamesAndUndeclaredFamiliesShouldBeRefused() {
        PrometheusText t = new PrometheusText();
        assertThatThrownBy(() -> t.family("pec-bad", Type.GAUGE, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> t.sample("pec_none", 1)).isInstanceOf(IllegalArgumentException.class);
        t.family("pec_ok", Type.GAUGE, "x");
        assertThatThrownBy(() -> t.sample("pec_ok", 1, "bad-label", "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> t.family("pec_ok", Type.COUNTER, "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
