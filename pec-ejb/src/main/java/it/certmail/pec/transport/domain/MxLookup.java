package it.certmail.pec.transport.domain;

import java.util.List;
import java.util.Objects;

/** Ricerca MX: the DNS port of the {@link RouteResolver}; the adapter lives in {@code transport.infra}. */
@FunctionalInterface
public interface MxLookup {

    /** Looks up the MX records of {@code domain}. Never throws for DNS failures: they are answers too. */
    Answer lookup(String domain);

    /** The DNS answer, classified so that routing can tell "retry later" from "no such destination". */
    sealed interface Answer permits Found, NoMx, NoSuchDomain, TemporaryError {
    }

    /** MX records were found (in any order). */
    record Found(List<MxRecord> records) implements Answer {
        public Found {
            records = List.copyOf(records);
        }
    }

    /** The domain exists but has no MX: mail goes to its address record (RFC 5321 §5.1 implicit MX). */
    record NoMx() implements Answer {
    }

    /** NXDOMAIN: the domain does not exist. */
    record NoSuchDomain() implements Answer {
    }

    /** SERVFAIL, timeout, network error: retry later. */
    record TemporaryError(String reason) implements Answer {
        public TemporaryError {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
