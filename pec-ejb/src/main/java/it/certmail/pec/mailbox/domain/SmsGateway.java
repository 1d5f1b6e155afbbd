package it.certmail.pec.mailbox.domain;

/** Gateway SMS (port): sends one text message to a mobile number. */
public interface SmsGateway {

    /**
     * @throws java.io.IOException when the gateway cannot take it now (the notice is retried)
     */
    void send(String phoneNumber, String text) throws java.io.IOException;
}
