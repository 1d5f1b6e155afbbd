package it.certmail.pec.web.holder;

import java.io.Serializable;
import java.time.Clock;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.web.holder.HolderViews.Dashboard;
import it.certmail.pec.web.shared.PageMessages;

/** The dashboard of the session's current mailbox: standing in words, dates, usage bars, the renewal notice. */
@Named("holderHome")
@ViewScoped
public class HolderDashboardBean implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    HolderFacade facade;

    @Inject
    HolderSession holder;

    @Inject
    Clock clock;

    private Dashboard dashboard;

    /** Whether the current mailbox is past its expiry, on the service clock. */
    public boolean isExpired() {
        return getDashboard() != null && getDashboard().expired(clock.instant());
    }

    public Dashboard getDashboard() {
        if (dashboard == null && holder.isSignedIn()) {
            try {
                dashboard = facade.dashboard(holder.getCurrent());
            } catch (MailboxException e) {
                PageMessages.refusal(null, e);
            }
        }
        return dashboard;
    }
}
