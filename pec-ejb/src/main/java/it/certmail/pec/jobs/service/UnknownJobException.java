package it.certmail.pec.jobs.service;

/** No job has this name. */
public class UnknownJobException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnknownJobException(String name) {
        super("no job named " + name);
    }
}
