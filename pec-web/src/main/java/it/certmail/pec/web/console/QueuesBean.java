package it.certmail.pec.web.console;

import java.io.Serializable;
import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import it.certmail.pec.operator.domain.NotAllowedException;
import it.certmail.pec.web.console.MonitoringViews.HeldNoticeRow;
import it.certmail.pec.web.console.MonitoringViews.QuarantineRow;
import it.certmail.pec.web.console.MonitoringViews.QueueSummary;
import it.certmail.pec.web.console.MonitoringViews.WorkRow;

/** Code di lavoro: pending and held transport work (requeue, with the reason), and the virus quarantine. */
@Named("queues")
@ViewScoped
public class QueuesBean implements Serializable {

    private static final long serialVersionUID = 1L;
    static final int PENDING_SHOWN = 100;
    static final int QUARANTINE_SHOWN = 100;
    static final int HELD_NOTICES_SHOWN = 100;

    @Inject
    ConsoleFacade facade;

    private QueueSummary summary;
    private List<WorkRow> held;
    private List<HeldNoticeRow> heldNotices;
    private List<WorkRow> pending;
    private List<QuarantineRow> quarantine;

    @PostConstruct
    void load() {
        summary = facade.queueSummary();
        held = facade.heldWork();
        heldNotices = facade.heldTimeoutNotices(HELD_NOTICES_SHOWN);
        pending = facade.pendingWork(PENDING_SHOWN);
        quarantine = facade.quarantined(null, QUARANTINE_SHOWN);
    }

    public String requeue(String queue, long id) {
        try {
            // a relay row is one recipient's delivery, not a work item: the message says which it was
            boolean relay = MonitoringViews.WorkRow.RELAY.equals(queue);
            if (facade.requeueWork(queue, id)) {
                Messages.info(relay ? "queues.relay.requeued" : "queues.requeued", id);
            } else {
                Messages.error(null, relay ? "queues.relay.notHeld" : "queues.notHeld", id);
            }
        } catch (NotAllowedException e) {
            return FacadeErrors.refused();
        }
        Messages.keepForRedirect();
        return "/console/queues?faces-redirect=true";
    }

    public String retryNotice(long trackingId) {
        try {
            if (facade.retryTimeoutNotice(trackingId)) {
                Messages.info("queues.notices.retried", trackingId);
            } else {
                Messages.error(null, "queues.notices.notHeld", trackingId);
            }
        } catch (NotAllowedException e) {
            return FacadeErrors.refused();
        }
        Messages.keepForRedirect();
        return "/console/queues?faces-redirect=true";
    }

    public String purge() {
        try {
            Messages.info("queues.purged", facade.purgeExpiredQuarantine());
        } catch (NotAllowedException e) {
            return FacadeErrors.refused();
        }
        Messages.keepForRedirect();
        return "/console/queues?faces-redirect=true";
    }

    public long getExpiredCount() {
        return quarantine.stream().filter(QuarantineRow::expired).count();
    }

    public QueueSummary getSummary() { return summary; }
    public List<WorkRow> getHeld() { return held; }
    public List<HeldNoticeRow> getHeldNotices() { return heldNotices; }
    public List<WorkRow> getPending() { return pending; }
    public List<QuarantineRow> getQuarantine() { return quarantine; }
}
