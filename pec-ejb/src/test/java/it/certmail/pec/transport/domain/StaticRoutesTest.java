package it.certmail.pec.transport.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StaticRoutesTest {

    @Test
    void parserShouldReadTheConfiguredRoutes() {
        StaticRoutes r = StaticRoutes.parse("b.test=127.0.0.1:20025,c.test=host.example:25");
        assertThat(r.problems()).isEmpty();
        assertThat(r.routeFor("b.test")).contains(new RelayTarget("127.0.0.1", 20025));
        assertThat(r.routeFor("C.Test.")).contains(new RelayTarget("host.example", 25));
        assertThat(r.routeFor("d.test")).isEmpty();
    }

    @Test
    void parserShouldAcceptSpacesSemicolonsAndIpv6() {
        StaticRoutes r = StaticRoutes.parse(" b.test = ignored ; c.test=[::1]:2525\n d.test=mx.d.test:587 ");
        assertThat(r.routeFor("c.test")).contains(new RelayTarget("::1", 2525));
        assertThat(r.routeFor("d.test")).contains(new RelayTarget("mx.d.test", 587));
        // "b.test", "=", "ignored" are split apart by the spaces and reported
        assertThat(r.problems()).isNotEmpty();
        assertThat(r.routeFor("b.test")).isEmpty();
    }

    @Test
    void parserShouldReportBadEntriesWithoutThrowing() {
        StaticRoutes r = StaticRoutes.parse("a.test=host,b.test=host:0,c.test=host:99999,=h:25,e.test=:25,"
                + "f.test=h:x,g.test=h:25,g.test=other:25,h.test=a:b:25");
        assertThat(r.routes()).containsOnlyKeys("g.test");
        assertThat(r.routeFor("g.test")).contains(new RelayTarget("h", 25));
        assertThat(r.problems()).hasSize(8);
    }

    @Test
    void parserShouldTreatBlankAsNoRoutes() {
        assertThat(StaticRoutes.parse(null).routes()).isEmpty();
        assertThat(StaticRoutes.parse("  ").routes()).isEmpty();
    }
}
