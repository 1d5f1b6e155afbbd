package it.certmail.pec.web.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.faces.model.SelectItem;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.Part;

import it.certmail.pec.operator.domain.NotAllowedException;
import it.certmail.pec.operator.domain.OperatorRequestException;
import it.certmail.pec.web.console.MonitoringViews.CertificateInfo;
import it.certmail.pec.web.console.MonitoringViews.LdifReport;
import it.certmail.pec.web.console.MonitoringViews.ProviderRow;

/**
 * Indice dei gestori: the providers with their domains, certificates and signature profile, the choice of a
 * provider's signature profile, the LDIF upload with a report per record, this provider's own record and CA for
 * download, and the trust anchors.
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
    private String globalProfile;
    /** The chosen provider: its position in {@link #rows}, which the view keeps between render and submit. */
    private String peer;
    /** {@code sha256}, {@code legacy}, or empty for the global profile. */
    private String profile = "";

    @PostConstruct
    void load() {
        rows = facade.providers();
        anchors = facade.trustAnchors();
        globalProfile = facade.globalSignatureProfile();
    }

    /** Every provider of the index but our own, by position in the table. */
    public List<SelectItem> getPeers() {
        List<SelectItem> items = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (!rows.get(i).own()) {
                items.add(new SelectItem(String.valueOf(i), rows.get(i).displayName()));
            }
        }
        return items;
    }

    public void chooseProfile() {
        int index;
        try {
            index = Integer.parseInt(peer == null ? "" : peer);
        } catch (NumberFormatException e) {
            index = -1;
        }
        if (index < 0 || index >= rows.size() || rows.get(index).own()) {
            Messages.error("profileForm:peer", "providers.profile.noPeer");
            return;
        }
        ProviderRow row = rows.get(index);
        String effective;
        try {
            effective = facade.chooseSignatureProfile(row.name(), row.providerUnit(), profile);
        } catch (OperatorRequestException e) {
            Messages.errorText("profileForm:peer", Messages.text("error.invalid") + " " + e.getMessage());
            return;
        } catch (NotAllowedException e) {
            FacadeErrors.refused();
            return;
        }
        Messages.info("providers.profile.chosen", row.displayName(), Messages.text("providers.profile." + effective));
        rows = facade.providers();
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
    public String getGlobalProfile() { return globalProfile; }
    public String getPeer() { return peer; }
    public void setPeer(String peer) { this.peer = peer; }
    public String getProfile() { return profile; }
    public void setProfile(String profile) { this.profile = profile; }
}
