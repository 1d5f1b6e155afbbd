package it.certmail.pec.transport.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class RouteResolverTest {

    @Test
    void staticRouteShouldWinWithoutDnsLookup() {
        AtomicInteger lookups = new AtomicInteger();
        RouteResolver r = new RouteResolver(StaticRoutes.parse("b.test=127.0.0.1:20025"), d -> {
            lookups.incrementAndGet();
            return new MxLookup.NoMx();
        });
        assertThat(r.resolve("B.TEST")).isEqualTo(new RouteResolver.Routes(List.of(new RelayTarget("127.0.0.1", 20025))));
        assertThat(lookups).hasValue(0);
    }

    @Test
    void mxRecordsShouldBeSortedByPreferenceOnPort25() {
        RouteResolver r = new RouteResolver(StaticRoutes.none(), d -> new MxLookup.Found(List.of(
                new MxRecord(30, "mx3.c.test."), new MxRecord(10, "mx1.c.test"), new MxRecord(20, "MX2.c.test"))));
        assertThat(r.resolve("c.test")).isEqualTo(new RouteResolver.Routes(List.of(
                new RelayTarget("mx1.c.test", 25), new RelayTarget("mx2.c.test", 25),
                new RelayTarget("mx3.c.test", 25))));
    }

    @Test
    void domainWithoutMxShouldFallBackToItsAddressRecord() {
        RouteResolver r = new RouteResolver(StaticRoutes.none(), d -> new MxLookup.NoMx());
        assertThat(r.resolve("d.test")).isEqualTo(new RouteResolver.Routes(List.of(new RelayTarget("d.test", 25))));
    }

    @Test
    void nxdomainAndNullMxShouldBeUnroutableAndDnsFailureDeferred() {
        assertThat(new RouteResolver(StaticRoutes.none(), d -> new MxLookup.NoSuchDomain()).resolve("x.test"))
                .isInstanceOf(RouteResolver.Unroutable.class);
        assertThat(new RouteResolver(StaticRoutes.none(),
                d -> new MxLookup.Found(List.of(new MxRecord(0, ".")))).resolve("x.test"))
                .isInstanceOf(RouteResolver.Unroutable.class);
        assertThat(new RouteResolver(StaticRoutes.none(), d -> new MxLookup.TemporaryError("SERVFAIL"))
                .resolve("x.test"))
                .isInstanceOfSatisfying(RouteResolver.Deferred.class, f -> assertThat(f.reason()).contains("SERVFAIL"));
    }
}
