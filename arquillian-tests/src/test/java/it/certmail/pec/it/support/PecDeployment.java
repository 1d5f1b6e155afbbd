package it.certmail.pec.it.support;

import java.io.File;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import it.certmail.pec.testsupport.PostgresProcess;

/** The real deployable: the pec-web WAR built by the reactor, plus the test classes. */
public final class PecDeployment {

    private PecDeployment() {
    }

    public static WebArchive war(Class<?>... testClasses) {
        WebArchive war = ShrinkWrap.createFromZipFile(WebArchive.class, new File("../pec-web/target/pec-web.war"));
        war.addClasses(testClasses);
        war.addClasses(DatabaseSetup.class, PecDeployment.class, PostgresProcess.class);
        return war;
    }
}
