package it.certmail.pec.web.mail.settings;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.Part;

import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.mailbox.service.MailSettingsService;
import it.certmail.pec.mailbox.service.MailSettingsService.Contact;
import it.certmail.pec.mailbox.service.MailSettingsService.ImportReport;
import it.certmail.pec.web.holder.HolderSession;
import it.certmail.pec.web.shared.PageMessages;

/** Rubrica: the contacts of the mailbox the session shows; add, delete, import and export (vCard, CSV). */
@Named("addressBook")
@ViewScoped
public class AddressBookBean implements Serializable {

    private static final long serialVersionUID = 1L;
    /** Larger files are refused before they are read. */
    static final long MAX_FILE_BYTES = 2_000_000;

    @Inject
    MailSettingsService settings;

    @Inject
    HolderSession holder;

    private List<Contact> contacts;
    private String name;
    private String address;
    private String groups;
    private transient Part file;
    private ImportReport report;

    public List<Contact> getContacts() {
        if (contacts == null) {
            try {
                contacts = settings.contacts(holder.getCurrent());
            } catch (MailboxException e) {
                PageMessages.refusal(null, e);
                contacts = List.of();
            }
        }
        return contacts;
    }

    public void add() {
        try {
            settings.saveContact(holder.getCurrent(), name, address,
                    groups == null ? List.of() : List.of(groups.split(",")));
            contacts = null;
            PageMessages.info("contacts.saved", address);
            name = address = groups = null;
        } catch (MailboxException e) {
            PageMessages.refusal("contactForm:address", e);
        }
    }

    public void delete(long id) {
        try {
            if (settings.deleteContact(holder.getCurrent(), id)) {
                PageMessages.info("contacts.deleted");
            }
            contacts = null;
        } catch (MailboxException e) {
            PageMessages.refusal(null, e);
        }
    }

    /** A vCard or CSV file, told apart by its content (a vCard file begins with BEGIN:VCARD). */
    public void importFile() {
        if (file == null || file.getSize() == 0) {
            PageMessages.error("importForm:file", "contacts.import.none");
            return;
        }
        if (file.getSize() > MAX_FILE_BYTES) {
            PageMessages.error("importForm:file", "contacts.import.tooLarge");
            return;
        }
        try (InputStream in = file.getInputStream()) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            boolean vcard = text.strip().replace("\uFEFF", "").toUpperCase(Locale.ROOT).startsWith("BEGIN:VCARD");
            report = vcard ? settings.importVCard(holder.getCurrent(), text) : settings.importCsv(holder.getCurrent(), text);
            contacts = null;
            PageMessages.info("contacts.import.done", report.added(), report.updated(), report.problems().size());
        } catch (IOException e) {
            PageMessages.error("importForm:file", "contacts.import.unreadable");
        } catch (MailboxException e) {
            PageMessages.refusal(null, e);
        }
    }

    public void exportVCard() throws IOException {
        try {
            download(settings.exportVCard(holder.getCurrent()), "text/vcard; charset=UTF-8", "vcf");
        } catch (MailboxException e) {
            PageMessages.refusal(null, e);
        }
    }

    public void exportCsv() throws IOException {
        try {
            download(settings.exportCsv(holder.getCurrent()), "text/csv; charset=UTF-8", "csv");
        } catch (MailboxException e) {
            PageMessages.refusal(null, e);
        }
    }

    private void download(String text, String type, String extension) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        FacesContext faces = FacesContext.getCurrentInstance();
        ExternalContext external = faces.getExternalContext();
        external.responseReset();
        external.setResponseContentType(type);
        external.setResponseContentLength(bytes.length);
        external.setResponseHeader("Content-Disposition", "attachment; filename=\"rubrica-"
                + holder.getCurrent().replaceAll("[^A-Za-z0-9@._-]", "_") + "." + extension + "\"");
        external.getResponseOutputStream().write(bytes);
        faces.responseComplete();
    }

    public String groupsOf(Contact c) {
        return String.join(", ", c.groups());
    }

    public ImportReport getReport() {
        return report;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getAddress() {
        return address;
    }

    public void setAddress(String address) {
        this.address = address;
    }

    public String getGroups() {
        return groups;
    }

    public void setGroups(String groups) {
        this.groups = groups;
    }

    public Part getFile() {
        return file;
    }

    public void setFile(Part file) {
        this.file = file;
    }
}
