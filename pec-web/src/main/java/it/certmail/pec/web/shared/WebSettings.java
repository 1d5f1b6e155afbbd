package it.certmail.pec.web.shared;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The web layer's part of the operator contract (architecture.md §4), read once. */
@ApplicationScoped
public class WebSettings {

    @Inject @ConfigProperty(name = "pec.https.port", defaultValue = "8443")
    int httpsPort;

    /** Where pages reached over plain HTTP are sent: console, holder area and webmail are HTTPS only. */
    public int httpsPort() {
        return httpsPort;
    }
}
