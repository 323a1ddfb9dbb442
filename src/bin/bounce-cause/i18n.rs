//! The words of the readable outputs (`--format human`, `--report`) in each
//! language: one struct per language, so that a word missing in one of them
//! does not compile. Titles, explanations and fixes come from the library.

use bounce_cause::Lang;

/// The words the human text and the HTML report are made of.
pub struct Ui {
    // Human text: the labels of a recipient's lines.
    pub what_happened: &'static str,
    pub cause: &'static str,
    pub evidence: &'static str,
    pub suggestion: &'static str,
    /// Before the `--verify` lines (which stay in English, as DNS says them).
    pub verify: &'static str,
    pub fixes: &'static str,
    pub error: &'static str,
    /// Before a message's number in a file that holds several.
    pub message: &'static str,
    /// The verdicts.
    pub permanent: &'static str,
    pub temporary: &'static str,
    pub delayed: &'static str,
    pub delivered: &'static str,
    pub feedback: &'static str,
    pub auto_reply: &'static str,
    pub hard_bounce: &'static str,
    /// Said before what happened to a delayed recipient.
    pub delayed_note: &'static str,
    /// For a recipient with no fix (delivered, a complaint, unknown reason).
    pub no_fix: &'static str,
    /// After the reason's title, for a failure that is none of the eight.
    pub not_550: &'static str,
    pub rule: &'static str,
    /// "and N more": the words before and after N.
    pub and_more: (&'static str, &'static str),

    // The HTML report.
    pub title: &'static str,
    pub intro: &'static str,
    pub overview: &'static str,
    pub messages: &'static str,
    pub not_read: &'static str,
    pub failed: &'static str,
    pub soft_bounce: &'static str,
    pub others: &'static str,
    pub hard_soft: &'static str,
    pub hard_explain: &'static str,
    pub soft_explain: &'static str,
    pub by_cause: &'static str,
    pub by_reason: &'static str,
    pub none_of_eight: &'static str,
    pub recipients: &'static str,
    pub share: &'static str,
    pub causes_heading: &'static str,
    pub top_domains: &'static str,
    pub domain: &'static str,
    pub top_lines: &'static str,
    pub reply_line: &'static str,
    pub times: &'static str,
    pub what_to_do: &'static str,
    pub also_seen: &'static str,
    pub remove_heading: &'static str,
    pub remove_explain: &'static str,
    pub retry_heading: &'static str,
    pub retry_explain: &'static str,
    pub address: &'static str,
    pub reason: &'static str,
    pub nothing: &'static str,
    pub no_domain: &'static str,
    pub footer: &'static str,
}

const EN: Ui = Ui {
    what_happened: "What happened",
    cause: "Cause",
    evidence: "Evidence",
    suggestion: "Did you mean",
    verify: "DNS check",
    fixes: "What to do",
    error: "error",
    message: "message",
    permanent: "permanent",
    temporary: "temporary",
    delayed: "delayed",
    delivered: "delivered",
    feedback: "complaint",
    auto_reply: "auto-reply",
    hard_bounce: "hard bounce",
    delayed_note: "Not failed yet: the server keeps trying.",
    no_fix: "Nothing to do.",
    not_550: "not one of the eight 550 causes",
    rule: "rule",
    and_more: ("and ", " more"),

    title: "Bounce report",
    intro: "What the bounces say, counted per cause, with what to do about each.",
    overview: "Overview",
    messages: "Messages read",
    not_read: "Not a bounce or not readable",
    failed: "Failed recipients",
    soft_bounce: "soft bounce",
    others: "Delayed, delivered, complaints, auto-replies",
    hard_soft: "Hard and soft bounces",
    hard_explain: "the address is bad: take it off your lists",
    soft_explain: "the address may work: fix the cause or try again",
    by_cause: "Failed recipients by cause",
    by_reason: "Failed recipients by reason",
    none_of_eight: "None of the eight 550 causes",
    recipients: "Recipients",
    share: "Share",
    causes_heading: "Each cause and what to do",
    top_domains: "Top recipient domains",
    domain: "Domain",
    top_lines: "Most common reply lines",
    reply_line: "Reply line",
    times: "Times",
    what_to_do: "What to do",
    also_seen: "Also advised for some of these recipients",
    remove_heading: "Addresses to remove from your lists",
    remove_explain: "Hard bounces: these addresses do not exist or cannot receive mail. Sending again will bounce again.",
    retry_heading: "Addresses to try again later",
    retry_explain: "Temporary failures (a full mailbox, a server down, a rate limit): send again later.",
    address: "Address",
    reason: "Reason",
    nothing: "None.",
    no_domain: "(no domain)",
    footer: "Made by bounce-cause. Texts from the bounces are shown escaped; this page runs no scripts and loads nothing from the network.",
};

const TH: Ui = Ui {
    what_happened: "เกิดอะไรขึ้น",
    cause: "สาเหตุ",
    evidence: "หลักฐาน",
    suggestion: "หมายถึง",
    verify: "ตรวจ DNS",
    fixes: "วิธีแก้",
    error: "ข้อผิดพลาด",
    message: "ข้อความที่",
    permanent: "ถาวร",
    temporary: "ชั่วคราว",
    delayed: "ล่าช้า",
    delivered: "ส่งถึงแล้ว",
    feedback: "ถูกร้องเรียน",
    auto_reply: "ตอบกลับอัตโนมัติ",
    hard_bounce: "ที่อยู่ใช้ไม่ได้",
    delayed_note: "ยังไม่ถือว่าส่งไม่สำเร็จ เซิร์ฟเวอร์ยังพยายามส่งอยู่",
    no_fix: "ไม่ต้องทำอะไร",
    not_550: "ไม่ใช่หนึ่งในแปดสาเหตุของรหัส 550",
    rule: "กฎ",
    and_more: ("และอีก ", " รายการ"),

    title: "รายงานอีเมลตีกลับ",
    intro: "สรุปว่าอีเมลตีกลับบอกอะไร นับแยกตามสาเหตุ พร้อมวิธีแก้ของแต่ละสาเหตุ",
    overview: "ภาพรวม",
    messages: "ข้อความที่อ่าน",
    not_read: "ไม่ใช่อีเมลตีกลับหรืออ่านไม่ได้",
    failed: "ผู้รับที่ส่งไม่สำเร็จ",
    soft_bounce: "ตีกลับชั่วคราว",
    others: "ล่าช้า ส่งถึงแล้ว ถูกร้องเรียน ตอบกลับอัตโนมัติ",
    hard_soft: "ที่อยู่ใช้ไม่ได้ และตีกลับชั่วคราว",
    hard_explain: "ที่อยู่ผิดหรือไม่มีอยู่ ควรลบออกจากรายชื่อ",
    soft_explain: "ที่อยู่อาจยังใช้ได้ แก้ที่สาเหตุหรือส่งใหม่ภายหลัง",
    by_cause: "ผู้รับที่ส่งไม่สำเร็จ แยกตามสาเหตุ",
    by_reason: "ผู้รับที่ส่งไม่สำเร็จ แยกตามเหตุผลโดยละเอียด",
    none_of_eight: "ไม่ใช่หนึ่งในแปดสาเหตุของรหัส 550",
    recipients: "ผู้รับ",
    share: "สัดส่วน",
    causes_heading: "แต่ละสาเหตุและวิธีแก้",
    top_domains: "โดเมนผู้รับที่พบมากที่สุด",
    domain: "โดเมน",
    top_lines: "ข้อความตอบกลับที่พบบ่อยที่สุด",
    reply_line: "ข้อความตอบกลับ",
    times: "จำนวนครั้ง",
    what_to_do: "วิธีแก้",
    also_seen: "คำแนะนำเพิ่มเติมสำหรับผู้รับบางรายในกลุ่มนี้",
    remove_heading: "ที่อยู่ที่ควรลบออกจากรายชื่อผู้รับ",
    remove_explain: "ที่อยู่เหล่านี้ไม่มีอยู่จริงหรือรับเมลไม่ได้ ส่งไปอีกก็จะตีกลับอีก",
    retry_heading: "ที่อยู่ที่ควรลองส่งใหม่ภายหลัง",
    retry_explain: "ส่งไม่สำเร็จชั่วคราว (กล่องจดหมายเต็ม เซิร์ฟเวอร์ล่ม ส่งเร็วเกินไป) ให้ส่งใหม่ภายหลัง",
    address: "ที่อยู่",
    reason: "เหตุผล",
    nothing: "ไม่มี",
    no_domain: "(ไม่มีโดเมน)",
    footer: "สร้างโดย bounce-cause ข้อความจากอีเมลตีกลับแสดงแบบปลอดภัย หน้านี้ไม่รันสคริปต์และไม่โหลดสิ่งใดจากเครือข่าย",
};

/// The words of `lang`.
pub fn ui(lang: Lang) -> &'static Ui {
    match lang {
        Lang::Th => &TH,
        _ => &EN,
    }
}

impl Ui {
    /// "and 12 more".
    pub fn more(&self, n: usize) -> String {
        format!("{}{n}{}", self.and_more.0, self.and_more.1)
    }
}
