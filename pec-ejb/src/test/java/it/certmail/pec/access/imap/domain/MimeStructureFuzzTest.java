package it.certmail.pec.access.imap.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Every stored message, whoever wrote it, is parsed for BODYSTRUCTURE, ENVELOPE and partial fetches: any bytes
 * must give a structure (the parser keeps what it cannot understand as a leaf), never an exception.
 */
class MimeStructureFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void anyMessageShouldHaveAStructureWithoutThrowing(byte[] raw) throws IOException {
        MimeEntity root = MimeStructureParser.parse(new ByteArrayInputStream(raw));
        assertThat(root).isNotNull();
        assertThat(MimeStructureParser.parseHeader(new ByteArrayInputStream(raw))).isNotNull();
    }
}
