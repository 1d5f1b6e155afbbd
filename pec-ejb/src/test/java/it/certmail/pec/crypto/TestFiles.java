package it.certmail.pec.crypto;

import java.nio.file.Path;

/** Locations of the shared test vectors. */
final class TestFiles {

    private TestFiles() {
    }

    static Path shared() {
        return Path.of(System.getProperty("pec.shared.dir", "../../shared"));
    }

    static Path vectors() {
        return shared().resolve("vectors");
    }

    static Path acceptanceEml() {
        return vectors().resolve("aruba-2018-ricevuta-accettazione.eml");
    }

    static Path deliveryEml() {
        return vectors().resolve("aruba-2018-ricevuta-avvenuta-consegna.eml");
    }

    static Path agidCa1() {
        return vectors().resolve("certs/agid-ca1-2018.pem");
    }

    static Path arubaCert() {
        return vectors().resolve("certs/aruba-pec-2017-posta-certificata.pem");
    }
}
