package it.certmail.pec.log.domain;

import java.util.Optional;

/** Checks a seal's signature (a detached CMS over {@link DaySeal#content()}) against the provider's keys. */
@FunctionalInterface
public interface SealSignatureCheck {

    /** @return why the signature is not the provider's valid signature of {@code content}; empty when it is */
    Optional<String> problem(byte[] content, byte[] signature);
}
