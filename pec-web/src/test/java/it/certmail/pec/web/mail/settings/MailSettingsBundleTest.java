package it.certmail.pec.web.mail.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import it.certmail.pec.mailbox.domain.IncomingRule;

/** The settings pages' texts exist in both languages, every rule kind has a label, and MessageFormat keeps them. */
class MailSettingsBundleTest {

    private static ResourceBundle bundle(String language) {
        return ResourceBundle.getBundle("it.certmail.pec.web.messages", Locale.forLanguageTag(language));
    }

    private static Set<String> keys(ResourceBundle b) {
        Set<String> keys = new TreeSet<>();
        b.keySet().stream().filter(k -> k.startsWith("mailSettings.") || k.startsWith("contacts.")
                || k.startsWith("mailUsers.")).forEach(keys::add);
        return keys;
    }

    @Test
    void italianAndEnglishShouldHaveTheSameKeysAndALabelForEveryKind() {
        assertThat(keys(bundle("it"))).isEqualTo(keys(bundle("en"))).isNotEmpty();
        for (String kind : IncomingRule.KINDS) {
            assertThat(bundle("it").containsKey("mailSettings.kind." + kind)).as(kind).isTrue();
        }
        for (IncomingRule.Forward mode : IncomingRule.Forward.values()) {
            assertThat(bundle("en").containsKey("mailSettings.rule.forwards." + mode)).as(mode.name()).isTrue();
        }
    }

    @Test
    void patternsWithArgumentsShouldDoubleTheirApostrophes() {
        for (String language : new String[] {"it", "en"}) {
            ResourceBundle b = bundle(language);
            for (String key : keys(b)) {
                String pattern = b.getString(key);
                if (pattern.contains("{0}")) {
                    assertThat(pattern.replace("''", "")).as(language + " " + key).doesNotContain("'");
                } else {
                    assertThat(pattern).as(language + " " + key + " is shown as it is").doesNotContain("''");
                }
            }
        }
    }
}
