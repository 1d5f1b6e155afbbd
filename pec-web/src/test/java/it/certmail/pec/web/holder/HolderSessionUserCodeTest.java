package it.certmail.pec.web.holder;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** An additional user with TOTP: the password alone opens only the code step; the code signs the user in. */
class HolderSessionUserCodeTest {

    @Test
    void theUsersPasswordAloneSignsNobodyIn() {
        HolderSession s = new HolderSession();
        s.userPasswordAccepted(7L, "carla@studio.it", "bob@b.test");
        assertThat(s.isSignedIn()).isFalse();
        assertThat(s.isActingUser()).isFalse();
        assertThat(s.awaitingCode()).isEqualTo("carla@studio.it");
        assertThat(s.awaitingUserId()).isEqualTo(7L);

        s.userCodeAccepted();
        assertThat(s.isSignedIn()).isTrue();
        assertThat(s.actingUserId()).isEqualTo(7L);
        assertThat(s.getActor()).isEqualTo("carla@studio.it");
        assertThat(s.getCurrent()).isEqualTo("bob@b.test");
        assertThat(s.awaitingCode()).isNull();
        assertThat(s.awaitingUserId()).isNull();
    }

    @Test
    void aHoldersPasswordAfterwardsForgetsTheAwaitedUser() {
        HolderSession s = new HolderSession();
        s.userPasswordAccepted(7L, "carla@studio.it", "bob@b.test");
        s.passwordAccepted("ann@b.test");
        assertThat(s.awaitingUserId()).isNull();
        assertThat(s.awaitingCode()).isEqualTo("ann@b.test");
    }
}
