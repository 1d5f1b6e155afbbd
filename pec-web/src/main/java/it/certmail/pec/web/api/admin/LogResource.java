package it.certmail.pec.web.api.admin;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import it.certmail.pec.log.domain.LogQuery;
import it.certmail.pec.log.model.LogEntry;
import it.certmail.pec.log.service.PecLog;
import it.certmail.pec.web.api.support.AdminOnly;

/** The registro dei messaggi (RFC 6109 §2.3), searchable by PEC msgid, sender and time. */
@Path("/admin/log")
@AdminOnly
@SecurityRequirement(name = "basic")
@Produces(MediaType.APPLICATION_JSON)
public class LogResource {

    @Inject
    PecLog log;

    @GET
    @Operation(summary = "Log entries; from/to are ISO-8601 instants, to exclusive")
    public List<LogEntryJson> search(@QueryParam("msgid") String msgid, @QueryParam("sender") String sender,
                                     @QueryParam("from") String from, @QueryParam("to") String to,
                                     @QueryParam("limit") int limit) {
        try {
            return log.search(new LogQuery(blank(msgid), blank(sender), instant(from), instant(to), limit)).stream()
                    .map(LogEntryJson::of).toList();
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static Instant instant(String s) {
        return blank(s) == null ? null : Instant.parse(s);
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
}
