package it.certmail.pec.web.api.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

import it.certmail.pec.mailbox.domain.ChangeTooSoonException;
import it.certmail.pec.mailbox.domain.InvalidMailboxRequestException;
import it.certmail.pec.mailbox.domain.MailboxConflictException;
import it.certmail.pec.mailbox.domain.MailboxNotFoundException;
import it.certmail.pec.mailbox.domain.QuotaExceededException;

class MailboxExceptionMapperTest {

    @Test
    void mapperShouldGiveEachTypedErrorItsStatus() {
        assertThat(MailboxExceptionMapper.status(new InvalidMailboxRequestException("x"))).isEqualTo(Response.Status.BAD_REQUEST);
        assertThat(MailboxExceptionMapper.status(new MailboxNotFoundException("x"))).isEqualTo(Response.Status.NOT_FOUND);
        assertThat(MailboxExceptionMapper.status(new MailboxConflictException("x"))).isEqualTo(Response.Status.CONFLICT);
        assertThat(MailboxExceptionMapper.status(new QuotaExceededException("x"))).isEqualTo(Response.Status.CONFLICT);
    }

    @Test
    void aChangeTooSoonShouldBe429WithRetryAfterAndTheReason() {
        ChangeTooSoonException e = new ChangeTooSoonException(
                "la password web si può cambiare una volta ogni 24 ore: di nuovo dal 2026-11-24T10:00:00Z",
                Instant.parse("2026-11-24T10:00:00Z"), 3600);

        assertThat(MailboxExceptionMapper.status(e)).isEqualTo(Response.Status.TOO_MANY_REQUESTS);
        assertThat(MailboxExceptionMapper.retryAfter(e)).contains(3600L);
        assertThat(MailboxExceptionMapper.retryAfter(new MailboxConflictException("x"))).isEmpty();
        assertThat(new ChangeTooSoonException("x", Instant.EPOCH, 0).retryAfterSeconds()).isEqualTo(1);
        // still a conflict for callers that only know that
        assertThat(new ChangeTooSoonException("x", Instant.EPOCH, 1)).isInstanceOf(MailboxConflictException.class);
    }
}
