package it.certmail.pec.batch.scheduler;

/** No job has this name. */
public class UnknownJobException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnknownJobException(String name) {
        super("no job named " + name);
    }
}
