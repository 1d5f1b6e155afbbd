package it.certmail.pec.web.mail.send;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import it.certmail.pec.receipts.domain.DaticertError;
import it.certmail.pec.receipts.domain.ReceiptForm;
import it.certmail.pec.transport.domain.ReceiptPanels;

/**
 * The sending pages' texts exist in both languages, every step, state, reason and receipt form has one, and the
 * patterns with arguments survive MessageFormat's quoting.
 */
class SendingBundleTest {

    private static ResourceBundle bundle(String language) {
        return ResourceBundle.getBundle("it.certmail.pec.web.messages", Locale.forLanguageTag(language));
    }

    private static Set<String> keys(ResourceBundle b) {
        Set<String> keys = new TreeSet<>();
        b.keySet().stream().filter(k -> k.startsWith("mail.compose.") || k.startsWith("mail.sent.")).forEach(keys::add);
        return keys;
    }

    @Test
    void italianAndEnglishShouldHaveTheSameKeysForEveryValueShown() {
        Set<String> it = keys(bundle("it"));
        assertThat(it).isEqualTo(keys(bundle("en")));
        for (ReceiptPanels.StepKind k : ReceiptPanels.StepKind.values()) {
            assertThat(it).contains("mail.sent.step." + k.name());
        }
        for (ReceiptPanels.State s : ReceiptPanels.State.values()) {
            assertThat(it).contains("mail.sent.state." + s.name());
        }
        for (DaticertError e : DaticertError.values()) {
            assertThat(it).contains("mail.sent.reason." + e.name());
        }
        for (ReceiptForm f : ReceiptForm.values()) {
            assertThat(it).contains("mail.compose.receiptForm." + f.code());
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

    @Test
    void uploadedNamesShouldLoseTheirPathAndForwardsGetAFileName() {
        assertThat(ComposeBean.baseName("C:\\Users\\m\\contratto.pdf")).isEqualTo("contratto.pdf");
        assertThat(ComposeBean.baseName("a/b/c.txt")).isEqualTo("c.txt");
        assertThat(ComposeBean.fileNameFor("Contratto: firmato/2026")).isEqualTo("Contratto firmato2026.eml");
        assertThat(ComposeBean.fileNameFor("///")).isEqualTo("messaggio.eml");
    }
}
