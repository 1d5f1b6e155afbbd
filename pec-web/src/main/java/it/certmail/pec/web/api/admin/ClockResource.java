package it.certmail.pec.web.api.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import it.certmail.pec.platform.service.PlatformSettings;
import it.certmail.pec.platform.service.ServiceClock;
import it.certmail.pec.web.api.support.AdminOnly;
import it.certmail.pec.web.api.support.ErrorJson;

/**
 * The service clock. Demos and tests move it forward ({@code pec.clock.adjustable=true}) to reach deadlines
 * (12 h / 24 h notices, expiry) at once; it never goes back. Quartz keeps firing on real time: after moving the
 * clock, run the job that cares with {@code POST /api/admin/jobs/{name}/run}.
 */
@Path("/admin/clock")
@AdminOnly
@SecurityRequirement(name = "basic")
@Produces(MediaType.APPLICATION_JSON)
public class ClockResource {

    /** A hundred years: far beyond any deadline, far below Instant's limits. */
    private static final long MAX_HOURS = 100L * 366 * 24;

    @Inject
    ServiceClock serviceClock;

    @Inject
    Clock clock;

    @Inject
    PlatformSettings settings;

    @GET
    @Operation(summary = "The service clock's time and whether it can be moved")
    public ClockJson now() {
        return new ClockJson(clock.instant(), settings.clockAdjustable());
    }

    @POST
    @Path("advance")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Moves the service clock forward by {\"hours\": n}, n a positive whole number")
    @APIResponse(responseCode = "200", description = "{\"now\": the new time}")
    @APIResponse(responseCode = "400", description = "hours missing, not a whole number, or not positive")
    @APIResponse(responseCode = "409", description = "the clock is not adjustable in this installation")
    public Response advance(JsonObject body) {
        JsonValue hours = body == null ? null : body.get("hours");
        if (!(hours instanceof JsonNumber n) || !n.isIntegral() || n.bigIntegerValue().signum() <= 0
                || n.bigIntegerValue().bitLength() > 62 || n.longValue() > MAX_HOURS) {
            return error(Response.Status.BAD_REQUEST, "\"hours\" must be a whole number from 1 to " + MAX_HOURS
                    + ", got " + hours);
        }
        Optional<Instant> now = serviceClock.advance(Duration.ofHours(n.longValue()));
        if (now.isEmpty()) {
            return error(Response.Status.CONFLICT, "the service clock is not adjustable here: start the server with"
                    + " pec.clock.adjustable=true (PEC_CLOCK_ADJUSTABLE=true) to move it");
        }
        return Response.ok(new ClockJson(now.get(), true), MediaType.APPLICATION_JSON).build();
    }

    private static Response error(Response.Status status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ErrorJson(message)).build();
    }

    /** The service clock's time. */
    public record ClockJson(Instant now, boolean adjustable) {
    }
}
