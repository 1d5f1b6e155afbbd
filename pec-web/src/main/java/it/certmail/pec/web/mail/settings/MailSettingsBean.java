package it.certmail.pec.web.mail.settings;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import it.certmail.pec.mailbox.domain.ArchivePolicy;
import it.certmail.pec.mailbox.domain.IncomingRule;
import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.mailbox.service.MailSettingsService;
import it.certmail.pec.mailbox.service.MailSettingsService.Alerts;
import it.certmail.pec.mailbox.service.MailSettingsService.Archiving;
import it.certmail.pec.mailbox.service.MailSettingsService.MailOptions;
import it.certmail.pec.web.holder.HolderSession;
import it.certmail.pec.web.shared.PageMessages;
import it.certmail.pec.web.shared.SizeText;

/**
 * Impostazioni posta: ordinary mail on or off and non-PEC recipients blocked, the rules on incoming mail (listed,
 * added, deleted) and the notices of new PEC, for the mailbox the session shows.
 */
@Named("mailSettings")
@ViewScoped
public class MailSettingsBean implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    MailSettingsService settings;

    @Inject
    HolderSession holder;

    private Boolean acceptOrdinaryMail;
    private Boolean blockNonPecRecipients;
    private List<IncomingRule> rules;
    private List<String> folders;
    private Alerts alerts;
    private Archiving archiving;
    private boolean archiveMessages;
    private boolean archiveReceipts;
    private final String[] alertEmails = new String[3];
    private final String[] alertMobiles = new String[3];

    // the rule being written
    private String ruleSender;
    private String ruleSubject;
    private String ruleKind;
    private String ruleMoveTo;
    private boolean ruleMarkRead;
    private boolean ruleFlag;
    private String ruleForwardTo;
    private String ruleForwardMode = IncomingRule.Forward.NOTICE.name();

    private void loadOptions() {
        if (acceptOrdinaryMail == null) {
            try {
                MailOptions o = settings.options(holder.getCurrent());
                acceptOrdinaryMail = o.acceptOrdinaryMail();
                blockNonPecRecipients = o.blockNonPecRecipients();
            } catch (MailboxException e) {
                PageMessages.refusal(null, e);
                acceptOrdinaryMail = false;
                blockNonPecRecipients = false;
            }
        }
    }

    public void saveOptions() {
        try {
            MailOptions o = settings.changeOptions(holder.getCurrent(), isAcceptOrdinaryMail(), isBlockNonPecRecipients());
            acceptOrdinaryMail = o.acceptOrdinaryMail();
            blockNonPecRecipients = o.blockNonPecRecipients();
            PageMessages.info("mailSettings.options.saved");
        } catch (MailboxException e) {
            PageMessages.refusal(null, e);
        }
    }

    public boolean isAcceptOrdinaryMail() {
        loadOptions();
        return acceptOrdinaryMail;
    }

    public void setAcceptOrdinaryMail(boolean acceptOrdinaryMail) {
        this.acceptOrdinaryMail = acceptOrdinaryMail;
    }

    public boolean isBlockNonPecRecipients() {
        loadOptions();
        return blockNonPecRecipients;
    }

    public void setBlockNonPecRecipients(boolean blockNonPecRecipients) {
        this.blockNonPecRecipients = blockNonPecRecipients;
    }

    // ---- rules

    public List<IncomingRule> getRules() {
        if (rules == null) {
            try {
                rules = settings.rules(holder.getCurrent());
            } catch (MailboxException e) {
                PageMessages.refusal(null, e);
                rules = List.of();
            }
        }
        return rules;
    }

    public List<String> getFolders() {
        if (folders == null) {
            try {
                folders = settings.folders(holder.getCurrent());
            } catch (MailboxException e) {
                folders = List.of();
            }
        }
        return folders;
    }

    public List<String> getKinds() {
        return IncomingRule.KINDS;
    }

    public void addRule() {
        try {
            IncomingRule rule = IncomingRule.of(null, ruleSender, ruleSubject, ruleKind, ruleMoveTo, ruleMarkRead,
                    ruleFlag, ruleForwardTo, IncomingRule.Forward.valueOf(ruleForwardMode));
            settings.addRule(holder.getCurrent(), rule);
            rules = null;
            ruleSender = ruleSubject = ruleKind = ruleMoveTo = ruleForwardTo = null;
            ruleMarkRead = ruleFlag = false;
            ruleForwardMode = IncomingRule.Forward.NOTICE.name();
            PageMessages.info("mailSettings.rule.added");
        } catch (MailboxException e) {
            PageMessages.refusal(null, e);
        }
    }

    public void deleteRule(long id) {
        try {
            if (settings.deleteRule(holder.getCurrent(), id)) {
                PageMessages.info("mailSettings.rule.deleted");
            }
            rules = null;
        } catch (MailboxException e) {
            PageMessages.refusal(null, e);
        }
    }

    // ---- automatic archiving

    public Archiving getArchiving() {
        if (archiving == null) {
            try {
                archiving = settings.archiving(holder.getCurrent());
                archiveMessages = archiving.kinds().contains(ArchivePolicy.Kind.MESSAGES);
                archiveReceipts = archiving.kinds().contains(ArchivePolicy.Kind.RECEIPTS);
            } catch (MailboxException e) {
                PageMessages.refusal(null, e);
                archiving = new Archiving(Set.of(), 0, 0);
            }
        }
        return archiving;
    }

    /** "x used of y", or that the plan has no archive. */
    public String getArchiveUseText() {
        Archiving a = getArchiving();
        if (a.quotaBytes() == 0) {
            return PageMessages.text("mailSettings.archive.none");
        }
        Locale locale = FacesContext.getCurrentInstance().getViewRoot().getLocale();
        return PageMessages.text("mailSettings.archive.use", SizeText.of(a.usedBytes(), locale),
                SizeText.of(a.quotaBytes(), locale));
    }

    public void saveArchiving() {
        Set<ArchivePolicy.Kind> kinds = EnumSet.noneOf(ArchivePolicy.Kind.class);
        if (archiveMessages) {
            kinds.add(ArchivePolicy.Kind.MESSAGES);
        }
        if (archiveReceipts) {
            kinds.add(ArchivePolicy.Kind.RECEIPTS);
        }
        try {
            archiving = settings.changeArchiving(holder.getCurrent(), kinds);
            PageMessages.info("mailSettings.archive.saved");
        } catch (MailboxException e) {
            PageMessages.refusal(null, e);
        }
    }

    public boolean isArchiveMessages() {
        getArchiving();
        return archiveMessages;
    }

    public void setArchiveMessages(boolean archiveMessages) {
        this.archiveMessages = archiveMessages;
    }

    public boolean isArchiveReceipts() {
        getArchiving();
        return archiveReceipts;
    }

    public void setArchiveReceipts(boolean archiveReceipts) {
        this.archiveReceipts = archiveReceipts;
    }

    // ---- alerts

    public Alerts getAlerts() {
        if (alerts == null) {
            try {
                alerts = settings.alerts(holder.getCurrent());
                fill(alertEmails, alerts.emails());
                fill(alertMobiles, alerts.mobiles());
            } catch (MailboxException e) {
                PageMessages.refusal(null, e);
                alerts = new Alerts(List.of(), List.of(), false);
            }
        }
        return alerts;
    }

    private static void fill(String[] fields, List<String> values) {
        for (int i = 0; i < fields.length; i++) {
            fields[i] = i < values.size() ? values.get(i) : null;
        }
    }

    public void saveAlerts() {
        try {
            alerts = settings.changeAlerts(holder.getCurrent(), Arrays.asList(alertEmails),
                    getAlerts().smsAvailable() ? Arrays.asList(alertMobiles) : new ArrayList<>(alerts.mobiles()));
            fill(alertEmails, alerts.emails());
            fill(alertMobiles, alerts.mobiles());
            PageMessages.info("mailSettings.alerts.saved");
        } catch (MailboxException e) {
            PageMessages.refusal(null, e);
        }
    }

    public String[] getAlertEmails() {
        getAlerts();
        return alertEmails;
    }

    public String[] getAlertMobiles() {
        getAlerts();
        return alertMobiles;
    }

    public String getRuleSender() {
        return ruleSender;
    }

    public void setRuleSender(String ruleSender) {
        this.ruleSender = ruleSender;
    }

    public String getRuleSubject() {
        return ruleSubject;
    }

    public void setRuleSubject(String ruleSubject) {
        this.ruleSubject = ruleSubject;
    }

    public String getRuleKind() {
        return ruleKind;
    }

    public void setRuleKind(String ruleKind) {
        this.ruleKind = ruleKind;
    }

    public String getRuleMoveTo() {
        return ruleMoveTo;
    }

    public void setRuleMoveTo(String ruleMoveTo) {
        this.ruleMoveTo = ruleMoveTo;
    }

    public boolean isRuleMarkRead() {
        return ruleMarkRead;
    }

    public void setRuleMarkRead(boolean ruleMarkRead) {
        this.ruleMarkRead = ruleMarkRead;
    }

    public boolean isRuleFlag() {
        return ruleFlag;
    }

    public void setRuleFlag(boolean ruleFlag) {
        this.ruleFlag = ruleFlag;
    }

    public String getRuleForwardMode() {
        return ruleForwardMode;
    }

    public void setRuleForwardMode(String ruleForwardMode) {
        this.ruleForwardMode = ruleForwardMode == null || ruleForwardMode.isBlank() ? IncomingRule.Forward.NOTICE.name()
                : IncomingRule.Forward.valueOf(ruleForwardMode).name();
    }

    public String getRuleForwardTo() {
        return ruleForwardTo;
    }

    public void setRuleForwardTo(String ruleForwardTo) {
        this.ruleForwardTo = ruleForwardTo;
    }
}
