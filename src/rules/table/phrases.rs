//! Phrase families, most specific reasons first.

use crate::cause::Reason::*;
use crate::cause::Smtp550Cause::{BadMx, OutboundFilter};
use crate::extract::Command;
use crate::rules::Rule;
use crate::rules::masks;

/// This section's rules, in priority order.
pub(super) const RULES: &[Rule] = &[
    Rule {
        id: "filtered.recipient-filter",
        reason: Filtered,
        commands: &[
            Command::Rcpt,
            Command::Data,
            Command::Bdat,
            Command::Mail,
            Command::Unknown,
        ],
        patterns: &[
            r"due to (a |the )?(local |recipient('s)? )?(content |message )?filter",
            r"(blocked|rejected|refused) by (the )?(recipient|user)('s)? (content |spam |mail |e-?mail )?(filters?|rules?|settings|preferences)",
            r"recipient (has )?(rejected|refused|blocked) (your|this|the) (message|mail)",
            r"sender (is )?(blocked|blacklisted|on the block ?list) by (the )?(recipient|user)",
            r"refused by (the )?recipient",
            r"due to recipient('s)? (preferences|settings)",
            r"not accepting (messages|mail) from",
            r"recipient does not accept mail from",
            r"message (was |has been )?(filtered|blocked) by (the |a |an |your )?(recipient|user|filter|content|spam|anti-?spam|rule|local|mail|e-?mail|mailbox)",
            r"user refuses? to accept",
            r"header (check|filter) (rejected|failed)",
            r"\bmessage (was |has been )?filtered\b",
            r"(rejected|refused|blocked) by (the )?(destination|recipient('s)?) (domain|server|system|site)",
            r"recipients? (was|were) rejected by (a |the )?remote (mail )?server",
        ],
        ..Rule::NEW
    },
    // The recipient (a person, not the server) refuses this sender: a
    // personal block list or a reject rule.
    Rule {
        id: "filtered.recipient-refuses-sender",
        reason: Filtered,
        patterns: &[
            r"rejected by (this|the) (user|recipient|addressee)",
            r"(recipient|user|addressee) (doesn't|does not|do not|don't) (want|wish to receive) (your|this|the|any) (mail|message|e-?mail)",
            r"(user's|recipient's) (personal )?(reject|block|black) ?list",
            r"vom empfänger (abgelehnt|blockiert|gesperrt)",
            r"(refusé|rejeté|bloqué) par le destinataire",
            r"(rechazado|bloqueado) por el destinatario",
            r"(recusad|rejeitad|bloquead)[oa] pelo destinatário",
            r"(rifiutat|bloccat)[oa] dal destinatario",
            r"(отклонен\w*|заблокирован\w*) получателем",
            r"(收件人|收信人)(已)?(拒绝|拒收|屏蔽)",
            r"受信者(が|により|によって)?(受信)?拒否",
        ],
        ..Rule::NEW
    },
    Rule {
        id: "requireptr.no-reverse-dns",
        reason: RequirePtr,
        patterns: &[
            r"(no|missing|without|invalid|bad|failed) (a )?(ptr|reverse dns|rdns|reverse (lookup|record|hostname)|reverse dns entry)",
            r"reverse (dns|lookup|hostname|name) (lookup |validation |check )?(failed|required|does not match|mismatch|not found)",
            r"(ptr|rdns) (record )?(required|lookup fail|not found|mismatch)",
            r"cannot find your (reverse )?host ?name",
            r"client host name (is )?(unknown|not found)",
            r"(ip|client) (address )?(has|with) no (ptr|reverse)",
            r"cannot resolve your (address|ip|hostname)",
            r"unresolvable (ip|client|hostname)",
            r"host name does not match (the )?ip",
            r"ip name lookup failed",
            r"fix reverse dns",
            r"unverifiable sending ips?|unverifyable sending ips?",
            r"bad dns ptr",
            r"mismatches client ip",
        ],
        ..Rule::NEW
    },
    Rule {
        id: "requireptr.status",
        reason: RequirePtr,
        status: masks!["*.7.25"],
        ..Rule::NEW
    },
    Rule {
        id: "notcompliantrfc.rfc5322",
        reason: NotCompliantRfc,
        patterns: &[
            // Not "rfc822;", the address type of a delivery-status field.
            r"rfc ?(2822|5322|5321|2821)|rfc ?822([^;0-9]|$)",
            r"(is )?not (compliant|conform) (with|to) (the )?rfc",
            r"multiple (from|to|subject|date|message-id|sender) (headers|fields)",
            r"multiple addresses in (from|sender)",
            r"(missing|invalid|malformed|duplicate) (required )?(header|from header|date header|message-id)",
            r"bare (lf|cr|linefeed|newline)",
            r"line (too long|length exceed)",
            r"(maximum|max) (allowed )?line length",
            r#"failing address in "?[a-z-]+:?"? header"#,
        ],
        ..Rule::NEW
    },
    // Greylisting: the receiver's anti-spam defers a sender it has not seen
    // before until it retries.
    Rule {
        id: "blocked.greylisted",
        reason: Blocked,
        patterns: &[
            r"gr[ea]y ?-?list(ed|ing)?\b",
            r"gr[ea]ylisting (aktiv|actif|activo|ativo|attivo)",
            r"(серый список|грейлист)",
            r"(灰名单|グレーリスト)",
        ],
        ..Rule::NEW
    },
    Rule {
        id: "badreputation.ip-reputation",
        reason: BadReputation,
        patterns: &[
            r"(poor|low|bad) (ip |sender |domain |sending )?reputation",
            r"reputation (of|for) (the )?(sending )?(ip|domain|sender)",
            r"ip reputation",
            r"very low reputation",
            r"sender reputation",
            r"\buntrusted (ip|sender|source|host|network|server)",
        ],
        ..Rule::NEW
    },
    // The sending IP address blocked or listed, in the words of other
    // languages: before the refused sender and the disabled account, whose
    // words ("expéditeur", "bloquée", "gesperrt") it shares.
    Rule {
        id: "blocked.ip-address",
        reason: Blocked,
        patterns: &[
            r"\bip(v[46])?[- (\[=:].{0,40}(gesperrt|blockiert|bloqu|bannie?\b|bloccat|bannat|заблокирован|запрещ|被拒绝|被拒|限制|封禁|屏蔽|拒否|ブロック|lista negra|liste noire|lista nera|schwarze liste|sperrliste|ч[её]рн\w* спис|黑名单|黑名單|ブラックリスト|czarnej liście|zablokowan|zwarte lijst|geblokkeerd|kara liste|engellen|svartlist|blockerad|spärrad|danh sách đen|bị chặn)",
            // No `\b`: a CJK letter before "IP" is a word character.
            r"(^|[^a-z0-9])ip ?(アドレス|地址|位址).{0,20}(ブロック|拒否|拒絶|制限|被拒|封禁|屏蔽|限制)",
            // Korean, likewise without `\b`.
            r"(^|[^a-z0-9])ip ?(주소)?.{0,20}(차단|블랙리스트|거부)",
        ],
        ..Rule::NEW
    },
    Rule {
        id: "rejected.sender-refused",
        reason: Rejected,
        commands: &[Command::Mail, Command::Data, Command::Unknown],
        patterns: &[
            r"sender (address |domain )?(rejected|refused|denied|blocked|invalid|unknown|verify failed|verification failed)",
            r"(rejected|refused|blocked|denied) sender",
            r"(sender|from) (address |domain )?(does not|doesn't) exist",
            r"domain of sender address .* does not (exist|resolve)",
            r"(invalid|unknown|unverifiable|bad) (sender|from|return|envelope) (address|domain|path)",
            r"sender (domain|address) (must|should) (exist|resolve)",
            r"(mail from|envelope sender|return path) (address )?(rejected|refused|invalid)",
            r"your (address|domain) (is|has been) (rejected|blocked|blacklisted)",
            r"administrative prohibition",
            r"access denied",
            r"you are not allowed to (send|post)",
            r"not allowed to post",
            r"sender (is )?not (allowed|permitted)",
            r"sender address has null mx",
            // A message that claims to come from its own recipient (spoofing).
            r"(cannot|can ?not|can't|may not) send (e-?mails?|mails?|messages?) to yourself",
            r"sender (address )?(is )?(the )?same as (the )?recipient",
        ],
        ..Rule::NEW
    },
    // The recipient's side refuses this sender's address or domain: a
    // block list of senders, a forged or banned sender.
    Rule {
        id: "rejected.sender-blocked",
        reason: Rejected,
        patterns: &[
            r"\bsender (address |domain )?(is )?(rejected|refused|denied|blocked|banned|blacklisted)",
            r"\b(sender|from address|sender address|sender domain) (is )?(on|in) (the |a |our |your )?(domain's |recipient's )?(black|block|deny|ban) ?list",
            r"blocked senders?\b",
            r"envelope (blocked|rejected)",
            r"sender('s)? (mx|dns|a) (records? )?(is )?(not allowed|invalid|rejected|refused|blocked|not permitted)",
            r"\bfake sender",
            r"invalid sender\b",
            r"(denied|banned|blocked) (sender|domain name|sender domain)",
            r"refused mail ?from",
            r"no access for this (domain|user|sender|address)",
            r"absender(adresse|domain)? (wurde |ist )?(abgelehnt|gesperrt|blockiert|zurückgewiesen)",
            r"expéditeur (refusé|rejeté|bloqué|interdit|non autorisé)",
            r"remitente (rechazado|bloqueado|no permitido|no autorizado)",
            r"remetente (rejeitado|bloqueado|recusado|não autorizado)",
            r"mittente (rifiutato|bloccato|non autorizzato)",
            r"отправител\w* (отклонен|заблокирован|запрещен)",
            r"发件人(地址)?(被拒绝|被拒收|被禁止|被屏蔽|在黑名单)",
            r"送信者(アドレス)?(が|は)?(拒否|ブロック)",
        ],
        ..Rule::NEW
    },
    // A null MX (RFC 7505) as MTAs report it.
    Rule {
        id: "notaccept.no-smtp-service",
        reason: NotAccept,
        patterns: &[
            r"(mx|srv) (or (srv|mx) )?records? (that )?indicated no smtp service",
            r"no smtp service",
            r"domain (has|publishes) a null mx",
        ],
        ..Rule::NEW
    },
    Rule {
        id: "notaccept.null-mx",
        reason: NotAccept,
        // "Not accepting messages from your network" at connection time is a block.
        commands: &[
            Command::Rcpt,
            Command::Mail,
            Command::Data,
            Command::Unknown,
        ],
        patterns: &[
            r"null mx",
            r"does not accept (any )?(e-?)?mail",
            r"(this|the) (domain|host|server) (does not|doesn't) (accept|receive) mail",
            r"not accepting (network )?messages",
            r"accepts no mail",
            r"(couldn't|could not|cannot|can't) find a mail exchanger",
            r"no mx record",
            r"(doesn't|does not|don't|do not) receive (e-?)?mail",
        ],
        ..Rule::NEW
    },
    Rule {
        id: "blocked.helo-rejected",
        reason: Blocked,
        patterns: &[
            r"my name was rejected",
            r"(helo|ehlo) (name |hostname |command )?(rejected|refused|invalid|not allowed)",
        ],
        ..Rule::NEW
    },
    Rule {
        id: "rejected.at-mail-from",
        reason: Rejected,
        commands: &[Command::Mail],
        patterns: &[
            r"does not exist",
            r"(address|domain|sender) (is )?(invalid|unknown|rejected|refused|blacklisted|not allowed)",
            r"not (a )?valid (address|domain|sender)",
        ],
        ..Rule::NEW
    },
    // A domain whose MX points back at the sending host: its MX records are
    Rule {
        id: "systemerror.directory-unavailable",
        reason: SystemError,
        patterns: &[
            r"(contact|reach|connect to) (the )?(ldap|directory|database) server",
            r"(ldap|directory|database) (server )?(error|failure|unavailable)",
            r"temporary lookup failure",
        ],
        ..Rule::NEW
    },
    // wrong, the article's eighth cause.
    Rule {
        id: "networkerror.mail-loop",
        reason: NetworkError,
        cause: Some(BadMx),
        patterns: &[
            r"loops back to myself",
            r"mx (list|records?) .{0,60}points? (back )?to (me|myself|this host|the local host)",
        ],
        ..Rule::NEW
    },
    Rule {
        id: "networkerror.dns-temporary",
        reason: NetworkError,
        status: masks!["4.*.*"],
        patterns: &[r"dns error", r"dns (lookup|query) (failed|timed out)"],
        ..Rule::NEW
    },
    // A loop in the receiving host's own aliases or forwards: its local
    // delivery setup is broken, not the domain's MX.
    Rule {
        id: "mailererror.alias-loop",
        reason: MailerError,
        patterns: &[
            r"\balias(ing|es)?( database| file| table)?(/forwarding)? loop",
            r"loops? (in|through|between) (the |its |local )*alias(es)?",
        ],
        ..Rule::NEW
    },
    // A loop between mail servers: an MX that points back at the sender, a
    // forward that returns, too many hops. The domain's MX (or routing) is
    // wrong, the article's eighth cause.
    Rule {
        id: "networkerror.routing-loop",
        reason: NetworkError,
        cause: Some(BadMx),
        patterns: &[
            r"(mail|routing|forwarding|delivery|message) loop",
            r"loop (was )?detected",
            r"too many hops",
            r"hop count exceeded",
            r"mx (record|host|list)s? .{0,60}points? (back )?to (the )?(local ?host|loopback|myself|me|this (host|server|machine))",
            r"mx (record|host|list)s? .{0,60}points? back to",
            r"(mail-?|e-?mail-?|nachrichten)schleife",
            r"boucle (de messagerie|de courrier|détectée)",
            r"bucle (de correo|detectado)",
            r"(loop|laço) (de e-?mail|detectado)",
            r"(ciclo|loop) (di posta|rilevato)",
            r"(почтов\w* )?петл\w* (обнаружен|маршрутизации)",
            r"(邮件|路由)循环|循环(投递|转发)",
            r"(メール|配送)ループ|ループ(を)?検出",
        ],
        ..Rule::NEW
    },
    Rule {
        id: "networkerror.dns-failure",
        reason: NetworkError,
        patterns: &[
            r"(host|domain) not found, try again",
            r"malformed or unexpected name server reply",
            r"host name lookup failure",
            r"temporary (dns|name (service|server)) (failure|error)",
        ],
        ..Rule::NEW
    },
    Rule {
        id: "expired.status",
        reason: Expired,
        status: masks!["*.4.7"],
        ..Rule::NEW
    },
    // The message stayed queued past its lifetime.
    Rule {
        id: "expired.envelope-expired",
        reason: Expired,
        patterns: &[
            r"envelope (has )?expired",
            r"(message|mail) (has )?(expired|timed out) (in|on|from|while in) (the )?queue",
            r"zustellung.{0,30}(abgelaufen|zeitüberschreitung)|nachricht (ist )?abgelaufen",
            r"(délai|durée) (de (livraison|distribution) )?(expiré|dépassé)|message expiré",
            r"(mensaje|tiempo de entrega) (ha )?(expirado|caducado)",
            r"(mensagem|tempo de entrega) expirad[oa]",
            r"(messaggio|tempo di consegna) scadut[oa]",
            r"(срок|время) (доставки )?(истек|истёк)",
            r"(投递|发送|递送)超时|邮件(已)?过期",
            r"配送(期限|時間)(切れ|超過)|有効期限切れ",
        ],
        ..Rule::NEW
    },
    Rule {
        id: "expired.timed-out",
        reason: Expired,
        patterns: &[
            r"(connection|connect|session|smtp) (timed out|time-?out)",
            r"\btimed out\b",
            r"did not accept our requests to connect",
            r"(server|host) (did not|didn't|does not) respond",
            r"(will be|was|is being) retried",
            r"will (keep|continue) trying",
            r"could not find a gateway",
            r"have been failing for a long time",
            r"retry time(out)? (not reached|exceeded)",
            r"delivery time expired",
            r"message expired",
            r"not reachable within the allowed queue period",
            r"still undelivered after",
            r"not (been )?delivered within",
            r"could not be delivered for \d+",
            r"host not reachable",
        ],
        ..Rule::NEW
    },
    Rule {
        id: "hostunknown.no-such-domain",
        reason: HostUnknown,
        patterns: &[
            r"host (or domain name )?not found",
            r"(domain|host) (name )?(not found|does not exist|doesn't exist|is unknown|lookup failed)",
            r"(domain|host) [a-z0-9-]+(\.[a-z0-9-]+)+\.? (was )?(not found|does not exist|doesn't exist|is unknown)",
            r"unknown (host|domain)",
            r"host unknown",
            r"no such (host|domain)",
            r"name or service not known",
            r"nxdomain",
            r"(name server|dns) (error|failure).{0,40}(non-?existent|not exist)",
            r"unrouteable (mail )?domain",
            r"domain (is )?(invalid|not valid)|invalid domain",
            r"(mx|a) record (for|of) .{0,80} (does not exist|not found)",
            r"recipient domain .{0,40} (not found|does not exist|unknown)",
            r"domain (name )?does not accept mail",
            r"domaine inexistant|domain existiert nicht|dominio (inexistente|no existe)",
            r"account or domain may not exist",
            r"domain is not reachable",
            r"no route (found )?to domain",
            r"mx records? points? to non-?existent hosts?",
            r"no mx or a records?",
            r"no (dns|mx|a|address) records? (found |exist )?for (the |this |that )?(recipient('s)? |destination )?domain",
            r"no (mx|a|aaaa)( records?)? (and|or|nor) (no )?(a|aaaa|mx)( ?/ ?aaaa)?( records?)?\b",
            r"reserved (by|per|under|in) rfc ?(2606|6761|6762)",
            r"(reserved|special-use) (domain|tld|top-level domain)( name)?",
            r"couldn't find any host",
            r"(^|\s)[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)*\.[a-z]{2,} does not exist",
        ],
        ..Rule::NEW
    },
    Rule {
        id: "contenterror.malformed-mime",
        reason: ContentError,
        patterns: &[
            r"(malformed|invalid|broken|bad) mime",
            r"mime (structure|syntax|boundary) (error|invalid|malformed)",
            r"(invalid|illegal|bad) (character set|charset|content-transfer-encoding|encoding)",
            r"(multi-?part|mime) (messages?|parts?|content|structure)( \S+)? (are |is )?(rejected|refused|not (allowed|accepted|permitted))",
        ],
        ..Rule::NEW
    },
    // A filter that judged the message "spam or virus" names spam first and
    // found no particular virus: a spam verdict.
    Rule {
        id: "spamdetected.spam-or-virus",
        reason: SpamDetected,
        patterns: &[
            r"\b(spam|junk)( mail)? ?(or|and|/|&) ?(a )?(virus|malware)",
            r"(spam|junk)[- ]?(or|and|/|&)[- ]?(virus|malware) (filter|check|scan)",
        ],
        ..Rule::NEW
    },
    Rule {
        id: "virusdetected.malware",
        reason: VirusDetected,
        patterns: &[
            r"virus",
            r"malware",
            r"infected",
            r"(dangerous|harmful|executable|prohibited|malicious) (attachment|content|file|payload|link|code)",
            r"(attachment|file) type (is )?(not allowed|prohibited|blocked)",
            r"phishing",
        ],
        ..Rule::NEW
    },
    // A receiver that refuses attachments, or some kinds of them, by its
    // policy (an executable or dangerous file is the malware rule's above).
    Rule {
        id: "policyviolation.attachment-policy",
        reason: PolicyViolation,
        patterns: &[
            r"(illegal|forbidden|banned|disallowed|unacceptable|unauthori[sz]ed|restricted) (file )?attachments?",
            r"attachments?\b.{0,30}\b(not (allowed|permitted|accepted)|prohibited|forbidden|banned|disallowed)",
            r"not accept(ing|ed)? (mail|messages|e-?mails) with (\w+ )?(attachments|files)",
            r"attachment (policy|guidelines|restrictions?|rules)",
            r"(file ?name|file extension|extension)s? (is |are )?(not (allowed|permitted|accepted)|prohibited|forbidden|banned|blocked)",
            r"(datei)?(anhang|anhänge|anlage)\w* .{0,30}(nicht (erlaubt|zulässig|gestattet)|verboten|gesperrt|blockiert)|(unzulässig|verboten|gesperrt)\w* (datei)?(anhang|anhänge|anlage)",
            r"pi[eè]ces? jointes? .{0,30}(interdite?s?|non autoris[eé]e?s?|bloqu[eé]e?s?|refus[eé]e?s?)|(interdite?s?|non autoris[eé]e?s?) .{0,10}pi[eè]ces? jointes?",
            r"adjuntos? .{0,30}(no (est[aá]n? )?(permitidos?|autorizados?)|prohibidos?|bloqueados?)",
            r"anexos? .{0,30}(n[aã]o (s[aã]o )?(permitidos?|autorizados?)|proibidos?|bloqueados?)",
            r"allegat[oi] .{0,30}(non (sono )?(consentit|permess|ammess)[oi]|vietat[oi]|bloccat[oi])",
            r"вложени\w* .{0,30}(запрещ|не разрешен|не допуска|заблокирован)|(запрещ[её]нн|недопустим)\w* вложени",
            r"附件.{0,8}(不允许|禁止|违规|非法|不被允许|被拒)|(非法|违规|禁止的?)附件",
            r"添付(ファイル)?.{0,10}(禁止|許可されていません|受け付けていません|拒否|ブロック)",
        ],
        ..Rule::NEW
    },
    // The sender's own provider will not send what it judges spam.
    Rule {
        id: "spamdetected.outbound-spam",
        reason: SpamDetected,
        cause: Some(OutboundFilter),
        patterns: &[
            r"(cannot|can't|could not|will not|won't) be sent because .{0,40}(spam|unsolicited)",
            r"spam (limit|quota) (exceeded|reached)",
            r"(outgoing|outbound) (message|mail|e-?mail) .{0,30}(looks like|considered|identified as|classified as) spam",
        ],
        ..Rule::NEW
    },
    // Listed on a block list: the list, not the content's spam score, is
    // why (its notice often says "spam" too).
    Rule {
        id: "blocked.listed-on-blocklist",
        reason: Blocked,
        patterns: &[
            r"(listed|is|are) (in|on|at) (a |the |our |an )?(dns ?)?(black ?list|block ?list|dnsbl|rbl)",
            r"(blacklisted|blocklisted|listed) (at|by|on|in) [a-z0-9.-]+\.[a-z]{2,}",
        ],
        ..Rule::NEW
    },
    Rule {
        id: "spamdetected.content-spam",
        reason: SpamDetected,
        patterns: &[
            r"(message|mail|content|e-?mail)( was| is| has been)? (identified|detected|classified|considered|rejected|blocked|flagged|marked|determined|scored|rated)( as| to be)? (as )?(likely )?(spam|junk|unsolicited|bulk)",
            r"(spam|junk|unsolicited|bulk) (mail|message|email|content)( (was|is) )?(detected|rejected|refused|blocked|not accepted)",
            r"(looks|appears|seems) (like|to be) (spam|unsolicited)",
            r"spam (score|scoring|filter|detected|check|content|message|signature|rejection)",
            r"(high|excessive) spam",
            r"probable spam",
            r"spam ?signature",
            r"(suspect|suspected|suspicious|questionable) (message )?content",
            r"rejected as spam",
            r"classified as (spam|bulk)",
            r"spam not accepted",
            r"content filter",
            r"message content rejected",
            r"\bubec?\b",
            r"迷惑メール|スパム",
            r"als spam|est du spam|como spam|como correo no deseado|come spam|как спам|spam\s*邮件|垃圾邮件",
        ],
        ..Rule::NEW
    },
    // A block for a stated time ("blocked for the day", "banned for 24
    // hours"): the sender is blocked, whatever rate or spam led to it.
    Rule {
        id: "blocked.for-a-period",
        reason: Blocked,
        patterns: &[
            r"\b(blocked|banned|blacklisted|blocklisted) for (the (day|hour|next \w+)|an? (day|hour|while|period)|\d+ ?(min(ute)?s?|h(ou)?rs?|hours?|days?)\b)",
        ],
        ..Rule::NEW
    },
    Rule {
        id: "ratelimited.connections",
        reason: RateLimited,
        patterns: &[
            r"too many (concurrent |simultaneous |open )?(connections|sessions)",
            r"too many recipients",
            r"recipient limit exceeded",
            r"connection rate limit",
            r"connection (limit|rate) (exceeded|reached)",
            r"too many smtp sessions",
            r"max(imum)? (number of )?connections",
            r"(max(imum)?|too many|number of) (number of )?(messages|recipients|mails|e-?mails|domains|connections|rcpts?) per (session|connection|transaction)",
            r"per (session|connection|transaction) (limit )?(exceeded|reached)",
            r"(size|limit|count) per (transaction|session|connection) (exceeded|reached)",
            r"(thread|concurrency|session) limit (exceeded|reached)",
            r"too much recipients?",
            r"(try|send) (this|the|these|remaining) recipients? in a (separate|new|later|different) (transaction|session|connection)",
        ],
        ..Rule::NEW
    },
    Rule {
        id: "ratelimited.rate-limit",
        reason: RateLimited,
        patterns: &[
            r"rate (limit|limited|exceeded)",
            r"too many (messages|emails|mails) (from|in|sent)",
            r"(sending|message) rate",
            r"try again later.{0,40}(volume|rate)",
            r"exceeded (the )?(message|sending) rate",
            r"exceeded (the |its |your )?(connection|session|sending|hourly|recipient) (limit|rate|count)",
            r"exceeded (the |its |your )?(permitted|allowed|maximum) (limits?|rate|number)",
        ],
        ..Rule::NEW
    },
    // Too many, too fast: the receiver limits the rate of a sender, a
    // recipient or a connection.
    Rule {
        id: "ratelimited.too-many-too-fast",
        reason: RateLimited,
        patterns: &[
            r"receiving (mail|messages|e-?mails?) (too (quickly|fast)|at (a|too high a) rate)",
            r"(received|receiving|getting) too (much|many) (mail|e-?mails?|messages)",
            r"(sent|sending|send) too many (messages|mails|e-?mails|recipients)",
            r"(sent|sending|send) too much (mail|e-?mail)",
            r"rate of (delivery|sending|messages|mail|connections)\b.{0,30}\b(exceeded|too high)",
            r"too many (messages|mails|e-?mails|recipients|connections|sessions) (from|in|this|per|for|at)",
            r"exceede?d? (the )?max(imum)? number of (messages|mails|e-?mails|recipients|connections) per",
            r"(message|mail|sending|connection|delivery) (frequency|rate)\b.{0,30}\b(too high|exceeded|limit (exceeded|reached))",
            r"(message|mail|sending|connection) (frequency|rate) limit",
            r"\b(ip|sender|sending|connection|message|mail)s? (frequency|rate) (is )?(limit(ed)?|restricted|controlled|over the limit)",
            r"(connections|messages|mails|e-?mails|sending|delivery) (from|for) (your|this) (ip|host|server|address|account) (are|is) (being )?(limited|restricted|throttled|rate[- ]limited)",
            r"(mail|message|e-?mail) flood",
            r"(sending|delivering) too (fast|quickly)",
            r"zu viele (nachrichten|e-?mails|mails|verbindungen|empfänger)",
            r"trop de (messages|courriels|mails|connexions|destinataires)",
            r"demasiad[oa]s (mensajes|correos|conexiones|destinatarios)",
            r"(muitas|excesso de) (mensagens|e-?mails|conexões|destinatários)",
            r"troppi (messaggi|destinatari)|troppe (connessioni|email|e-mail)",
            r"слишком много (писем|сообщений|соединений|подключений|получателей)",
            r"(发送|发信|收信|投递|连接)(频率|速度)?.{0,4}(过快|过高|过于频繁|太快|太频繁)|(频率|頻率)(限制|过高|超限)|连接数(过多|超过)",
            r"(送信|受信|接続)(数|頻度|回数)?が?(多すぎ|上限|制限)",
            r"ส่ง.{0,20}(มากเกินไป|เร็วเกินไป)",
        ],
        ..Rule::NEW
    },
    Rule {
        id: "blocked.blocklist",
        reason: Blocked,
        patterns: &[
            r"dnsbl|\brbl\b|blocklist\.de|psbl|mailspike|truncate\.gbudb|invaluement|spam-rbl|surbl|uribl|senderscore|backscatterer|nordspam|hostkarma|0spam|spamrats|dronebl|s5h\.net",
            r"(black|block|deny|ban|ip ?black)[ -]?list(ed)?",
            r"(listed|found) (in|on|at) (a |the )?(dns)?(bl|blacklist|blocklist|rbl)",
            r"(client|sending|your|remote) (host|ip|server|address)( address)?.{0,60}(blocked|rejected|refused|denied|banned|listed)",
            r"(blocked|rejected|refused) using ",
            r"(blocked|rejected|listed) by [a-z0-9-]+(\.[a-z0-9-]+)+\b",
            // Not "Connection refused by mx.example.org": a host that did not answer.
            r"(message|mail|e-?mail|sender|address|ip|client|host|domain|access|you)( is| was| has been| are)? refused by [a-z0-9-]+(\.[a-z0-9-]+)+\b",
            // "192.0.2.7 has been blocked": the sending address by number.
            r"\b\d{1,3}(\.\d{1,3}){3}\]? (is |has been |was )?(blocked|banned|blacklisted|blocklisted)",
            r"your access .{0,60}(has been |is |was )?(rejected|denied|refused|blocked)",
            r"access (refused|rejected|denied|blocked)",
            r"connection (rejected|denied|blocked)",
            r"(ip|host|address) (is |has been )?(blocked|banned|blacklisted|listed)",
            r"service (is )?unavailable.{0,40}(client host|blocked|listed)",
            r"dynamic(ally)? (assigned )?(ip|address|dial)",
            r"(dial-?up|residential|consumer) (ip|address|range|connection)",
            r"not (accepting|allowed|permitted) (mail|connections|messages) from (your|this) (ip|host|server|network)",
            r"your (ip|host|server|network) (is|has been)",
            r"block(ed)? for (abuse|spam)",
            r"(use|relay through) (the )?(smtp|mail) server of your (isp|provider)",
            r"not accepting connections",
            r"refused to talk to me",
            r"\bsc-00[1-4]\b",
            // "554 IP=192.0.2.1 - <explanation> (BL)": the client IP, tagged
            // as block-listed.
            r"\bip=\S+ - .{0,200}\(bl\)",
            // "(ann@example.org:blocked)": the recipient, tagged as blocked.
            r"\S@\S+:blocked\)",
            r"(invalid|unauthori[sz]ed|not (allowed|permitted)) ip\b",
        ],
        ..Rule::NEW
    },
    // The bare word: a refusal that mentions spam without a verdict on the
    // message. Narrower families (a rate, a block of the sending host) that
    // mention spam only as their reason or in a conditional come first.
    Rule {
        id: "spamdetected.spam-word",
        reason: SpamDetected,
        patterns: &[r"\bspam\b", r"unsolicited"],
        ..Rule::NEW
    },
    Rule {
        id: "blocked.connection-stage",
        reason: Blocked,
        commands: &[Command::Conn, Command::Ehlo, Command::Helo],
        patterns: &[r"reject|refuse|denied|not (allowed|permitted|accepted)|go away|policy"],
        ..Rule::NEW
    },
    // A 554 whose whole text is a host name: the greeting of a server that
    // refuses this client outright (IronPort and others answer so).
    Rule {
        id: "blocked.bare-554-greeting",
        reason: Blocked,
        reply: &[554],
        patterns: &[
            r"^\s*(\d{3}[ -])?(\d\.\d{1,3}\.\d{1,3} )?[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)+\.?\s*$",
            r"\b554[ -](\d\.\d{1,3}\.\d{1,3} )?[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)+\.?\s*$",
        ],
        ..Rule::NEW
    },
    // A policy refusal that says what it was based on: the sending IP or
    // client is a block, the sender's domain a refusal of the sender.
    Rule {
        id: "blocked.ip-based-policy",
        reason: Blocked,
        patterns: &[
            r"\b(ip|client|host|connection|network)[- ]based (policy|restriction|rule|block|reject)",
            r"polic(y|ies)( restrictions?)? \((sending )?(ip|client|host|network)[- ]based\)",
        ],
        ..Rule::NEW
    },
    Rule {
        id: "rejected.domain-based-policy",
        reason: Rejected,
        patterns: &[
            r"\b(sender|from)?[- ]?domain[- ]based (policy|restriction|rule|block|reject)",
            r"polic(y|ies)( restrictions?)? \((sender |from )?domain[- ]based\)",
        ],
        ..Rule::NEW
    },
    // A notice that blames the receiving side's set-up for its refusal
    // (Gmail's "the remote server is misconfigured", written when that
    // server answered "relay access denied"): the domain's MX does not take
    // its mail.
    Rule {
        id: "norelaying.remote-misconfigured",
        reason: NoRelaying,
        cause: Some(BadMx),
        patterns: &[
            r"(remote|recipient'?s?|destination|receiving) (mail |e-?mail |smtp )?server (is|was) (misconfigured|not configured|set up wrong)",
            r"misconfigured (remote|destination|receiving|recipient'?s?) (mail |e-?mail |smtp )?server",
        ],
        ..Rule::NEW
    },
    Rule {
        id: "policyviolation.policy",
        reason: PolicyViolation,
        patterns: &[
            r"(violat\w* (of )?|against |by |due to |per |under )(our |the |local |site |security |email |mail |sending |organi[sz]ation(al|'s)? |company |corporate )*(polic(y|ies)|terms|rules|guidelines|acceptable use)",
            r"polic(y|ies) (violation|restriction|reasons|rejection|rule)",
            r"not (allowed|permitted|authori[sz]ed) by (the |our )?(policy|administrator)",
            r"prohibited by (policy|administrator)",
            r"message (not accepted|refused|rejected) for policy reasons",
            r"\bpolicy\b",
            r"header error",
            r"protocol violation",
            r"content presents a potential",
        ],
        ..Rule::NEW
    },
    Rule {
        id: "contenterror.content",
        reason: ContentError,
        patterns: &[
            r"(content|header|mime) (rejected|refused|not allowed|invalid)",
            r"(illegal|invalid|malformed|broken|bad) (mime|content|character|header|attachment|encoding)",
            r"(8bit|8-bit|non-ascii) (data|characters)",
            r"message (contains|has) (invalid|illegal|prohibited)",
            r"header (too long|syntax)",
            r"(banned|prohibited|forbidden|disallowed) (content|attachment|file (type|name|extension))",
        ],
        ..Rule::NEW
    },
    // TLS between the servers: required, refused, or a certificate that does
    // not verify. Not sender authentication: no SMTP AUTH or SPF fix helps.
    Rule {
        id: "failedstarttls.negotiation",
        reason: FailedStartTls,
        patterns: &[
            r"starttls (failed|error|negotiation)",
            r"tls (handshake|negotiation) (failed|error)",
            r"(could|can)( ?not|'t) (start|negotiate|establish) tls",
            r"(does not|doesn't|do not) (support|offer) (starttls|tls)",
            r"(must|need to|required to) (issue a )?starttls",
            r"(encryption|tls) (is )?required",
            r"certificate .{0,60}(could not be|not|cannot be) (verified|validated|trusted)",
            r"certificate (verification|validation) (fail|error)",
            r"(weak|unsupported|too weak) (cipher|encryption|tls)",
            r"must support (starttls|tls)",
            r"starttls[- ]not[- ]supported",
        ],
        ..Rule::NEW
    },
    // DANE and DNSSEC: the destination's TLSA or DNSSEC records do not
    // validate, so TLS to it cannot be trusted. A matter between the
    // servers, like the TLS failures above, not sender authentication.
    Rule {
        id: "failedstarttls.dane-dnssec",
        reason: FailedStartTls,
        patterns: &[
            r"\bdane\b.{0,40}(fail|invalid|validation|mismatch)",
            r"\btlsa\b.{0,40}(fail|invalid|mismatch|record)",
            r"\bdnssec\b.{0,40}(fail|invalid|bogus|validation)",
        ],
        ..Rule::NEW
    },
    Rule {
        id: "securityerror.policy-or-mechanism",
        reason: SecurityError,
        patterns: &[
            r"(weak|unsupported|too weak) authentication mechanism",
            r"security (policy|error|violation|reasons)",
            r"unauthenticated senders? (are )?not allowed",
            r"turn on smtp auth",
            r"insecure",
        ],
        ..Rule::NEW
    },
    Rule {
        id: "systemfull.storage",
        reason: SystemFull,
        patterns: &[
            r"(insufficient|not enough|out of) (system )?(storage|disk space|space)",
            r"(disk|file ?system|spool) (is )?full",
            r"mail system full",
            r"no space left on device",
        ],
        ..Rule::NEW
    },
    Rule {
        id: "networkerror.connect-failed",
        reason: NetworkError,
        patterns: &[
            r"(connection|connect) (timed out|time-?out|refused|reset|closed|lost|failed|dropped)",
            r"(could|can)( ?not|'t) (connect|establish (a )?connection|open (a )?connection)",
            r"(unable|failed) to (connect|establish)",
            r"network (is )?unreachable|no route to host|host unreachable",
            r"lost connection",
            r"(dns|name server|nameserver) (error|failure|lookup (failed|failure|error)|timeout|problem)",
            r"temporary (dns|lookup) (failure|error)",
            r"(malformed|invalid|bad|no) (mx|dns) (record|response|answer)",
            r"host (is )?(down|unreachable|not responding)",
            r"(server|host) (did not|didn't|does not) respond",
            r"no (mx|mail exchanger) (host|record)s? (for|found)",
            r"all mx (hosts|servers) (are )?(unreachable|down|failed)",
            r"timeout",
            r"timed out",
        ],
        ..Rule::NEW
    },
    Rule {
        id: "expired.gave-up",
        reason: Expired,
        patterns: &[
            r"retry (time|timeout|period) (exceeded|expired|reached)",
            r"(has been|was|were) (delayed|undeliverable|queued|in the queue) (for|over|more than) ",
            r"(message|mail) (expired|timed out|has been queued too long)",
            r"(too long|too many days|delivery time expired|time ?out) (in|on|for) (the )?(queue|delivery)",
            // Not qmail's "Giving up on 192.0.2.1.", written after every
            // permanent refusal.
            r"(gave|given) up",
            r"(retries|retrying|attempts), giving up",
            r"giving up after",
            r"giving up\.?$",
            r"(could not|couldn't|unable to) deliver for (the last )?\d+",
            r"could not be delivered (for|within) ",
            r"maximum (delivery )?(time|age|retry)",
            r"delivery (time|period) (expired|exceeded)",
            r"message (is )?(too old|expired)",
            r"(unable|failed) to deliver .{0,40} (for|within|in) \d+ (days|hours)",
            r"queue(d)? (too long|timeout|lifetime)",
            r"delivery (was )?not completed .{0,40}(days|hours)",
        ],
        ..Rule::NEW
    },
    // Other "AUP#" codes (Charter/Spectrum's AUP#In-1310, AUP#I-1010, ...):
    // refused under the receiver's acceptable-use policy, which means the
    // sending host or sender is blocked. After the sender and host
    // rules (a text that says "sender rejected" decides), before a server
    // failure: the code says the refusal was meant.
    Rule {
        id: "blocked.aup-code",
        reason: Blocked,
        patterns: &[r"\baup#\s?[a-z]{0,4}-?\d{3,5}\b"],
        ..Rule::NEW
    },
    Rule {
        id: "systemerror.server-failure",
        reason: SystemError,
        patterns: &[
            r"(local|internal|server|system|temporary) (error|failure|problem) (in processing|occurred|on the server)",
            r"(system|server|internal|local) (error|failure)",
            r"temporary (domain|host|server|system) (failure|error|problem)",
            r"no (healthy |available |working )?(secondary |backup )?(server|host)s? (is |are |was |were )?available",
            r"(temporary|temporarily) (unavailable|failure|problem|error)",
            r"service (not available|unavailable|temporarily|currently unavailable)",
            r"try again later",
            r"(mail )?server (is )?(busy|overloaded|not available|unavailable)",
            r"resources (temporarily )?unavailable",
            r"unexpected (error|failure)",
            r"(configuration|config) error",
            r"mail (transport|delivery) (is )?unavailable",
            // A filtering appliance whose licence ran out stops taking mail.
            r"licen[cs]e (has )?(expired|lapsed)|(expired|invalid) licen[cs]e",
        ],
        ..Rule::NEW
    },
    Rule {
        id: "syntaxerror.protocol",
        reason: SyntaxError,
        patterns: &[
            r"syntax error",
            r"command (not recognized|unrecognized|not implemented)",
            r"unrecognized command",
            r"bad sequence of commands",
            r"need (rcpt|mail|helo|ehlo|data)\b",
            r"(parameter|command) not implemented",
            r"unsupported (option|parameter|extension)",
            r"(no )?commands? (are )?(not )?allowed to pipeline|pipelining (is )?not (allowed|permitted)",
            r"(user|recipient|mailbox|sender) address (is )?required",
        ],
        ..Rule::NEW
    },
    // A notice that says only that the address may be wrong: InterScan
    // Messaging Security Suite's "Unable to deliver message to <a@b> (and
    // other recipients in the same domain)", "Please check if the address is
    // correct". Late in the table: any other explanation wins.
    Rule {
        id: "userunknown.check-address",
        reason: UserUnknown,
        patterns: &[
            r"please (check|verify|confirm) (if|that|whether) (the )?(e-?mail |recipient('s)? )?address(es)? (is|are) (correct|valid|right)",
            r"unable to deliver (the )?message to \S+ \(and other recipients in the same domain\)",
        ],
        ..Rule::NEW
    },
    Rule {
        id: "filtered.refused-generic",
        reason: Filtered,
        patterns: &[
            r"(message|mail|email) (was )?(rejected|refused|denied|not accepted|blocked)",
            r"rejected",
            r"refused",
            r"denied",
        ],
        commands: &[Command::Data],
        ..Rule::NEW
    },
];
