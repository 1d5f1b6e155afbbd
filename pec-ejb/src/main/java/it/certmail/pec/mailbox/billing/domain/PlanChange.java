package it.certmail.pec.mailbox.billing.domain;

import java.util.Optional;

/**
 * Cambio piano: whether a mailbox may move to another plan and what that does. An upgrade (a dearer plan, or the
 * same price with more space) applies at once; a downgrade needs the content to fit the new plan and deletes
 * the archive when the new plan has none.
 *
 * @param upgrade        whether it is an upgrade
 * @param deletesArchive whether the archive goes (the new plan has none)
 * @param refusal        why it cannot happen now; empty when it can
 */
public record PlanChange(boolean upgrade, boolean deletesArchive, Optional<String> refusal) {

    /**
     * @param extraSpaceBytes   space add-ons still running (they stay with the mailbox until it expires)
     * @param extraArchiveBytes archive add-ons still running
     */
    public static PlanChange evaluate(PlanTerms from, PlanTerms to, StorageUse use, long extraSpaceBytes,
            long extraArchiveBytes) {
        if (from.code().equals(to.code())) {
            return new PlanChange(false, false, Optional.of("la casella ha già il piano " + to.code()));
        }
        int price = to.yearlyPrice().compareTo(from.yearlyPrice());
        boolean upgrade = price > 0 || (price == 0 && to.totalBytes() > from.totalBytes());
        boolean deletesArchive = to.archiveBytes() == 0 && extraArchiveBytes == 0 && from.archiveBytes() > 0;
        Optional<String> refusal = fits(to, use, extraSpaceBytes, extraArchiveBytes, deletesArchive);
        return new PlanChange(upgrade, deletesArchive, refusal);
    }

    /**
     * Whether {@code use} fits {@code plan}: mail within its space, archive within its archive (or the archive
     * deleted).
     */
    public static Optional<String> fits(PlanTerms plan, StorageUse use, long extraSpaceBytes, long extraArchiveBytes,
            boolean archiveDeleted) {
        long space = plan.spaceBytes() + extraSpaceBytes;
        if (use.mailBytes() > space) {
            return Optional.of("lo spazio occupato (" + use.mailBytes() + " byte) supera lo spazio del piano "
                    + plan.code() + " (" + space + " byte): liberare spazio prima del cambio");
        }
        long archive = plan.archiveBytes() + extraArchiveBytes;
        if (!archiveDeleted && use.archiveBytes() > archive) {
            return Optional.of("l'archivio occupato (" + use.archiveBytes() + " byte) supera l'archivio del piano "
                    + plan.code() + " (" + archive + " byte)");
        }
        return Optional.empty();
    }
}
