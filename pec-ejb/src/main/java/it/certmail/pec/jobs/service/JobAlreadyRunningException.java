package it.certmail.pec.jobs.service;

/** The job is running on this node now: a second run would overlap it. */
public class JobAlreadyRunningException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public JobAlreadyRunningException(String name) {
        super("job " + name + " is already running on this node");
    }
}
