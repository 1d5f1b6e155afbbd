package it.certmail.pec.transport.core.contract;

import static it.certmail.pec.transport.core.contract.ContractMessages.message;
import static it.certmail.pec.transport.core.contract.ContractMessages.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import it.certmail.pec.blob.domain.BlobRef;
import it.certmail.pec.mime.Spool;
import it.certmail.pec.transport.core.BlobAccess;

/**
 * What the core relies on from {@link BlobAccess}: a blob stored is found and read again exactly, with its digest
 * and size; the caller holds one reference and the blob goes with the last one; storing and releasing are effects of
 * the step, kept or dropped with it.
 */
public interface BlobAccessContract {

    /** Fresh adapters over empty stores. */
    PortsUnderTest ports();

    @Test
    default void aStoredBlobShouldBeFoundAndReadAgainWithItsDigestAndSize() throws Exception {
        PortsUnderTest ports = ports();
        byte[] bytes = message("blob");

        BlobRef ref = ports.inStep(p -> p.blobs().store(Spool.of(bytes)));

        assertThat(ref.size()).isEqualTo(bytes.length);
        assertThat(ref.sha256()).isEqualTo(ContractMessages.sha256Hex(bytes));
        assertThat(ports.<java.util.Optional<BlobRef>>inStep(p -> p.blobs().find(ref.id()))).contains(ref);
        assertThat(ports.<byte[]>inStep(p -> read(p.blobs(), ref.id()))).isEqualTo(bytes);
        assertThat(ports.references(ref.id())).as("the caller's one reference").isEqualTo(1);
    }

    @Test
    default void releasingTheLastReferenceShouldRemoveTheBlob() throws Exception {
        PortsUnderTest ports = ports();
        BlobRef ref = ports.inStep(p -> p.blobs().store(Spool.of(message("di passaggio"))));

        ports.inStep(p -> {
            p.blobs().release(ref.id());
            return null;
        });

        assertThat(ports.references(ref.id())).isZero();
        assertThat(ports.<java.util.Optional<BlobRef>>inStep(p -> p.blobs().find(ref.id()))).isEmpty();
        assertThatThrownBy(() -> ports.inStep(p -> read(p.blobs(), ref.id())))
                .isInstanceOf(NoSuchElementException.class);
    }

    @Test
    default void releasingABlobThatIsGoneShouldChangeNothing() throws Exception {
        PortsUnderTest ports = ports();
        BlobRef gone = ports.inStep(p -> p.blobs().store(Spool.of(message("gone"))));
        ports.inStep(p -> {
            p.blobs().release(gone.id());
            return null;
        });
        BlobRef kept = ports.inStep(p -> p.blobs().store(Spool.of(message("kept"))));

        ports.inStep(p -> {
            p.blobs().release(gone.id());
            return null;
        });

        assertThat(ports.references(gone.id())).isZero();
        assertThat(ports.references(kept.id())).isEqualTo(1);
    }

    @Test
    default void aBlobNeverStoredShouldNotBeFound() throws Exception {
        assertThat(ports().<java.util.Optional<BlobRef>>inStep(p -> p.blobs().find(987_654_321L))).isEmpty();
    }

    @Test
    default void theSameBytesStoredTwiceShouldGiveEachCallerAReferenceOfItsOwn() throws Exception {
        PortsUnderTest ports = ports();
        byte[] bytes = message("due volte");
        BlobRef first = ports.inStep(p -> p.blobs().store(Spool.of(bytes)));
        BlobRef second = ports.inStep(p -> p.blobs().store(Spool.of(bytes)));

        ports.inStep(p -> {
            p.blobs().release(first.id());
            return null;
        });

        // stored once per content or once per call: either way the second caller still reads its bytes
        assertThat(ports.<byte[]>inStep(p -> read(p.blobs(), second.id()))).isEqualTo(bytes);
        assertThat(ports.references(second.id())).isEqualTo(1);
    }

    @Test
    default void aBlobStoredInAStepThatRolledBackShouldNotBeKept() throws Exception {
        PortsUnderTest ports = ports();
        AtomicLong id = new AtomicLong();

        ports.rolledBack(p -> {
            id.set(p.blobs().store(Spool.of(message("rolled back"))).id());
            return null;
        });

        assertThat(ports.references(id.get())).isZero();
        assertThat(ports.<java.util.Optional<BlobRef>>inStep(p -> p.blobs().find(id.get()))).isEmpty();
    }

    @Test
    default void aReleaseInAStepThatRolledBackShouldKeepTheReference() throws Exception {
        PortsUnderTest ports = ports();
        byte[] bytes = message("still held");
        BlobRef ref = ports.inStep(p -> p.blobs().store(Spool.of(bytes)));

        ports.rolledBack(p -> {
            p.blobs().release(ref.id());
            return null;
        });

        assertThat(ports.references(ref.id())).isEqualTo(1);
        assertThat(ports.<byte[]>inStep(p -> read(p.blobs(), ref.id()))).isEqualTo(bytes);
    }
}
