package it.certmail.pec.access.imap.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class MailboxPatternTest {

    @Test
    void starShouldMatchAcrossLevelsAndPercentWithinOne() {
        assertThat(MailboxPattern.matches("*", "Work/2026/Q4", false)).isTrue();
        assertThat(MailboxPattern.matches("%", "Work", false)).isTrue();
        assertThat(MailboxPattern.matches("%", "Work/2026", false)).isFalse();
        assertThat(MailboxPattern.matches("Work/%", "Work/2026", false)).isTrue();
        assertThat(MailboxPattern.matches("Work/%", "Work/2026/Q4", false)).isFalse();
        assertThat(MailboxPattern.matches("W*4", "Work/2026/Q4", false)).isTrue();
        assertThat(MailboxPattern.matches("W%4", "Work/2026/Q4", false)).isFalse();
        assertThat(MailboxPattern.matches("", "", false)).isTrue();
        assertThat(MailboxPattern.matches("", "Work", false)).isFalse();
        assertThat(MailboxPattern.matches("Work", "work", false)).isFalse();
    }

    @Test
    void inboxShouldMatchInAnyCaseOnlyWhenAsked() {
        assertThat(MailboxPattern.matches("inbox", "INBOX", true)).isTrue();
        assertThat(MailboxPattern.matches("in%", "INBOX", true)).isTrue();
        assertThat(MailboxPattern.matches("inbox", "INBOX", false)).isFalse();
        // only US-ASCII letters fold, as the regular expression's CASE_INSENSITIVE did
        assertThat(MailboxPattern.matches("\u0131nbox", "INBOX", true)).isFalse();
    }

    @Test
    void aLongRunOfWildcardsShouldBeMatchedWithoutBacktracking() {
        // the fuzzer's input: fifty % and a character that never matches held a worker for minutes as a regex
        String pattern = "%".repeat(4000) + "5" + "%".repeat(4000) + "*";
        assertThat(MailboxPattern.matches(pattern, "Archive/" + "x".repeat(240), false)).isFalse();
        assertThat(MailboxPattern.matches(pattern, "Archive5", false)).isTrue();
    }

    @Test
    void shouldAgreeWithTheRegularExpressionOnShortPatterns() {
        Random random = new Random(42);
        String alphabet = "ab/*%";
        for (int i = 0; i < 20_000; i++) {
            String pattern = random(random, alphabet, 6);
            String name = random(random, "ab/", 6);
            assertThat(MailboxPattern.matches(pattern, name, false)).as("%s ~ %s", pattern, name)
                    .isEqualTo(regex(pattern).matcher(name).matches());
        }
    }

    private static String random(Random random, String alphabet, int maxLength) {
        StringBuilder sb = new StringBuilder();
        int length = random.nextInt(maxLength + 1);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** What LIST used to match with. */
    private static Pattern regex(String pattern) {
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            re.append(c == '*' ? ".*" : c == '%' ? "[^/]*" : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString());
    }
}
