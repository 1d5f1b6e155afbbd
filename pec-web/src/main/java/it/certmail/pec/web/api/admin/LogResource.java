package it.certmail.pec.web.api.admin;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import it.certmail.pec.log.domain.LogFinding;
import it.certmail.pec.log.domain.LogQuery;
import it.certmail.pec.log.domain.LogVerification;
import it.certmail.pec.log.model.LogEntry;
import it.certmail.pec.log.service.LogSeals;
import it.certmail.pec.log.service.PecLog;
import it.certmail.pec.web.api.support.AdminOnly;
import it.certmail.pec.web.api.support.ErrorJson;

/** The registro dei messaggi (RFC 6109 §2.3), searchable by PEC msgid, sender and time. */
@Path("/admin/log")
@AdminOnly
@SecurityRequirement(name = "basic")
@Produces(MediaType.APPLICATION_JSON)
public class LogResource {

    @Inject
    PecLog log;

    @Inject
    LogSeals seals;

    @GET
    @Operation(summary = "Log entries; from/to are ISO-8601 instants, to exclusive")
    public List<LogEntryJson> search(@QueryParam("msgid") String msgid, @QueryParam("sender") String sender,
                                     @QueryParam("from") String from, @QueryParam("to") String to,
                                     @QueryParam("limit") int limit) {
        try {
            return log.search(new LogQuery(blank(msgid), blank(sender), instant("from", from), instant("to", to),
                    limit)).stream().map(LogEntryJson::of).toList();
        } catch (IllegalArgumentException e) {
            throw badRequest(e.getMessage());
        }
    }

    @GET
    @Path("verification")
    @Operation(summary = "Verifies the registro: its hash chain, day by day, and the signed daily seals. Lists"
            + " every altered, removed or inserted entry and every bad or missing seal, with its day. from/to"
            + " (YYYY-MM-DD, UTC days, both included) check only those days and the link of the first day's seal"
            + " to the seal before it; without them, the whole registro")
    public LogVerificationJson verify(@QueryParam("from") String from, @QueryParam("to") String to) {
        LocalDate first = day("from", from);
        LocalDate last = day("to", to);
        // checked here: the EJB's IllegalArgumentException would reach us wrapped in an EJBException, as a 500
        if (first != null && last != null && first.isAfter(last)) {
            throw badRequest("from (" + first + ") is after to (" + last + "): the range has no day");
        }
        return LogVerificationJson.of(seals.verify(first, last));
    }

    /** A 400 whose body says what was wrong, as every error answer of the API ({@link ErrorJson}). */
    private static BadRequestException badRequest(String message) {
        return new BadRequestException(message, Response.status(Response.Status.BAD_REQUEST)
                .type(MediaType.APPLICATION_JSON).entity(new ErrorJson(message)).build());
    }

    private static LocalDate day(String name, String s) {
        try {
            return blank(s) == null ? null : LocalDate.parse(s.trim());
        } catch (DateTimeParseException e) {
            throw badRequest(name + " is not a day (YYYY-MM-DD, a UTC day): " + s);
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static Instant instant(String name, String s) {
        try {
            return blank(s) == null ? null : Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw badRequest(name + " is not an ISO-8601 instant (2026-12-06T10:00:00Z): " + s);
        }
    }

    /** One log entry as the API shows it. */
    public record LogEntryJson(long id, Instant time, String event, String msgid, String clientMsgid, String sender,
                               List<String> recipients, String subject, List<String> generatedIds,
                               String sendingProvider, String detail) {
        static LogEntryJson of(LogEntry e) {
            return new LogEntryJson(e.getId(), e.getEventTime(), e.getEventType().name(), e.getMsgid(),
                    e.getClientMsgid(), e.getSender(), split(e.getRecipients()), e.getSubject(),
                    split(e.getGeneratedIds()), e.getSendingProvider(), e.getDetail());
        }

        private static List<String> split(String s) {
            return s == null || s.isBlank() ? List.of() : List.of(s.trim().split(" +"));
        }
    }

    /** The verifier's answer: {@code intact} when it found nothing. */
    public record LogVerificationJson(boolean intact, int daysChecked, long entriesChecked, int seals,
                                      long pendingEntries, int droppedDays, LocalDate lastSealedDay,
                                      List<LogFindingJson> findings, LocalDate firstDay, LocalDate lastDay) {
        static LogVerificationJson of(LogVerification v) {
            return new LogVerificationJson(v.intact(), v.daysChecked(), v.entriesChecked(), v.seals(), v.pending(),
                    v.droppedDays(), v.lastSealedDay(), v.findings().stream().map(LogFindingJson::of).toList(),
                    v.firstDay(), v.lastDay());
        }
    }

    /** One finding: the UTC day, what (ALTERED, REMOVED, INSERTED, BAD_SEAL, MISSING_SEAL), where and why. */
    public record LogFindingJson(LocalDate day, String kind, Long entryId, Long position, String detail) {
        static LogFindingJson of(LogFinding f) {
            return new LogFindingJson(f.day(), f.kind().name(), f.entryId(), f.seq(), f.detail());
        }
    }
}
