package it.certmail.pec.web.console;

import java.io.IOException;
import java.io.InputStream;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.Part;

import it.certmail.pec.web.console.MonitoringViews.VerifyVerdict;

/** Verifica di un messaggio: an uploaded .eml checked as our reception point would, the verdict explained. */
@Named("verify")
@RequestScoped
public class VerifyBean {

    @Inject
    ConsoleFacade facade;

    private Part eml;
    private VerifyVerdict verdict;

    public void check() {
        if (eml == null || eml.getSize() == 0) {
            Messages.error("verifyForm:eml", "verify.empty");
            return;
        }
        long max = facade.verifyMaxBytes();
        if (eml.getSize() > max) {
            Messages.error("verifyForm:eml", "verify.tooLarge", max / (1024 * 1024));
            return;
        }
        try (InputStream in = eml.getInputStream()) {
            verdict = facade.verify(in.readAllBytes());
        } catch (IOException e) {
            Messages.errorText("verifyForm:eml", e.getMessage());
        }
    }

    public Part getEml() { return eml; }
    public void setEml(Part eml) { this.eml = eml; }
    public VerifyVerdict getVerdict() { return verdict; }
}
