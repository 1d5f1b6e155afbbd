package it.certmail.pec.index.domain;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class InMemoryProviderIndexTest implements ProviderIndexContract {

    @Override
    public ProviderIndex indexWith(List<ProviderRecord> records) {
        return new InMemoryProviderIndex(records);
    }

    @Test
    void constructorShouldRejectDomainClaimedByTwoRecords() {
        ProviderRecord intruder = new ProviderRecord("Gestore Gamma", null, "ricevute@pec.gamma.example",
                Set.of("pec.gamma.example", "PEC.ALFA.EXAMPLE"), List.of(ProviderFixtures.beta2024Certificate()), null, null);

        assertThatThrownBy(() -> InMemoryProviderIndex.of(ProviderFixtures.alfa(), intruder))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pec.alfa.example");
    }

    @Test
    void constructorShouldRejectCertificateSharedByTwoRecords() {
        ProviderRecord intruder = new ProviderRecord("Gestore Gamma", null, "ricevute@pec.gamma.example",
                Set.of("pec.gamma.example"), List.of(ProviderFixtures.aruba2017Certificate()), null, null);

        assertThatThrownBy(() -> InMemoryProviderIndex.of(ProviderFixtures.alfa(), intruder))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(ProviderFixtures.ARUBA_2017_SHA1);
    }
}
