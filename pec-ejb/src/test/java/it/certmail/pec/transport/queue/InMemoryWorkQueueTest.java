package it.certmail.pec.transport.queue;

class InMemoryWorkQueueTest implements WorkQueueContract {

    @Override
    public WorkQueue queue() {
        return new InMemoryWorkQueue(WorkRetries.standard());
    }

    @Override
    public long blob() {
        return 1;
    }
}
