package it.certmail.pec.transport.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import it.certmail.pec.transport.core.RecipientDomains;

/**
 * What the access point relies on from {@link RecipientDomains} to tell our recipients from the others: our domains
 * in any case, and a domain created while the transport runs at once. (Whether a domain is another provider's comes
 * from the providers' index, held to its own tests.)
 */
public interface RecipientDomainsContract {

    PortsUnderTest ports();

    @Test
    default void ourDomainShouldBeLocalInAnyCaseAndAnotherProvidersNot() throws Exception {
        PortsUnderTest ports = ports();

        assertThat(ports.<Boolean>inStep(p -> p.domains().isLocalDomain(PortsUnderTest.OUR_DOMAIN))).isTrue();
        assertThat(ports.<Boolean>inStep(p -> p.domains().isLocalDomain("PEC.Nostro.Test"))).isTrue();
        assertThat(ports.<Boolean>inStep(p -> p.domains().isLocalDomain(PortsUnderTest.OTHER_DOMAIN))).isFalse();
        assertThat(ports.<Boolean>inStep(p -> p.domains().isLocalDomain("nostro.test"))).as("a parent domain").isFalse();
    }

    @Test
    default void aDomainCreatedWhileRunningShouldBeLocalAtOnce() throws Exception {
        PortsUnderTest ports = ports();
        assertThat(ports.<Boolean>inStep(p -> p.domains().isLocalDomain("pec.nuovo.test"))).isFalse();

        ports.addLocalDomain("pec.nuovo.test");

        assertThat(ports.<Boolean>inStep(p -> p.domains().isLocalDomain("pec.nuovo.test"))).isTrue();
    }
}
