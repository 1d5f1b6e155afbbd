package it.certmail.pec.web.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import it.certmail.pec.web.console.MonitoringViews.ReceiptLink;
import it.certmail.pec.web.console.MonitoringViews.TransmissionTrace;

/** Traccia di una trasmissione: {@code transmission.xhtml?msgid=...}, per recipient, with its receipts. */
@Named("transmission")
@RequestScoped
public class TransmissionBean {

    @Inject
    ConsoleFacade facade;

    private TransmissionTrace view;

    @PostConstruct
    void load() {
        String msgid = FacesContext.getCurrentInstance().getExternalContext().getRequestParameterMap().get("msgid");
        view = msgid == null || msgid.isBlank() ? null : facade.transmission(msgid);
    }

    public TransmissionTrace getView() {
        return view;
    }

    /** The download link of a filed receipt (its exact stored bytes). */
    public String receiptUrl(ReceiptLink r) {
        return "download/receipt?msgid=" + URLEncoder.encode(view.msgid(), StandardCharsets.UTF_8) + "&id="
                + r.storedMessageId();
    }
}
