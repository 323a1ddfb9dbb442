//! The broader keyword stage: a second table, consulted only where the main
//! table (`super::table`) decides nothing or decides from a generic status
//! or reply code alone. Its rules look for one clear word family ("unknown"
//! next to "user", "full" next to "mailbox", a blocklist, SPF) in the
//! languages servers write, with fewer conditions than the main table's
//! phrases. Their ids, `keywords.*`, say that the decision is a weaker one.
//!
//! Order is priority, as in the main table: the narrower families (a domain
//! that does not exist, a full mailbox, a rate) come before the broader ones
//! that share their words (an unknown user, a block).

use super::Rule;
use crate::cause::Reason::*;
use crate::cause::Smtp550Cause::{BadMx, OutboundFilter, RecipientTypo};

/// The keyword rules, in priority order.
pub(super) const KEYWORDS: &[Rule] = &[
    // A limit of the sender's own account or relay: its daily sending quota,
    // its submission rate.
    Rule {
        id: "keywords.outbound-limit",
        reason: RateLimited,
        cause: Some(OutboundFilter),
        patterns: &[
            r"\b(sending|send|submission|relay|outbound|outgoing) (quota|limit|rate)",
            r"(发送|發送|发信|送信)(额度|配额|上限|数量)",
        ],
        ..Rule::NEW
    },
    // The sender's own provider refusing to send: before "blocked" and
    // "limit", which it shares.
    Rule {
        id: "keywords.outbound",
        reason: Rejected,
        cause: Some(OutboundFilter),
        patterns: &[
            r"\boutbound\b",
            r"outgoing (e-?mail|mail|message)s?\b",
            r"(ausgehende|sortants?|saliente|de saída|in uscita|исходящ)",
            r"(发信|外发|送信)(功能)?.{0,10}(受限|被限制|被禁止|停止|ブロック|制限)",
        ],
        ..Rule::NEW
    },
    // A loop between mail servers: the domain's MX (or a forward) points
    // back along the path.
    Rule {
        id: "keywords.loop",
        reason: NetworkError,
        cause: Some(BadMx),
        patterns: &[
            r"\bloop(s|ed|ing)?\b",
            r"\bhop(s| count)\b",
            r"(schleife|boucle|bucle|laço|ciclo di posta|петл|循环|ループ)",
        ],
        ..Rule::NEW
    },
    // The recipient's domain: unknown, no MX, does not resolve.
    Rule {
        id: "keywords.hostunknown",
        reason: HostUnknown,
        patterns: &[
            r"\bdomain\b.{0,40}\b(not found|unknown|does ?n[o']?t exist|not exist|couldn't be found|could not be found|not resolv\w*|unresolv\w*|invalid)",
            r"(unknown|invalid|nonexistent|non-existent|unresolvable) domain",
            r"no ?(valid )?mx ?(host|record|server)s?",
            r"(domaine|dominio|domínio|domain)\S{0,2}\s?.{0,20}(inexistant|introuvable|inconnu|inexistente|no existe|não existe|non esiste|existiert nicht|nicht gefunden|unbekannt|desconocido|desconhecido|sconosciuto)",
            r"домен.{0,20}(не существует|не найден|неизвестен)",
            r"域名.{0,8}(不存在|无效|無效|错误|未找到)",
            r"ドメイン.{0,10}(存在しません|見つかりません|不明)",
            // Polish, Dutch, Swedish, Turkish, Korean, Vietnamese.
            r"(domen\w*|domein|domän\w*|alan adı).{0,20}(nie istnieje|nieznan|bestaat niet|onbekend|finns inte|okänd|bulunamadı|mevcut değil)",
            r"도메인.{0,10}(존재하지 않|찾을 수 없)|존재하지 않는 도메인|tên miền.{0,20}không tồn tại",
        ],
        ..Rule::NEW
    },
    // The recipient's mailbox is full: before "too large" and "limit".
    Rule {
        id: "keywords.mailboxfull",
        reason: MailboxFull,
        patterns: &[
            r"(mail ?box|in ?box|mail ?folder|storage|disk).{0,40}\b(full|exceeded|exhausted)\b",
            r"\b(mailbox|storage|disk|user|recipient)('s)? quota\b",
            r"\bexceed\w* .{0,20}mail ?box (size|quota|limit)",
            r"(postfach|posteingang|mailbox).{0,40}\b(voll|überfüllt)",
            r"(boîte|boite|bal).{0,40}\b(pleine|saturée)",
            r"(buz[oó]n|casilla|bandeja).{0,40}\b(llen[oa]|sin espacio)",
            r"(caixa|correio).{0,40}\b(cheia|lotada|sem espaço)",
            r"(casella|mailbox).{0,40}\b(piena|satura)",
            r"(ящик|почта).{0,40}(переполнен|полон|заполнен)",
            r"(邮箱|信箱|郵箱|郵件箱).{0,10}(已满|满了|已滿|空间不足|容量)",
            r"(メールボックス|受信トレイ|受信箱).{0,10}(いっぱい|一杯|満杯|容量)",
            r"(กล่องจดหมาย|เมลบ็อกซ์).{0,20}เต็ม",
            r"skrzynk\w*.{0,40}(pełna|przepełnion)|(postvak|brievenbus|mailbox).{0,40}\bvol\b",
            r"(postlåda\w*|postkasse\w*|innboks\w*).{0,30}\b(full|fuld)\b|posta kutusu.{0,20}dolu|kota (aşıldı|doldu)",
            r"(메일함|사서함|편지함).{0,10}(가득|용량 초과|꽉)|hộp thư.{0,20}(đầy|hết dung lượng)",
        ],
        ..Rule::NEW
    },
    // The recipient's account or mailbox is disabled, suspended, closed.
    Rule {
        id: "keywords.disabled",
        reason: Suspend,
        patterns: &[
            r"\b(account|mail ?box|user|recipient|address)\b.{0,40}\b(disabled|deactivated|suspended|inactive|de-activated|locked|frozen|closed|expired)\b",
            r"\b(disabled|deactivated|suspended|inactive|frozen|closed|expired) (e-?mail )?(account|mail ?box|user|recipient|address)",
            r"(konto|postfach|benutzer|empfänger).{0,40}(gesperrt|deaktiviert|stillgelegt|inaktiv)",
            r"(compte|boîte|boite|adresse|destinataire).{0,40}(désactivée?|suspendue?|bloquée?|fermée?|inactive?)",
            r"(cuenta|buz[oó]n|usuario|destinatario).{0,40}(desactivad[oa]|suspendid[oa]|bloquead[oa]|inactiv[oa]|cerrad[oa])",
            r"(conta|caixa|usuário|destinatário|endereço).{0,40}(desativad[oa]|suspens[oa]|bloquead[oa]|inativ[oa]|encerrad[oa])",
            r"(account|casella|utente|destinatario|indirizzo).{0,40}(disattivat[oa]|sospes[oa]|bloccat[oa]|inattiv[oa])",
            r"(учетн|аккаунт|ящик|пользовател).{0,40}(заблокирован|отключен|неактивен|приостановлен|деактивирован)",
            r"(konto|skrzynka|użytkownik).{0,40}(zablokowan|wyłączon|nieaktywn|zawieszon)|(account|mailbox|gebruiker).{0,40}(gedeactiveerd|geblokkeerd|uitgeschakeld|opgeschort)",
            r"(hesa[pb]|posta kutusu|kullanıcı).{0,40}(askıya alın|devre dışı|engellen|kapatıl|pasif)|(konto|kontot|brevlåda).{0,30}(avstängt|inaktiverat|spärrat)",
            r"(휴면|정지된|비활성화된|차단된) ?(계정|사용자|메일함)|(계정|메일함).{0,10}(정지|비활성|휴면)|tài khoản.{0,30}(bị khóa|bị vô hiệu hóa|tạm ngưng)",
            r"(账户|账号|帐户|帐号|帳戶|帳號|邮箱|信箱|用户).{0,10}(停用|冻结|凍結|禁用|锁定|鎖定|已关闭|已注销|被封)",
            r"(アカウント|メールボックス|ユーザ).{0,10}(停止|無効|凍結|ロック|閉鎖)",
            r"บัญชี.{0,20}(ถูกระงับ|ปิด|ล็อก)",
        ],
        ..Rule::NEW
    },
    // Rate and frequency limits: too many, too fast, per hour.
    Rule {
        id: "keywords.ratelimited",
        reason: RateLimited,
        patterns: &[
            r"\btoo (many|much|fast|quickly|frequent(ly)?|often)\b",
            r"\brate[ -]?limit",
            r"\bslow (it )?down\b",
            r"\bthrottl\w*",
            r"\b(frequency|flood(ing)?)\b",
            r"\b(per|an?|each) (second|minute|hour|day|session|connection)\b.{0,20}\b(limit|exceed)",
            r"\b(limit|exceed)\w*.{0,30}\b(per|an?|each) (second|minute|hour|day|session|connection)\b",
            r"zu (viele|oft|schnell)",
            r"(trop de|trop (rapide|fréquent))",
            r"(demasiad[oa]s|con demasiada frecuencia)",
            r"(muit[oa]s (mensagens|conexões|e-?mails)|excesso de)",
            r"(troppi|troppe|troppo (veloce|frequent))",
            r"слишком (много|часто|быстро)",
            r"(频率|頻率|频繁|頻繁|过于频繁|太多|过多|過多)",
            r"(多すぎ|頻度|送信数.{0,10}上限|過多)",
            r"zbyt (wiele|dużo|często)|\bte (veel|vaak|snel)\b|çok fazla|för många|너무 (많은|자주|빠르)|quá nhiều",
        ],
        ..Rule::NEW
    },
    // Message size.
    Rule {
        id: "keywords.emailtoolarge",
        reason: EmailTooLarge,
        patterns: &[
            r"\b(message|mail|e-?mail|attachment)s?\b.{0,30}\b(too (large|big)|oversized?)\b",
            r"\b(mail ?size|message ?size|size limit|maximum size|max size)\b",
            r"(zu groß|zu gross|nachrichtengröße|trop (gros|volumineux|grand)|taille (maximale|du message)|demasiado grande|tamaño (máximo|del mensaje)|muito grande|tamanho (máximo|da mensagem)|troppo grande|dimensione (massima|del messaggio))",
            r"(размер.{0,20}(превыш|слишком)|слишком (большое|велико))",
            r"(邮件|郵件|信件).{0,10}(过大|太大|過大|大小超)",
            r"(サイズ.{0,10}(大き|超過|制限)|大きすぎ)",
            r"(wiadomoś\w*|załącznik\w*).{0,30}(za duż|zbyt duż|przekracza)|(bericht|bijlage).{0,30}(te groot|overschrijdt)|grande demais",
            r"(mesaj|ileti).{0,30}(çok büyük|boyut\w* (sınır|aş))|(meddelande\w*).{0,30}för stor|(메일|메시지).{0,10}(크기|용량).{0,10}(너무 큽|초과)|(thư|tin nhắn).{0,30}quá lớn",
        ],
        ..Rule::NEW
    },
    // SPF, DKIM, DMARC: sender authentication, whatever else is said.
    Rule {
        id: "keywords.authfailure",
        reason: AuthFailure,
        patterns: &[
            r"\b(spf|dkim|dmarc)\b",
            r"\bunauthenticated (e-?mail|mail|message|sender)",
        ],
        ..Rule::NEW
    },
    // No reverse DNS (PTR) for the sending host.
    Rule {
        id: "keywords.requireptr",
        reason: RequirePtr,
        patterns: &[r"\b(ptr|rdns|reverse dns|reverse lookup|reverse hostname)\b"],
        ..Rule::NEW
    },
    // Relaying.
    Rule {
        id: "keywords.relay",
        reason: NoRelaying,
        patterns: &[
            r"\brelay(ing)?\b.{0,30}\b(denied|refused|rejected|not|prohibited|disallowed|forbidden|unauthori[sz]ed)",
            r"\b(not|cannot|can't|won't|refuse\w*|den(y|ied)|unauthori[sz]ed|prohibit\w*)\b.{0,30}\brelay(ing)?([ .,;:)]|$)",
            r"(weiterleitung|relais|retransmisión|retransmissão|inoltro).{0,30}(nicht|non|no|não|interdit|verboten|denegad|negad)",
            r"(中继|中繼|转发|リレー).{0,10}(拒绝|拒否|禁止|不允许|できません)",
        ],
        ..Rule::NEW
    },
    // The recipient address is malformed.
    Rule {
        id: "keywords.address-syntax",
        reason: SyntaxError,
        cause: Some(RecipientTypo),
        patterns: &[
            r"\b(recipient|destination|rcpt)\b.{0,30}\bsyntax\b",
            r"\bsyntax\b.{0,30}\b(recipient|destination|rcpt|mailbox)\b",
            r"\b(malformed|ill-formed|badly formed) (recipient|address|e-?mail)",
        ],
        ..Rule::NEW
    },
    // The recipient does not exist.
    Rule {
        id: "keywords.nosuchuser",
        reason: UserUnknown,
        patterns: &[
            r"\b(unknown|invalid|nonexistent|non-existent|inexistent|unregistered|unrecogni[sz]ed|non existing|nonexisting) (local )?(user|recipient|mailbox|address|account|addressee|local ?part|e-?mail address|mail ?box name)",
            r"\b(user|recipient|mailbox|addressee|account|address|local ?part)s?\b.{0,40}\b(unknown|not found|does ?n[o']?t exists?|not exists?|not registered|no longer exists?|not recogni[sz]ed)",
            r"\b(user|recipient|mailbox|addressee|account|address)\b.{0,40}\b(is )?not valid (here|on this (server|system|domain))",
            r"\bno (such|valid) (user|recipient|mailbox|address|account|person)",
            r"\b(don't|doesn't|does not|do not|dont) (exists?|have|know) (that|this|the|such|any) (user|mailbox|account|recipient|address)",
            r"(benutzer|empfänger|postfach|adresse|konto).{0,40}(unbekannt|existiert nicht|gibt es nicht|nicht gefunden|ungültig)",
            r"(unbekannte[rn]?|ungültige[rn]?) (benutzer|empfänger|adresse|e-?mail)",
            r"(utilisateur|destinataire|adresse|boîte|boite|compte).{0,40}(inconnue?|inexistante?|introuvable|invalide|n'existe pas|n’existe pas)",
            r"(usuario|destinatario|dirección|buz[oó]n|cuenta).{0,40}(desconocido|inexistente|no existe|no encontrad[oa]|no válid[oa]|inválid[oa])",
            r"(usuário|destinatário|endereço|caixa|conta).{0,40}(desconhecido|inexistente|não existe|não encontrad[oa]|inválid[oa])",
            r"(utente|destinatario|indirizzo|casella).{0,40}(sconosciut[oa]|inesistente|non esiste|non trovat[oa]|non valid[oa])",
            r"(пользовател|адресат|получател|ящик|адрес).{0,40}(не существует|не найден|неизвест|не зарегистрирован)",
            r"(нет такого|несуществующ)",
            r"(用户|用戶|收件人|收信人|地址|账户|账号|帐户|帳號|邮箱|信箱).{0,10}(不存在|未找到|无效|無效|未知|找不到)",
            r"(无此|無此|没有这个|查无此)(用户|用戶|人|邮箱|帐号|账号)",
            r"(ユーザ|宛先|アドレス|アカウント|受信者|メールボックス).{0,20}(存在しません|見つかりません|登録されていません|不明)",
            r"(ไม่มี|ไม่พบ)(ผู้ใช้|ที่อยู่|บัญชี|ผู้รับ)|(ผู้รับ|ผู้ใช้|บัญชี|ที่อยู่).{0,20}(ไม่มีอยู่|ไม่พบ|ไม่ถูกต้อง)",
            // Polish, Dutch, Turkish, Swedish, Danish, Norwegian, Korean, Vietnamese.
            r"(użytkownik|odbiorca|adres|skrzynka).{0,40}(nie istnieje|nieznany|nie znaleziono)|(gebruiker|ontvanger|adres).{0,40}(onbekend|bestaat niet|niet gevonden)",
            r"(kullanıcı|alıcı|posta kutusu).{0,40}(bulunamadı|mevcut değil|bilinmiyor)|(användare\w*|mottagare\w*|bruger\w*|modtager\w*|bruker\w*|mottaker\w*).{0,40}(finns inte|okänd|ukendt|findes ikke|finnes ikke|ukjent)",
            r"(존재하지 않는|없는|알 수 없는) ?(사용자|계정|수신자|메일 ?주소|주소)|(사용자|계정|수신자).{0,10}(존재하지 않|없습니다|찾을 수 없)|(người nhận|người dùng|tài khoản|địa chỉ).{0,30}(không tồn tại|không tìm thấy)",
        ],
        ..Rule::NEW
    },
    // A block list or a blocked sending host.
    Rule {
        id: "keywords.blocked",
        reason: Blocked,
        patterns: &[
            r"\b(black|block|deny|ban)[ -]?list",
            r"\b(dnsbl|rbl|rbls)\b",
            r"\b(ip[ (\[=:]|host\b|client\b|network\b).{0,30}\b(blocked|banned|blacklisted|not allowed|not permitted|filtered|rejected|refused|denied)\b",
            r"\b(blocked|banned|rejected|refused|denied|no access)\b.{0,30}\b(ip|host|client|network)\b",
            r"\b(dial-?up|dynamic|residential)\b.{0,20}\b(ip|address|range|host)",
            r"\bnot (in|on) (the |our |a )?(white|allow) ?list",
            r"\byour access\b.{0,50}\b(rejected|denied|refused|blocked)",
            r"(schwarze liste|sperrliste|liste noire|lista negra|lista nera|ч[её]рн\w* спис|黑名单|黑名單|ブラックリスト)",
        ],
        ..Rule::NEW
    },
    // A virus or other malware, in any language.
    Rule {
        id: "keywords.virus",
        reason: VirusDetected,
        patterns: &[
            r"\b(virus|viral|malware|trojan|infected|malicious)",
            r"(virus|вирус|病毒|ウイルス|ウィルス|ไวรัส)",
        ],
        ..Rule::NEW
    },
    // Spam, in the words of other languages (the table reads English).
    Rule {
        id: "keywords.spam",
        reason: SpamDetected,
        patterns: &[
            r"\b(spam|junk|unsolicited)",
            r"(pourriel|courrier indésirable|correo no deseado|lixo eletrônico|posta indesiderata|нежелательн|спам|垃圾|迷惑メール|スパム|스팸|thư rác|istenmeyen (e-?posta|ileti))",
        ],
        ..Rule::NEW
    },
    // A policy, in any language.
    Rule {
        id: "keywords.policy",
        reason: PolicyViolation,
        patterns: &[
            r"\bpolic(y|ies)\b",
            r"(richtlinie|politique|política|politica|политик|策略|ポリシー)",
        ],
        ..Rule::NEW
    },
];
