package it.certmail.pec.web.mail.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import it.certmail.pec.receipts.domain.DaticertError;
import it.certmail.pec.receipts.domain.DaticertType;
import it.certmail.pec.web.shared.PageMessages;
import it.certmail.pec.webmail.domain.PecBadge;

/** The reading pages' words: every badge, daticert kind and error has them, in Italian and English alike. */
class MailReadBundleTest {

    private static final List<String> PREFIXES = List.of("mail.list.", "mail.folder", "mail.search.", "mail.bulk.",
            "mail.badge.", "mail.message.", "mail.signature.", "mail.daticert.", "mail.error.");

    private static ResourceBundle bundle(String language) {
        return ResourceBundle.getBundle(PageMessages.BUNDLE, Locale.forLanguageTag(language));
    }

    private static Set<String> readingKeys(ResourceBundle b) {
        Set<String> keys = new TreeSet<>();
        b.keySet().stream().filter(k -> PREFIXES.stream().anyMatch(k::startsWith)).forEach(keys::add);
        return keys;
    }

    @Test
    void italianAndEnglishShouldHaveTheSameReadingKeys() {
        assertThat(readingKeys(bundle("it"))).isEqualTo(readingKeys(bundle("en"))).isNotEmpty();
    }

    @Test
    void everyBadgeDaticertKindAndErrorShouldHaveWords() {
        for (String language : new String[] {"it", "en"}) {
            Set<String> keys = bundle(language).keySet();
            for (PecBadge b : PecBadge.values()) {
                assertThat(keys).as(language).contains("mail.badge." + b.key());
            }
            for (DaticertType t : DaticertType.values()) {
                assertThat(keys).as(language).contains("mail.daticert.type." + t.code());
            }
            for (DaticertError e : DaticertError.values()) {
                if (e != DaticertError.NONE) {
                    assertThat(keys).as(language).contains("mail.daticert.error." + e.code());
                }
            }
        }
        assertThat(bundle("it").getString("mail.badge.certified")).isEqualTo("posta certificata");
        assertThat(bundle("it").getString("mail.badge.acceptance")).isEqualTo("accettazione");
    }

    @Test
    void patternsWithArgumentsShouldDoubleTheirApostrophes() {
        for (String language : new String[] {"it", "en"}) {
            ResourceBundle b = bundle(language);
            for (String key : readingKeys(b)) {
                String pattern = b.getString(key);
                if (pattern.contains("{0}")) {
                    assertThat(pattern.replace("''", "")).as(language + " " + key).doesNotContain("'");
                }
            }
        }
    }
}
