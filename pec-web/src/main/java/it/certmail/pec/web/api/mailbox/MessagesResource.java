package it.certmail.pec.web.api.mailbox;

import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.StreamingOutput;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.mailbox.service.MessageEntry;
import it.certmail.pec.mailbox.service.MessageStoreService;
import it.certmail.pec.mailbox.service.RawMessage;
import it.certmail.pec.web.api.support.ErrorJson;
import it.certmail.pec.web.api.support.MailboxOwner;
import it.certmail.pec.web.api.support.MailboxOwnerFilter;

/** The messages of the authenticated mailbox (HTTP Basic with its client password). */
@Path("/mailbox/messages")
@MailboxOwner
@SecurityRequirement(name = "basic")
public class MessagesResource {

    @Inject
    MessageStoreService store;

    @Context
    SecurityContext security;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The messages of a folder (INBOX by default), by ascending UID")
    public List<MessageJson> list(@QueryParam("folder") @DefaultValue("INBOX") String folder) throws MailboxException {
        return store.list(MailboxOwnerFilter.address(security), folder).stream().map(MessageJson::of).toList();
    }

    @GET
    @Path("/{id}/raw")
    @Produces({"message/rfc822", MediaType.APPLICATION_JSON})
    @Operation(summary = "The exact stored bytes of a message, streamed; 404 if it is not in this mailbox")
    public Response raw(@PathParam("id") long id) {
        Optional<RawMessage> raw = store.openRaw(MailboxOwnerFilter.address(security), id);
        if (raw.isEmpty()) {
            return Response.status(Response.Status.NOT_FOUND).type(MediaType.APPLICATION_JSON)
                    .entity(new ErrorJson("no message " + id + " in this mailbox")).build();
        }
        // chunks are read from the database while the response is written, never all in memory
        StreamingOutput body = out -> {
            try (InputStream in = raw.get().content()) {
                in.transferTo(out);
            }
        };
        return Response.ok(body, "message/rfc822")
                .header(HttpHeaders.CONTENT_LENGTH, raw.get().size())
                .header("Content-Disposition", "attachment; filename=\"" + id + ".eml\"")
                .build();
    }

    /** A message in a list; {@code id} is a string, as architecture.md §4 fixes it. */
    @JsonbNillable
    public record MessageJson(String id, String folder, long uid, String subject, String messageId, String from,
            long size, Instant receivedAt, String pecKind, List<String> flags) {

        static MessageJson of(MessageEntry m) {
            return new MessageJson(Long.toString(m.id()), m.folder(), m.uid(), m.subject(), m.messageId(),
                    m.fromAddress(), m.size(), m.receivedAt(), m.pecKind(), m.flags());
        }
    }
}
