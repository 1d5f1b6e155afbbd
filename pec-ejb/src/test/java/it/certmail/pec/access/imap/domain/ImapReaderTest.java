package it.certmail.pec.access.imap.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class ImapReaderTest {

    private static ImapReader r(String s) {
        return new ImapReader(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readerShouldParseAtomsQuotedStringsAndLiterals() throws Exception {
        ImapReader r = r("a1 LOGIN \"bob@b.test\" {5}\r\npa\"ss {3+}\r\nx y");
        assertThat(r.tag()).isEqualTo("a1");
        r.sp();
        assertThat(r.atom()).isEqualTo("LOGIN");
        r.sp();
        assertThat(r.astring()).isEqualTo("bob@b.test");
        r.sp();
        assertThat(r.astring()).isEqualTo("pa\"ss");
        r.sp();
        assertThat(r.astring()).isEqualTo("x y");
        r.end();
    }

    @Test
    void readerShouldUnescapeQuotedStringsAndRejectBadOnes() throws Exception {
        assertThat(r("\"a\\\"b\\\\c\"").string()).isEqualTo("a\"b\\c");
        assertThatThrownBy(() -> r("\"abc").string()).isInstanceOf(ImapSyntaxException.class);
        assertThatThrownBy(() -> r("\"a\\x\"").string()).isInstanceOf(ImapSyntaxException.class);
        assertThatThrownBy(() -> r("{10}\r\nabc").string()).isInstanceOf(ImapSyntaxException.class);
        assertThatThrownBy(() -> r("").atom()).isInstanceOf(ImapSyntaxException.class);
    }

    @Test
    void readerShouldParseFlagListsDatesAndPatterns() throws Exception {
        assertThat(r("(\\Seen $Label1 \\Deleted)").flagList()).containsExactly("\\Seen", "$Label1", "\\Deleted");
        assertThat(r("()").flagList()).isEmpty();
        assertThat(r("\"17-Jul-1996 02:44:25 -0700\"").dateTime().toInstant().toString())
                .isEqualTo("1996-07-17T09:44:25Z");
        assertThat(r("1-Feb-1994").date().toString()).isEqualTo("1994-02-01");
    }

    @Test
    void fetchItemsShouldParseSectionsPartialsAndMacros() throws Exception {
        List<FetchItem> items = FetchItem.parse(r("(UID BODY.PEEK[1.2.MIME] BODY[]<0.100> BODY[HEADER.FIELDS (Subject From)] FAST)"));
        assertThat(items).hasSize(7);
        FetchItem.Section mime = (FetchItem.Section) items.get(1);
        assertThat(mime.peek()).isTrue();
        assertThat(mime.path()).containsExactly(1, 2);
        assertThat(mime.kind()).isEqualTo(FetchItem.Kind.MIME);
        assertThat(mime.label()).isEqualTo("1.2.MIME");
        FetchItem.Section partial = (FetchItem.Section) items.get(2);
        assertThat(partial.partialStart()).isZero();
        assertThat(partial.partialLength()).isEqualTo(100);
        assertThat(((FetchItem.Section) items.get(3)).label()).isEqualTo("HEADER.FIELDS (SUBJECT FROM)");
        assertThatThrownBy(() -> FetchItem.parse(r("BODY[MIME]"))).isInstanceOf(ImapSyntaxException.class);
        assertThatThrownBy(() -> FetchItem.parse(r("BODY[1.]"))).isInstanceOf(ImapSyntaxException.class);
        assertThatThrownBy(() -> FetchItem.parse(r("FROB"))).isInstanceOf(ImapSyntaxException.class);
    }

    @Test
    void sequenceSetsShouldResolveStarAndReversedRanges() throws Exception {
        SequenceSet s = SequenceSet.parse("1,3:5,9:*");
        assertThat(s.contains(1, 10)).isTrue();
        assertThat(s.contains(2, 10)).isFalse();
        assertThat(s.contains(4, 10)).isTrue();
        assertThat(s.contains(10, 10)).isTrue();
        assertThat(SequenceSet.parse("5:2").contains(3, 10)).isTrue();
        // "n:*" with n above the largest UID still names the largest (RFC 3501 §6.4.8)
        assertThat(SequenceSet.parse("20:*").contains(10, 10)).isTrue();
        assertThat(SequenceSet.parse("*").contains(7, 7)).isTrue();
        assertThat(SequenceSet.compact(List.of(1L, 2L, 3L, 7L, 9L, 10L))).isEqualTo("1:3,7,9:10");
        for (String bad : new String[] {"", "0", "1,", "a", "1:", "01", "99999999999"}) {
            assertThatThrownBy(() -> SequenceSet.parse(bad)).as(bad).isInstanceOf(ImapSyntaxException.class);
        }
    }

    @Test
    void searchKeysShouldParseNestingAndRejectUnknownKeys() throws Exception {
        SearchKey k = SearchKey.parse(r("OR (SUBJECT fattura FROM mario) NOT SEEN 1:3 UID 5:* HEADER X-Riferimento-Message-ID \"<a@b>\" SINCE 1-Feb-2025 MODSEQ 7"));
        assertThat(k).isInstanceOf(SearchKey.And.class);
        assertThat(((SearchKey.And) k).keys()).hasSize(6);
        assertThat(SearchKey.usesModSeq(k)).isTrue();
        assertThat(k.needsContent()).isTrue();
        assertThatThrownBy(() -> SearchKey.parse(r("FROB"))).isInstanceOf(ImapSyntaxException.class);
        assertThatThrownBy(() -> SearchKey.parse(r("(SEEN"))).isInstanceOf(ImapSyntaxException.class);
        assertThatThrownBy(() -> SearchKey.parse(r("LARGER x"))).isInstanceOf(ImapSyntaxException.class);
    }
}
