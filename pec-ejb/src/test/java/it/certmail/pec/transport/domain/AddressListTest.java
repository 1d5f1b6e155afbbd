package it.certmail.pec.transport.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AddressListTest {

    @Test
    void separatorsNamesAndCaseShouldGiveBareLowerCaseAddressesOnce() {
        AddressList list = AddressList.parse("Mario Rossi <Mario.Rossi@PEC.example.it>; b@x.it,\n b@X.IT ,, \"Rossi, L.\" <l@y.it>");
        assertThat(list.isValid()).isTrue();
        assertThat(list.addresses()).containsExactly("mario.rossi@pec.example.it", "b@x.it", "l@y.it");
        assertThat(list.text()).isEqualTo("mario.rossi@pec.example.it, b@x.it, l@y.it");
    }

    @Test
    void entriesThatAreNotAddressesShouldBeNamedAsTyped() {
        AddressList list = AddressList.parse("ok@a.it, nope, a@b, x@@y.it, a b@c.it, <>, c@d.it");
        assertThat(list.addresses()).containsExactly("ok@a.it", "c@d.it");
        assertThat(list.invalid()).containsExactly("nope", "a@b", "x@@y.it", "a b@c.it", "<>");
        assertThat(list.isValid()).isFalse();
    }

    @Test
    void emptyOrBlankShouldBeEmptyAndValid() {
        assertThat(AddressList.parse(null).isEmpty()).isTrue();
        assertThat(AddressList.parse("  , ;").isEmpty()).isTrue();
        assertThat(AddressList.parse("").isValid()).isTrue();
    }

    @Test
    void headerInjectionShouldBeRefused() {
        AddressList list = AddressList.parse("a@b.it\u0000\r\nBcc: spy@evil.it");
        assertThat(list.addresses()).isEmpty();
        assertThat(list.invalid()).containsExactly("a@b.it\u0000", "Bcc: spy@evil.it");
    }
}
