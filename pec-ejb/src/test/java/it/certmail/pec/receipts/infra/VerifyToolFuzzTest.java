package it.certmail.pec.receipts.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The verify tool ({@code POST /api/tools/verify}, the console's verify page): any bytes uploaded as an .eml are
 * judged as {@code VerificationService.judgeAsOfSigning} does (as of the signing time, over the providers' index),
 * never with an exception; what the endpoint reads of the verdict is always there: a category, and for an
 * unreadable message the problems it answers 400 with. Seeds: the two real Aruba receipts of the shared vectors.
 */
class VerifyToolFuzzTest {

    private static final PecMessageClassifier AS_OF_SIGNING = new PecMessageClassifier(PecTestProvider.verifier(),
            PecTestProvider.index(), PecMessageClassifier.Moment.SIGNING_TIME);

    @FuzzTest(maxDuration = "5m")
    void anUploadedEmlShouldGetAVerdictWithoutThrowing(byte[] eml) {
        PecVerdict verdict = AS_OF_SIGNING.classify(eml);
        assertThat(verdict).isNotNull();
        assertThat(verdict.category()).isNotNull();
        assertThat(verdict.problems()).isNotNull();
        if (!verdict.parsable()) {
            assertThat(verdict.problems()).as("an unreadable upload is told why").isNotEmpty();
        }
    }
}
