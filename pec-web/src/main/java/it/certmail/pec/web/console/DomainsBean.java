package it.certmail.pec.web.console;

import java.util.List;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.operator.domain.NotAllowedException;

/** Local mail domains: the list and the form that adds one. */
@Named("domains")
@RequestScoped
public class DomainsBean {

    @Inject
    ConsoleFacade facade;

    private String name;
    private List<String> list;

    public List<String> getList() {
        if (list == null) {
            list = facade.domains();
        }
        return list;
    }

    public String create() {
        try {
            String created = facade.createDomain(name);
            Messages.info("domains.created", created);
            Messages.keepForRedirect();
            return "/console/domains?faces-redirect=true";
        } catch (MailboxException e) {
            FacadeErrors.show("domainForm:name", e);
            return null;
        } catch (NotAllowedException e) {
            return FacadeErrors.refused();
        }
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }
}
