package it.certmail.pec.web.mail.send;

import java.io.Serializable;

import jakarta.enterprise.context.SessionScoped;

import it.certmail.pec.web.holder.FormTokens;

/** The one-time tokens of this session's compose forms: a send posted twice goes once. */
@SessionScoped
public class SendingSession implements Serializable {

    private static final long serialVersionUID = 1L;

    private final FormTokens tokens = new FormTokens();

    FormTokens tokens() {
        return tokens;
    }
}
