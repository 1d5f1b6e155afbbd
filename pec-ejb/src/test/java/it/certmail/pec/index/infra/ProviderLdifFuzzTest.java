package it.certmail.pec.index.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The providers' index arrives as LDIF from the authority, and operators upload LDIF files in the console: any
 * bytes must give a per-record report, never an exception.
 */
class ProviderLdifFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void anyLdifShouldGiveARecordReportWithoutThrowing(byte[] ldif) {
        LdifReadResult result = new ProviderLdif().read(new ByteArrayInputStream(ldif));
        assertThat(result).isNotNull();
    }
}
