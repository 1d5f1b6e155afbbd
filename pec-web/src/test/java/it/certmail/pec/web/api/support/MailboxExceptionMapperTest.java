package it.certmail.pec.web.api.support;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

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
}
