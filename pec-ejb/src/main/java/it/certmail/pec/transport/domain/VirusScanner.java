package it.certmail.pec.transport.domain;

import java.io.InputStream;

/** Verifica antivirus (RFC 6109 §5.4): the port behind which a scanner (clamd) sits. */
@FunctionalInterface
public interface VirusScanner {

    /** Scans the stream to its end; never throws for scanner problems: they are {@link ScanResult.Failed}. */
    ScanResult scan(InputStream content);
}
