package it.certmail.pec.web.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.Part;

import it.certmail.pec.operator.domain.NotAllowedException;
import it.certmail.pec.web.console.MonitoringViews.CertificateInfo;
import it.certmail.pec.web.console.MonitoringViews.LdifReport;
import it.certmail.pec.web.console.MonitoringViews.ProviderRow;

/**
 * Indice dei gestori: the providers with their domains and certificates, the LDIF upload with a report per
 * record, this provider's own record and CA for download, and the trust anchors.
 */
@Named("providers")
@ViewScoped
public class ProvidersBean implements Serializable {

    private static final long serialVersionUID = 1L;
    /** An index file of every Italian provider is a few hundred kilobytes. */
    static final long MAX_LDIF_BYTES = 10L * 1024 * 1024;

    @Inject
    ConsoleFacade facade;

    private transient Part ldif;
    private LdifReport report;
    private List<ProviderRow> rows;
    private List<CertificateInfo> anchors;

    @PostConstruct
    void load() {
        rows = facade.providers();
        anchors = facade.trustAnchors();
    }

    public void upload() {
        if (ldif == null || ldif.getSize() == 0) {
            Messages.error("ldifForm:ldif", "providers.empty");
            return;
        }
        if (ldif.getSize() > MAX_LDIF_BYTES) {
            Messages.error("ldifForm:ldif", "providers.tooLarge", MAX_LDIF_BYTES / (1024 * 1024));
            return;
        }
        String text;
        try (InputStream in = ldif.getInputStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            Messages.errorText("ldifForm:ldif", e.getMessage());
            return;
        }
        try {
            report = facade.importProviders(text);
        } catch (NotAllowedException e) {
            FacadeErrors.refused();
            return;
        }
        Messages.info("providers.imported", report.inserted(), report.updated(), report.problems().size());
        rows = facade.providers();
    }

    public Part getLdif() { return ldif; }
    public void setLdif(Part ldif) { this.ldif = ldif; }
    public LdifReport getReport() { return report; }
    public List<ProviderRow> getRows() { return rows; }
    public List<CertificateInfo> getAnchors() { return anchors; }
}
