package it.certmail.pec.web.home;

import java.util.List;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import it.certmail.pec.access.service.AccessSettings;
import it.certmail.pec.platform.service.PlatformSettings;
import it.certmail.pec.transport.service.TransportSettings;

/**
 * The root page: who the provider is, where people go, and the settings to copy into a mail program, read from the
 * running configuration. The server name is the one the browser used to reach us: the name clients can reach too.
 */
@Named("home")
@RequestScoped
public class HomeBean {

    @Inject
    PlatformSettings platform;

    @Inject
    TransportSettings transport;

    @Inject
    AccessSettings access;

    /** One line of the client settings table; {@code security} is a message key. */
    public record ClientSetting(String serviceKey, String host, int port, String securityKey, String usernameKey) {
    }

    public String getProviderName() {
        return platform.providerName();
    }

    public String getDomain() {
        return platform.domain();
    }

    public String getHost() {
        return FacesContext.getCurrentInstance().getExternalContext().getRequestServerName();
    }

    public List<ClientSetting> getClientSettings() {
        String host = getHost();
        return List.of(
                new ClientSetting("home.service.imap", host, access.imapPort(), "home.security.tls", "home.user.address"),
                new ClientSetting("home.service.pop3", host, access.pop3Port(), "home.security.tls", "home.user.address"),
                new ClientSetting("home.service.smtp", host, transport.submissionPort(), "home.security.tls",
                        "home.user.address"),
                new ClientSetting("home.service.smtpStarttls", host, transport.startTlsPort(), "home.security.starttls",
                        "home.user.address"));
    }
}
