//! English texts. The fix steps are also the JSON output's `step` strings:
//! changing one changes the output.

use crate::cause::{Actor, Reason, Smtp550Cause};
use crate::fix::Advice;

pub(super) fn advice(a: Advice) -> &'static str {
    use Advice::*;
    match a {
        RecheckToField => {
            "Re-check the recipient address in the To field: spelling, no spaces, the right domain; the user-name part may be case-sensitive."
        }
        ConfirmSuggestion => {
            "If a corrected address is suggested, confirm it with the recipient before sending again."
        }
        AskAddressAgain => {
            "Ask the recipient for their address again: the one you were given may be wrong."
        }
        RecheckThenGone => {
            "Re-check the address for typos; if it is right, the mailbox no longer exists (closed or deleted)."
        }
        AskCurrentAddress => {
            "Reach the recipient another way (phone, another address) and ask for their current address."
        }
        RemoveFromLists => {
            "Remove the address from your lists: sending to it again will bounce again."
        }
        AskAllowSender => {
            "If you know the recipient, ask them to whitelist your address or domain, or relax their firewall or anti-spam filter for a while, then send again."
        }
        LookupOwnMx => {
            "Run an MX lookup on your own mail domain to find your sending server's IP address."
        }
        CheckBlocklists => {
            "Check that IP and your domain against the DNS blocklists (DNSBL/RBL: Spamhaus, Barracuda, SpamCop, ...); if listed, follow each list's delisting procedure."
        }
        CheckPtrAndAuthRecords => {
            "Make sure the sending IP has a reverse DNS (PTR) record and the domain publishes SPF, DKIM and DMARC."
        }
        AvoidSpamContent => {
            "Avoid spam-like content (link shorteners, attachments with executables, all-caps subjects)."
        }
        SendElsewhere => "Meanwhile, send from another address or through another mail server.",
        AskProviderWhyHeld => {
            "Ask your own mail provider or administrator why its outbound filter held the message (outbound spam policy, sending quota, suppression list, unverified sender)."
        }
        CheckSenderVerified => {
            "Check that the sending address or domain is verified with your provider and that you are within its sending limits."
        }
        UnsuppressIfWorking => {
            "If the recipient is on your provider's suppression list, remove it only if you know the address works again."
        }
        EnableSmtpAuth => {
            "Turn on SMTP authentication in your mail client (\"my outgoing server requires authentication\") with the right user name and password."
        }
        PublishAuthRecords => {
            "Publish correct SPF, DKIM and DMARC records for the sending domain and make sure outgoing mail is signed and aligned."
        }
        SendThroughAuthorisedServer => {
            "Send through the server your domain's SPF record authorises, not a third-party relay."
        }
        RetryLaterServerDown => {
            "Wait and send again later: the receiving server is down or unreachable."
        }
        RestoreServer => {
            "The recipient's administrator must bring the mail server back or fix its network."
        }
        TellServerRefuses => {
            "If it persists, tell the recipient by another channel that their mail server refuses mail."
        }
        ReachRecipientElsewhere => {
            "Reach the recipient another way: their mailbox is closed, inactive, disabled or suspended."
        }
        ReactivateMailbox => {
            "The recipient must reactivate the mailbox (or ask their administrator to) before mail can arrive."
        }
        StopUntilActive => "Stop sending to this address until it is confirmed active again.",
        RecheckDomain => "Re-check the domain part of the address for typos.",
        LookupRecipientMx => {
            "Run an MX lookup on the recipient's domain: if it has no MX record or the MX host does not answer, the domain cannot receive mail."
        }
        FixMxRecords => {
            "The recipient's administrator must fix the domain's MX records (and the hosts they point to)."
        }
        TellDomainCannotReceive => {
            "Tell the recipient by another channel that their domain cannot receive mail."
        }
        RetryLaterMailboxFull => "Send again later: the recipient's mailbox is full.",
        FreeMailboxSpace => "The recipient must delete mail or get more storage.",
        ReachIfStaysFull => {
            "If it stays full for days, reach the recipient another way: the mailbox may be abandoned."
        }
        SendAsLink => {
            "Send the attachment as a link (file-sharing service) or split it into smaller messages."
        }
        CompressAttachments => "Compress large attachments before sending.",
        SendSlower => "Send to fewer recipients at a time, or send more slowly.",
        ThrottleToLimits => {
            "Check the sending limits of your server and of the receiver, and throttle to stay within them."
        }
        RemoveRefusedContent => {
            "Remove what the receiver refused (attachment type, macros, malformed headers) and send again."
        }
        WriteCompliantMessages => {
            "Make sure your mail software writes standards-compliant messages (RFC 5322 headers, line length, encoding)."
        }
        FixSendingServer => {
            "The receiving server did not accept a command from your server (its HELO name, an option such as SMTPUTF8, a malformed address): fix the sending server's configuration."
        }
        CheckAddressCharacters => {
            "Check the recipient address for characters the receiver may not accept (non-ASCII, quotes, spaces)."
        }
        FixDeliveryProgram => {
            "The recipient's administrator must fix the local delivery program (procmail, pipe, alias) that failed."
        }
        TellRecipientSendLater => {
            "Tell the recipient by another channel; send again once it is fixed."
        }
        CheckTls => {
            "Check the TLS setup on both ends (certificates, protocol versions, ciphers); the receiver may require TLS your server did not offer."
        }
        VerifySenderIdentity => {
            "Verify the From address or its domain with the service you send through (its identity or sender verification page), then send again."
        }
        AskAccessListEntry => {
            "Ask the recipient's postmaster to allow your address or domain in their server's access list; meanwhile reach the recipient from another address."
        }
        SplitRecipientList => {
            "Send the message to fewer recipients at a time (split the list, or use a mailing-list service)."
        }
    }
}

pub(super) fn actor(a: Actor) -> &'static str {
    match a {
        Actor::Sender => "You (the sender)",
        Actor::SenderAdmin => "Your mail administrator",
        Actor::Recipient => "The recipient",
        Actor::RecipientAdmin => "The recipient's mail administrator",
    }
}

pub(super) fn cause_title(c: Smtp550Cause) -> &'static str {
    use Smtp550Cause::*;
    match c {
        RecipientTypo => "Typo in the recipient address",
        NonexistentMailbox => "The address does not exist",
        SpamFilter => "Blocked by the recipient's spam filter",
        OutboundFilter => "Held by your own outbound filter",
        AuthFailure => "Authentication failed",
        ServerDown => "The receiving server is down",
        DisabledMailbox => "The mailbox is closed or suspended",
        BadMx => "The recipient's domain cannot receive mail",
    }
}

pub(super) fn cause_explain(c: Smtp550Cause) -> &'static str {
    use Smtp550Cause::*;
    match c {
        RecipientTypo => "The address looks mistyped, so no mailbox has that name.",
        NonexistentMailbox => {
            "The address is typed right, but the recipient's server has no such mailbox (any more)."
        }
        SpamFilter => {
            "The recipient's anti-spam filter, firewall or a blocklist it uses refused the message."
        }
        OutboundFilter => "Your own mail server or provider refused to send the message out.",
        AuthFailure => {
            "The SMTP login of your mail program, or the SPF, DKIM or DMARC check of your domain, failed."
        }
        ServerDown => {
            "The recipient's mail server is down, cannot be reached, or did not answer in time."
        }
        DisabledMailbox => "The mailbox exists but is closed, inactive, disabled or suspended.",
        BadMx => "The recipient's domain does not exist, or its MX records are missing or wrong.",
    }
}

pub(super) fn reason_title(r: Reason) -> &'static str {
    use Reason::*;
    match r {
        AuthFailure => "Sender authentication failed",
        BadReputation => "Poor sender reputation",
        Blocked => "Sending server blocked",
        ContentError => "Content refused",
        Delivered => "Delivered",
        EmailTooLarge => "Message too large",
        Expired => "Delivery timed out",
        FailedStartTls => "Encryption (TLS) failed",
        Feedback => "Spam complaint",
        Filtered => "Filtered by the recipient",
        HasMoved => "Address has moved",
        HostUnknown => "Unknown domain",
        MailboxFull => "Mailbox full",
        MailerError => "Local delivery program failed",
        NetworkError => "Network error",
        NoRelaying => "Relaying denied",
        NotAccept => "Domain accepts no mail",
        NotCompliantRfc => "Message not standard-compliant",
        OnHold => "Delivery on hold",
        PolicyViolation => "Refused by policy",
        RateLimited => "Sending too fast",
        Rejected => "Sender address refused",
        RequirePtr => "No reverse DNS for the sending IP",
        SecurityError => "Security or login error",
        SpamDetected => "Judged to be spam",
        Suppressed => "On a suppression list",
        Suspend => "Mailbox suspended",
        SyntaxError => "SMTP command refused",
        SystemError => "Receiving system error",
        SystemFull => "Receiving system out of space",
        Undefined => "Reason not recognised",
        UserUnknown => "No such user",
        Vacation => "Automatic reply",
        VirusDetected => "Virus found",
    }
}

pub(super) fn reason_explain(r: Reason) -> &'static str {
    use Reason::*;
    match r {
        AuthFailure => {
            "The receiver could not confirm the mail came from your domain (SPF, DKIM or DMARC failed)."
        }
        BadReputation => {
            "The receiver distrusts the sending server or domain because of its reputation."
        }
        Blocked => {
            "The receiver refused the sending server itself: a blocklist, a missing reverse DNS or its own policy."
        }
        ContentError => {
            "The receiver refused something in the message: an attachment, a header or its content."
        }
        Delivered => "The message was delivered; this is a success notice, not a failure.",
        EmailTooLarge => {
            "The message is larger than the receiving server accepts, or over another of its limits for one message (such as the number of recipients)."
        }
        Expired => "The sending server kept trying for days and then gave up.",
        FailedStartTls => "The two servers could not agree on an encrypted (TLS) connection.",
        Feedback => "The recipient reported the message as spam; it was delivered.",
        Filtered => {
            "The recipient's server accepted the address, then a filter refused the message."
        }
        HasMoved => "The recipient has moved to another address.",
        HostUnknown => "The domain after the @ does not exist or has no mail server.",
        MailboxFull => "The recipient's mailbox is full.",
        MailerError => "The program that files mail into the recipient's mailbox failed.",
        NetworkError => {
            "The servers could not talk: a connection failed, DNS failed or mail went round in a loop."
        }
        NoRelaying => {
            "The server refused to pass the mail on: it does not handle mail for that domain, or you did not log in."
        }
        NotAccept => "The recipient's domain says it accepts no mail at all.",
        NotCompliantRfc => {
            "The message breaks the mail format standard (RFC 5322) and was refused."
        }
        OnHold => "Delivery is held and the reason is not known yet.",
        PolicyViolation => {
            "The receiver's policy refused the message, for example the sending domain's DMARC policy."
        }
        RateLimited => {
            "Too many messages or connections too quickly: the receiver (or your own provider) is limiting how fast you send."
        }
        Rejected => "The receiver refused the sender address.",
        RequirePtr => {
            "The sending server's IP address has no reverse DNS (PTR) name, so the receiver refused it."
        }
        SecurityError => "A login or security check failed between the servers.",
        SpamDetected => "The receiver's filter judged the message to be spam.",
        Suppressed => {
            "Your sending provider did not send it: the address is on its suppression list."
        }
        Suspend => "The recipient's mailbox is disabled or suspended.",
        SyntaxError => "The receiving server did not understand a command from the sending server.",
        SystemError => "The receiving mail system had an error of its own.",
        SystemFull => "The receiving mail system has run out of storage.",
        Undefined => "The bounce does not say clearly why the mail failed.",
        UserUnknown => "There is no mailbox by that name at the recipient's server.",
        Vacation => "An out-of-office or vacation reply, not a delivery failure.",
        VirusDetected => "The receiver found a virus in the message.",
    }
}
