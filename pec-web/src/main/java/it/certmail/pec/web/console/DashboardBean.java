package it.certmail.pec.web.console;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import it.certmail.pec.web.console.ConsoleViews.Dashboard;

/** The console's first page. */
@Named("dashboard")
@RequestScoped
public class DashboardBean {

    @Inject
    ConsoleFacade facade;

    @Inject
    OperatorSession operator;

    private Dashboard view;
    private MonitoringViews.QueueSummary queues;
    private java.util.List<String> recoveryCodes;

    @PostConstruct
    void load() {
        view = facade.dashboard(ConsoleFacade.labels(Messages::text));
        queues = facade.queueSummary();
        recoveryCodes = operator.takeFreshRecoveryCodes();
    }

    /** The recovery codes issued at enrolment, on the first page after it only. */
    public java.util.List<String> getRecoveryCodes() {
        return recoveryCodes;
    }

    /** Pending and held work: the same figures as {@code /api/metrics}. */
    public MonitoringViews.QueueSummary getQueues() {
        return queues;
    }

    public Dashboard getView() {
        return view;
    }
}
