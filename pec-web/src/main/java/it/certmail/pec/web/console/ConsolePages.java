package it.certmail.pec.web.console;

import java.util.Map;

import it.certmail.pec.operator.model.Area;

/**
 * Which area each console page belongs to, so {@link OperatorAccessFilter} can refuse a page to a role that may not
 * read it. A page not listed here is for admins only until someone lists it: a new page is closed by default.
 */
final class ConsolePages {

    private static final Map<String, Area> AREAS = Map.ofEntries(
            Map.entry("/console/", Area.DASHBOARD),
            Map.entry("/console/index.xhtml", Area.DASHBOARD),
            Map.entry("/console/domains.xhtml", Area.DOMAINS),
            Map.entry("/console/mailboxes.xhtml", Area.MAILBOXES),
            Map.entry("/console/mailbox.xhtml", Area.MAILBOXES),
            Map.entry("/console/operators.xhtml", Area.OPERATORS),
            Map.entry("/console/audit.xhtml", Area.AUDIT),
            // pages of the same issue built elsewhere (message trace, queues, jobs, provider index, plans)
            Map.entry("/console/trace.xhtml", Area.LOG),
            Map.entry("/console/traces.xhtml", Area.LOG),
            Map.entry("/console/log.xhtml", Area.LOG),
            Map.entry("/console/queues.xhtml", Area.QUEUES),
            Map.entry("/console/jobs.xhtml", Area.JOBS),
            Map.entry("/console/providers.xhtml", Area.PROVIDERS),
            Map.entry("/console/plans.xhtml", Area.PLANS),
            Map.entry("/console/verify.xhtml", Area.DASHBOARD),
            // every role changes its own password
            Map.entry("/console/account.xhtml", Area.DASHBOARD),
            Map.entry("/console/transmission.xhtml", Area.LOG),
            // downloads: a receipt and the log as CSV are evidence (LOG); our record and CA are the index's; a
            // quarantined (infected) message is for admins only, so it is left unlisted on purpose
            Map.entry("/console/download/receipt", Area.LOG),
            Map.entry("/console/download/log.csv", Area.LOG),
            Map.entry("/console/download/provider.ldif", Area.PROVIDERS),
            Map.entry("/console/download/ca.pem", Area.PROVIDERS));

    private ConsolePages() {
    }

    /** The area of a console path (context path removed); {@link Area#OPERATORS} (admins only) when unknown. */
    static Area areaOf(String path) {
        if (path.startsWith("/console/jakarta.faces.resource/")) {
            return Area.DASHBOARD; // scripts and styles of the pages themselves
        }
        return AREAS.getOrDefault(path, Area.OPERATORS);
    }
}
