package it.certmail.pec.receipts.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

import it.certmail.pec.receipts.domain.DaticertReader;
import it.certmail.pec.receipts.domain.DaticertReading;

/**
 * What another provider or a stranger sends us meets these parsers first. None may throw on any input: bad input is
 * a verdict (MALFORMED, problems), never an exception; a hang or running out of memory is a crash too. The inputs
 * under {@code PecParsersFuzzTestInputs/} run in every build; {@code bench/fuzz/run.sh} fuzzes for longer.
 */
class PecParsersFuzzTest {

    private static final PecMessageClassifier CLASSIFIER = PecTestProvider.classifier();

    @FuzzTest(maxDuration = "5m")
    void theClassifierShouldJudgeAnyBytesWithoutThrowing(byte[] raw) {
        PecVerdict verdict = CLASSIFIER.classify(raw);
        assertThat(verdict).isNotNull();
        assertThat(verdict.category()).isNotNull();
    }

    @FuzzTest(maxDuration = "5m")
    void theBriefFormShouldTransformAnyBytesWithoutThrowing(byte[] raw) {
        assertThat(BriefFormTransformer.transform(raw)).isNotNull();
    }

    @FuzzTest(maxDuration = "5m")
    void theDaticertReaderShouldReadAnyBytesWithoutThrowing(byte[] xml) {
        DaticertReading reading = DaticertReader.read(xml);
        assertThat(reading).isNotNull();
        // a daticert comes out only of a reading without problems that stop it
        assertThat(reading.daticert().isPresent() || !reading.problems().isEmpty()).isTrue();
    }
}
