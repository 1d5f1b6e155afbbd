package it.certmail.pec.transport.core.contract;

/**
 * Every contract of the transport core's ports that keep state, for one set of adapters (James-style: each adapter
 * set's test implements this interface and provides fresh {@link PortsUnderTest}).
 */
public interface TransportPortsContract extends BlobAccessContract, ReceivingMailboxesContract,
        SendingMailboxesContract, RecipientDomainsContract, OfficialLogContract, TransmissionRecordsContract,
        TransmissionLocksContract, DispatchContract, NoticeRouteContract {

    @Override
    PortsUnderTest ports();
}
