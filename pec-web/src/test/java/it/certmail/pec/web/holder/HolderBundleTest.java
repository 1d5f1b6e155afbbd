package it.certmail.pec.web.holder;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/** The holder's texts exist in both languages, and those with arguments survive MessageFormat's quoting. */
class HolderBundleTest {

    private static ResourceBundle bundle(String language) {
        return ResourceBundle.getBundle("it.certmail.pec.web.messages", Locale.forLanguageTag(language));
    }

    private static Set<String> holderKeys(ResourceBundle b) {
        Set<String> keys = new TreeSet<>();
        b.keySet().stream().filter(k -> k.startsWith("holder.")).forEach(keys::add);
        return keys;
    }

    @Test
    void italianAndEnglishShouldHaveTheSameHolderKeys() {
        assertThat(holderKeys(bundle("it"))).isEqualTo(holderKeys(bundle("en"))).isNotEmpty();
    }

    @Test
    void patternsWithArgumentsShouldDoubleTheirApostrophes() {
        for (String language : new String[] {"it", "en"}) {
            ResourceBundle b = bundle(language);
            for (String key : holderKeys(b)) {
                String pattern = b.getString(key);
                if (pattern.contains("{0}")) {
                    // a single ' would swallow the text up to the next one (and the {0} with it)
                    assertThat(pattern.replace("''", "")).as(language + " " + key).doesNotContain("'");
                } else {
                    assertThat(pattern).as(language + " " + key + " is shown as it is").doesNotContain("''");
                }
            }
        }
    }
}
