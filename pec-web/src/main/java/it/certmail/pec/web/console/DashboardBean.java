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

    private Dashboard view;

    @PostConstruct
    void load() {
        view = facade.dashboard(ConsoleFacade.labels(Messages::text));
    }

    public Dashboard getView() {
        return view;
    }
}
