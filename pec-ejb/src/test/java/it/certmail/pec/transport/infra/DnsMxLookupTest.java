package it.certmail.pec.transport.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;

import it.certmail.pec.transport.domain.MxLookup;
import it.certmail.pec.transport.domain.MxRecord;

class DnsMxLookupTest {

    /** Answers every query with what {@code answer} builds; no network. */
    private record FakeResolver(Function<Message, Message> answer) implements Resolver {
        @Override public void setPort(int port) { }
        @Override public void setTCP(boolean flag) { }
        @Override public void setIgnoreTruncation(boolean flag) { }
        @Override public void setEDNS(int version, int payloadSize, int flags, List<EDNSOption> options) { }
        @Override public void setTSIGKey(TSIG key) { }
        @Override public void setTimeout(Duration timeout) { }

        @Override
        public Message send(Message query) throws IOException {
            return answer.apply(query);
        }

        @Override
        public CompletionStage<Message> sendAsync(Message query) {
            return CompletableFuture.completedFuture(answer.apply(query));
        }

        @Override
        public CompletionStage<Message> sendAsync(Message query, Executor executor) {
            return sendAsync(query);
        }
    }

    private static Message reply(Message query, int rcode, MXRecord... answers) {
        Message m = new Message(query.getHeader().getID());
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setFlag(Flags.RA);
        m.getHeader().setRcode(rcode);
        m.addRecord(query.getQuestion(), Section.QUESTION);
        for (MXRecord r : answers) {
            m.addRecord(r, Section.ANSWER);
        }
        return m;
    }

    private static MXRecord mx(Message q, int pref, String host) {
        try {
            return new MXRecord(q.getQuestion().getName(), DClass.IN, 300, pref, Name.fromString(host));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldReturnTheMxRecords() {
        DnsMxLookup dns = new DnsMxLookup(new FakeResolver(q -> reply(q, Rcode.NOERROR,
                mx(q, 20, "mx2.b.test."), mx(q, 10, "mx1.b.test."))));
        MxLookup.Answer a = dns.lookup("b.test");
        assertThat(a).isInstanceOfSatisfying(MxLookup.Found.class, f -> assertThat(f.records())
                .containsExactlyInAnyOrder(new MxRecord(10, "mx1.b.test"), new MxRecord(20, "mx2.b.test")));
    }

    @Test
    void shouldTellNxdomainFromNoMxFromServfail() {
        assertThat(new DnsMxLookup(new FakeResolver(q -> reply(q, Rcode.NXDOMAIN))).lookup("nx.test"))
                .isInstanceOf(MxLookup.NoSuchDomain.class);
        assertThat(new DnsMxLookup(new FakeResolver(q -> reply(q, Rcode.NOERROR))).lookup("nomx.test"))
                .isInstanceOf(MxLookup.NoMx.class);
        assertThat(new DnsMxLookup(new FakeResolver(q -> reply(q, Rcode.SERVFAIL))).lookup("broken.test"))
                .isInstanceOf(MxLookup.TemporaryError.class);
    }

    @Test
    void shouldReportTheNullMx() {
        MxLookup.Answer a = new DnsMxLookup(new FakeResolver(q -> reply(q, Rcode.NOERROR, mx(q, 0, "."))))
                .lookup("nomail.test");
        assertThat(a).isInstanceOfSatisfying(MxLookup.Found.class,
                f -> assertThat(f.records()).singleElement().satisfies(r -> assertThat(r.isNullMx()).isTrue()));
    }
}
