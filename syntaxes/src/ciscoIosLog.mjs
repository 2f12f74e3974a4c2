// The TextMate grammar of Cisco IOS captures (language `cisco-ios-log`, scope
// `source.cisco-ios-log`): debug output, console sessions with prompts and typed commands, syslog
// messages and `show` output.
//
// Lines are recognised one at a time. Three kinds of lines reach further: `show running-config`
// output (read by the config grammar until the next prompt or timestamped line), the key table of
// `show crypto isakmp key` (whose second column is a secret), and nothing else. A line that says a
// negotiation failed or succeeded is wrapped whole in a failure or success scope, decided once at
// the start of the line so the cost stays linear in its length.
//
// Captures run to hundreds of thousands of lines, so the rules are written one per concern below
// and assembled at the end for speed (docs/grammars.md, "Speed"). An ordinary line is read by a
// rule that lasts one line (#timestampLine, #line, or the failure and success lines): its first
// token is matched by rules tied to the start of the line, and the rest of the line by #rest,
// whose rules are merged per first character (ruleSets.mjs). Each rule that can follow a line's
// first token says with `first` which characters its matches can start with.

import {
  ALGORITHM,
  ALGORITHM_BY_CHARACTER,
  INTERFACE,
  INTERFACE_BY_CHARACTER,
  IPV4_BARE,
  LB,
  MONTH,
  addressRule,
  firstCharSwitch,
  scopeHelpers,
  words,
} from "./fragments.mjs";
import ciscoIos from "./ciscoIos.mjs";
import {
  byFirstCharacter,
  first,
  guarded,
  mergeRules,
  namedCaptures,
} from "./ruleSets.mjs";

const SUFFIX = "cisco-ios-log";

const { s, caps } = scopeHelpers(SUFFIX);

/** A router prompt: hostname, optional `(config-mode)`, then `#` or `>`. */
const HOST = String.raw`[A-Za-z][\w.-]{0,62}`;
const MODE = String.raw`[\w/.-]{1,40}`;
const PROMPT_AHEAD = String.raw`${HOST}(?:\(${MODE}\))?[#>]`;

/** The start of a timestamped line (sequence number, clock or uptime stamp). */
const CLOCK_STAMP = String.raw`${MONTH}\s+\d{1,2}(?:\s+\d{4})?\s+\d{1,2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:\s+[A-Z]{2,5}(?:[+-]\d{1,2})?)?`;
const UPTIME_STAMP = String.raw`\d{1,2}:\d{2}:\d{2}(?:\.\d{1,6})?|\d{1,3}[wdy]\d{1,2}[dh]`;
const STAMP_AHEAD = String.raw`(?:\d+:\s+)?[*.]?(?:${MONTH}\s+\d|\d{1,2}:\d{2}:\d{2}[.:]|\d{1,3}[wdy]\d{1,2}[dh]:)`;

/**
 * What a terminal left before a line's text in a saved console session: escape sequences (CSI
 * `ESC [ ... final`, such as `ESC[K`, `ESC[2K`, `ESC[0m`, `ESC[?25h`, `ESC[1A`; OSC `ESC ] ... BEL`;
 * a character set `ESC ( B`; any other `ESC x`), backspaces, carriage returns, and the pager's
 * `--More--` with the spaces and backspaces that erased it. The capture parser drops the same
 * sequences (`text/terminal.ts`). Every alternative starts with its own character and the spaces
 * are taken possessively, so the run never backtracks.
 */
const TERMINAL_CONTROLS = String.raw`(?>(?:\x{1B}(?:\[[\x{30}-\x{3F}]*+[\x{20}-\x{2F}]*+[\x{40}-\x{7E}]?|\][^\x{07}\x{1B}]*+(?:\x{07}|\x{1B}\\)?|[()*+].?|.?)|[\x{08}\r]|\x{20}*+(?:--More--|(?=\x{08})))++)`;

/** Debug facilities that start a message (`ISAKMP:`, `IPSEC(...)`, `IKEv2:`...). */
const FACILITY_WORDS = String.raw`ISAKMP|ISKAMP|IPSEC|IKEv2|Crypto mapdb|CRYPTO_PKI|CRYPTO|CryptoEngine`;

/** Syslog severities 0-7: errors as invalid, warnings as deleted, the rest as inserted markup. */
const SEVERITIES = [
  "invalid.illegal.syslog.emergency",
  "invalid.illegal.syslog.alert",
  "invalid.illegal.syslog.critical",
  "invalid.illegal.syslog.error",
  "markup.deleted.syslog.warning",
  "markup.inserted.syslog.notice",
  "markup.inserted.syslog.informational",
  "markup.inserted.syslog.debugging",
];

/** Length in characters of a fixed piece of regex: literals, escapes and `[...]` classes. */
function fixedLength(piece) {
  let length = 0;
  for (let i = 0; i < piece.length; i++) {
    if (piece[i] === "\\") {
      i++;
    } else if (piece[i] === "[") {
      i = piece.indexOf("]", i);
    } else if ("()|?*+{}.".includes(piece[i])) {
      throw new Error(`not of fixed length: ${piece}`);
    }
    length++;
  }
  return length;
}

/**
 * A phrase that is looked for by one of its characters, chosen rare in captures: `from` is the
 * phrase from that character on (a literal first), `before` the text in front of it, checked
 * behind (fixed length; a list gives several spellings). With `word`, the phrase starts a word
 * (`\b` in front of it). The failure and success tests read every line to its end, and most of
 * their cost is at the characters where a phrase could be; letters such as `h`, `b`, `U` or `w`
 * are rarer in debug output than the first letters of the phrases.
 */
function after(before, from, { word = false } = {}) {
  const befores = Array.isArray(before) ? before : [before];
  if (word && befores.length > 1) {
    throw new Error(`one spelling only before a word: ${from}`);
  }
  const found = from[0];
  const wordStart = word
    ? String.raw`(?<!\w.{${fixedLength(befores[0]) + 1}})`
    : "";
  return `${found}(?<=${befores.map((b) => b + found).join("|")})${wordStart}${from.slice(1)}`;
}

/**
 * Text that tells the engineer a negotiation or a check failed, each entry found by a rare
 * character (see after) or by its first one, with `\b` before it where needed (see
 * firstCharSwitch). Case-insensitive words are spelled with both cases of each letter where
 * they are checked behind (`ſ` is an `s` then).
 */
const FAILURES = [
  after("does not matc", "h policy"),
  after(
    [
      "atts not accepta",
      "atts are not accepta",
      "attributes not accepta",
      "attributes are not accepta",
    ],
    "ble",
  ),
  after("no o", "ffers accepted"),
  after(["SA not accepta", "SA policy not accepta"], "ble"),
  after(["retransmit p", "retransmitting p"], "hase [12]"),
  after("incrementing error co", "unter"),
  after(["can't initiate ", "cant initiate "], "when turned off"),
  after("ISAKMP is t", "urned off"),
  after("No Cert or pre", "-shared address key"),
  after("No pre", "-shared key (?:with|for)"),
  String.raw`c(?i:an ?not start (?:main|aggressive) mode)`,
  String.raw`C(?i:an ?not start (?:main|aggressive) mode)`,
  after("reserved not ", "zero"),
  after("failed its sanity chec", "k"),
  after("Notify ", "has no hash"),
  after("certificate in", "valid"),
  "Unknown Input",
  after("error TR", "UE"),
  after("IKE_PR", "OCESS_ERROR"),
  after("NO_PROPOSAL_NOT_C", String.raw`HOSEN\b`, { word: true }),
  after("PROPOSAL_NOT_C", String.raw`HOSEN\b`, { word: true }),
  after("IN", String.raw`VALID_[A-Z_]+\b`, { word: true }),
  after("A", String.raw`UTHENTICATION_FAILED\b`, { word: true }),
  after("PA", String.raw`YLOAD_MALFORMED\b`, { word: true }),
  after("TS_", String.raw`UNACCEPTABLE\b`, { word: true }),
  after("NO_ADDITIONA", String.raw`L_SAS\b`, { word: true }),
  after("trans", "form proposal not supported"),
  after("pro", "xy identities not supported"),
  after("policy in", "validated proposal"),
  after("did not ", "find matching map"),
  after("ISAKMP", String.raw`-ERROR\b`, { word: true }),
  after("IKE", String.raw`v2-ERROR\b`, { word: true }),
  after("IPSEC", String.raw`-ERROR\b`, { word: true }),
  after("in an inco", "mplete state"),
  after("current out", String.raw`bound spi: 0(?:x0)?(?:\(0\))?\s*$`),
  after("is do", String.raw`wn\b`, { word: true }),
  after("is administratively do", String.raw`wn\b`, { word: true }),
  after("Session status: DO", "WN"),
  after("[mM][iI][sSſ][mM][aA][tT][cC]", "h", { word: true }),
  after("[mM][iI][sSſ][mM][aA][tT][cC]", "H", { word: true }),
  after("[nN][oO] [mM][aA][tT][cC]", String.raw`h(?i:ing)\b`, { word: true }),
  after("[nN][oO] [mM][aA][tT][cC]", String.raw`H(?i:ing)\b`, { word: true }),
  String.raw`\bFailed to\b`,
  String.raw`\bfailed to\b`,
  after("e", String.raw`xchange failed\b`, { word: true }),
  String.raw`\bFAILED\b`,
  after("[Aa]ut", "hentication failed"),
  after("Negotiation a", "borted"),
  after("failed ", String.raw`with\b`, { word: true }),
];

/** An ACL entry that drops IKE or ESP traffic and has counted hits: the tunnel cannot come up. */
// Atomic groups keep the scan linear: the first port name found is the one that counts.
const DROPS_IPSEC = String.raw`\s*(?:\d+\s+)?deny\s+(?:esp|ahp|50|51|udp\b(?>[^(]*?\b(?:isakmp|non500-isakmp|500|4500)\b))[^(]*\([1-9]\d*\s+match`;

/** Text that tells the engineer a phase completed (written as FAILURES). */
const SUCCESSES = [
  after("SA ", "has been authenticated"),
  String.raw`Old State = (\S+) New State = (?!\1\b)(?:IKE_P1_COMPLETE|IKE_QM_PHASE2_COMPLETE)\b`,
  after("atts are accepta", "ble"),
  "Creating IPSec SAs",
  after("[sSſ][aA] ", String.raw`c(?i:reated)\b`, { word: true }),
  after("[sSſ][aA] ", String.raw`C(?i:reated)\b`, { word: true }),
  after("PASSE", String.raw`D\b`, { word: true }),
  after("is ", String.raw`UP\b`, { word: true }),
  after("Session status: ", "UP"),
];

/**
 * States that mean a phase is established. Like STATES, they open with a check that the word
 * starts like a state (`IKE_`, `MM_`, `QM_`...), which rejects other words with one test.
 */
const COMPLETE_STATES = String.raw`\b(?=[IQMA][A-Z]{1,2}_)(?:IKE_P1_COMPLETE|IKE_QM_PHASE2_COMPLETE|QM_IDLE|MM_ACTIVE|AM_ACTIVE|AM_Active)\b`;

/** IKEv1 state names as IOS prints them. */
const STATES = String.raw`\b(?=[IMAQ][A-Z]{1,2}_)(?:IKE_(?:READY|DEST_SA|P1_COMPLETE|[IR]_(?:MM|AM)\d|QM_READY|QM_[IR]_QM\d|QM_PHASE2_COMPLETE|QM_SPI_STARVE|QM_IPSEC_INSTALL_AWAIT|QM_DEST_SA)|(?:MM|AG|AM|QM)_[A-Za-z0-9]+(?:_[A-Za-z0-9]+)*)\b`;

/** Payload names (`processing SA payload`, `ID payload`). */
const PAYLOADS = words([
  "SA",
  "KE",
  "NONCE",
  "ID",
  "HASH",
  "CERT",
  "CERT_REQ",
  "CERT-REQ",
  "CERTREQ",
  "SIG",
  "AUTH",
  "NOTIFY",
  "DELETE",
  "VID",
  "VENDOR",
  "NAT-D",
  "NAT_D",
  "NAT-OA",
  "SK",
  "TSi",
  "TSr",
  "IDi",
  "IDr",
  "N",
  "(?i:vendor id)",
]);

/** Attribute names of `ISAKMP:      encryption DES-CBC` lines. */
const ATTRIBUTES = words([
  "encryption",
  "hash",
  "default group",
  "group",
  "auth",
  "life type",
  "life duration",
  "SA life type",
  "SA life duration",
  "keylength",
  "key length",
  "encaps",
  "authenticator",
  "transform",
  "attributes in transform",
]);

/** Headers of `show` tables. */
const TABLE_HEADERS = [
  String.raw`dst\s+src\s+state`,
  String.raw`C-id\s+Local\s+Remote`,
  String.raw`Tunnel-id\s`,
  String.raw`Interface\s+IP-Address`,
  String.raw`IKE Peer\s+Type`,
  String.raw`ID\s+(?:Type|Interface)\s`,
  String.raw`Keyring\s+Hostname`,
  String.raw`Hostname/Address\s+Preshared`,
];

/** Words a label rule must leave to the rules that know them. */
const NOT_LABELS = String.raw`(?!(?:${FACILITY_WORDS}|Old State|New State|Input|permit|deny|access-list)\b)`;

/** The parts of a timestamp that opens a line: sequence number, sync flag, stamp. */
const STAMP_CAPTURES = caps(
  "constant.numeric.sequence",
  "punctuation.separator.sequence",
  "punctuation.definition.timestamp.not-synced",
  "comment.other.timestamp",
  "punctuation.separator.timestamp",
);

/** Timestamps that open a line: clock, uptime, sequence number, `show clock`. */
const TIMESTAMP = [
  {
    // `Mar 7 16:14:29.027 GMT:`, `*Mar  1 00:13:31.891:`, `000123: *Mar 1 ...:`
    match: String.raw`^(?:(\d+)(:)\s+)?([*.]?)(${CLOCK_STAMP})(:)`,
    name: s("meta.timestamp"),
    captures: STAMP_CAPTURES,
  },
  {
    // Uptime stamps: `00:08:57:`, `1d02h:`.
    match: String.raw`^(?:(\d+)(:)\s+)?([*.]?)(${UPTIME_STAMP})(:)(?=\s|$)`,
    name: s("meta.timestamp"),
    captures: STAMP_CAPTURES,
  },
  {
    // A sequence number alone, before a syslog message.
    match: String.raw`^(\d+)(:)(?=\s+%)`,
    captures: caps(
      "constant.numeric.sequence",
      "punctuation.separator.sequence",
    ),
  },
  {
    // `show clock`: `.14:18:58.579 UTC Sun Mar 14 2005` (a leading `.` or `*` means the
    // clock is not synchronised, which breaks certificate checks).
    match: String.raw`^\s*([*.]?)(\d{1,2}:\d{2}:\d{2}(?:\.\d{1,6})?\s+[A-Z]{2,5}\s+(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\s+${MONTH}\s+\d{1,2}\s+\d{4})\s*$`,
    captures: caps(
      "punctuation.definition.timestamp.not-synced",
      "constant.numeric.time",
    ),
  },
];

/** A word at the start of a line, maybe after spaces (`\s` matches non-ASCII spaces too). */
const INDENTED_WORD = ["space", "nonAscii", "upper", "lower"];

/** A word that starts with a capital letter. */
const WORD_UPPER = ["upper"];

/** Case-insensitive words (case folding reaches ASCII letters from a few non-ASCII ones). */
const FOLDED = ["upper", "lower", "nonAscii"];

/** Numbers and addresses (`\d` matches non-ASCII digits too). */
const NUMBER = ["digit", "nonAscii"];

/**
 * What a syslog tag without `%` needs at its start: a capital word, another one after a hyphen, and
 * the severity. Atomic groups are enough since words cannot hold the hyphen that must follow them.
 */
const SYSLOG_TAG_AHEAD = String.raw`(?<![\w%-])(?=[A-Z](?>[A-Z0-9_]{0,30})(?>-[A-Z][A-Z0-9_]{0,10})?-[0-7]-)`;

/** `%CRYPTO-4-IKMP_BAD_MESSAGE:` scoped by its severity digit. */
const SYSLOG = SEVERITIES.flatMap((scope, level) => [
  first(["%"], {
    match: String.raw`(?<![\w%-])(%[A-Z][A-Z0-9_]{0,30}(?:-[A-Z][A-Z0-9_]{0,10})?-${level}-[A-Z][A-Z0-9_]*)(:)?`,
    captures: caps(`${scope} meta.syslog.tag`, "punctuation.separator.syslog"),
  }),
  guarded(
    SYSLOG_TAG_AHEAD,
    first(WORD_UPPER, {
      match: String.raw`(?<![\w%-])([A-Z][A-Z0-9_]{0,30}(?:-[A-Z][A-Z0-9_]{0,10})?-${level}-[A-Z][A-Z0-9_]*)(:)`,
      captures: caps(
        `${scope} meta.syslog.tag`,
        "punctuation.separator.syslog",
      ),
    }),
  ),
]);

/** The debug facility that opens a message (`ISAKMP (0:1):`, `IPSEC(sa_request):`). */
const FACILITY = [
  first(WORD_UPPER, {
    // `ISAKMP (0:1):`, `ISAKMP:(1001):`, `ISAKMP: (1001):`, `ISAKMP. (0:1):`, `ISAKMP:(0)::`
    match: String.raw`\b(ISAKMP|ISKAMP)(?:(-)([A-Z]+))?(\.)?(?:(:)\s?|\s)(\()(\d+(?::\d+)?)(\))(:{1,2})`,
    name: s("meta.facility"),
    captures: caps(
      "entity.name.tag.facility",
      "punctuation.separator.channel",
      "entity.name.tag.channel",
      "punctuation.separator.facility",
      "punctuation.separator.facility",
      "punctuation.section.parens.begin",
      "constant.numeric.connection-id",
      "punctuation.section.parens.end",
      "punctuation.separator.facility",
    ),
  }),
  first(WORD_UPPER, {
    // `ISAKMP:`, `ISAKMP-PAK:`, `ISAKMP-ERROR:`
    match: String.raw`\b(ISAKMP|ISKAMP)(?:(-)([A-Z]+))?(:)`,
    name: s("meta.facility"),
    captures: caps(
      "entity.name.tag.facility",
      "punctuation.separator.channel",
      "entity.name.tag.channel",
      "punctuation.separator.facility",
    ),
  }),
  first(WORD_UPPER, {
    // `IPSEC(sa_request):`, `IPSEC:`
    match: String.raw`\b(IPSEC)(?:(\()([\w.]+)(\)))?(:)`,
    name: s("meta.facility"),
    captures: caps(
      "entity.name.tag.facility",
      "punctuation.section.parens.begin",
      "entity.name.function",
      "punctuation.section.parens.end",
      "punctuation.separator.facility",
    ),
  }),
  first(WORD_UPPER, {
    // `IKEv2:(SESSION ID = 1,SA ID = 1):`, `IKEv2-ERROR:`
    match: String.raw`\b(IKEv2)(?:(-)([A-Z]+))?(:)(?:(\()([^)]{1,80})(\))(:{1,2}))?`,
    name: s("meta.facility"),
    captures: caps(
      "entity.name.tag.facility",
      "punctuation.separator.channel",
      "entity.name.tag.channel",
      "punctuation.separator.facility",
      "punctuation.section.parens.begin",
      {
        patterns: [
          {
            match: String.raw`\b(SESSION ID|SA ID)\s*(=)\s*(\d+)`,
            captures: caps(
              "keyword.other",
              "keyword.operator.assignment",
              "constant.numeric.connection-id",
            ),
          },
        ],
      },
      "punctuation.section.parens.end",
      "punctuation.separator.facility",
    ),
  }),
  first(WORD_UPPER, {
    match: String.raw`\b(Crypto mapdb)\s?(:)`,
    name: s("meta.facility"),
    captures: caps(
      "entity.name.tag.facility",
      "punctuation.separator.facility",
    ),
  }),
  first(["upper", "lower"], {
    match: String.raw`\b(CRYPTO_PKI|CryptoEngine\d*|crypto_engine)(:)`,
    name: s("meta.facility"),
    captures: caps(
      "entity.name.tag.facility",
      "punctuation.separator.facility",
    ),
  }),
  first(["space", "nonAscii"], {
    // Attribute lines right after a bare `ISAKMP:` (`ISAKMP:      encryption DES-CBC`).
    match: `\\s(?<=ISAKMP:\\s)\\s*(${ATTRIBUTES})\\b`,
    captures: caps("variable.other.attribute"),
  }),
];

/** IKEv1 state machine lines: `Old State = ... New State = ...`, `Input = ...`. */
const STATE_TRANSITION = [
  first(WORD_UPPER, {
    match: String.raw`\b(Old State)\s*(=)\s*(\S+)\s+(New State)\s*(=)\s*(\S+)`,
    name: s("meta.state-transition"),
    captures: caps(
      "keyword.other.state",
      "keyword.operator.assignment",
      { patterns: [{ include: "#stateName" }] },
      "keyword.other.state",
      "keyword.operator.assignment",
      { patterns: [{ include: "#stateName" }] },
    ),
  }),
  first(WORD_UPPER, {
    // `Input = IKE_MESG_FROM_PEER, IKE_MM_EXCH`: who sent the event, and the event.
    match: String.raw`\b(Input)\s*(=)\s*(IKE_[A-Z0-9_]+)(,)?`,
    captures: caps(
      "keyword.other.state",
      "keyword.operator.assignment",
      "support.function.event",
      "punctuation.separator.comma",
    ),
  }),
  first(["lower"], {
    match: String.raw`\b(state)\s*(=)\s*([A-Z][A-Z0-9_]*)`,
    captures: caps("keyword.other.state", "keyword.operator.assignment", {
      patterns: [{ include: "#stateName" }],
    }),
  }),
];

/** Roles, payloads, exchanges, directions and states of a negotiation. */
const NEGOTIATION = [
  first(["("], {
    // `(I)` initiator, `(R)` responder, `(N)` a packet for no SA yet.
    match: String.raw`(?<=\s)(\()(I)(\))(?=\s|$)`,
    name: s("meta.role"),
    captures: caps(
      "punctuation.section.parens.begin",
      "constant.language.role.initiator",
      "punctuation.section.parens.end",
    ),
  }),
  first(["("], {
    match: String.raw`(?<=\s)(\()(R)(\))(?=\s|$)`,
    name: s("meta.role"),
    captures: caps(
      "punctuation.section.parens.begin",
      "constant.language.role.responder",
      "punctuation.section.parens.end",
    ),
  }),
  first(["("], {
    match: String.raw`(?<=\s)(\()(N)(\))(?=\s|$)`,
    name: s("meta.role"),
    captures: caps(
      "punctuation.section.parens.begin",
      "constant.language.role.new",
      "punctuation.section.parens.end",
    ),
  }),
  first(FOLDED, {
    match: `(?<![\\w-])(${PAYLOADS})(?=\\s+payload\\b)`,
    captures: caps("support.type.payload"),
  }),
  first(WORD_UPPER, {
    // `processing NOTIFY PROPOSAL_NOT_CHOSEN protocol 3`
    match: String.raw`\b(NOTIFY)(?:\s+([A-Z][A-Z0-9_]+))?\b`,
    captures: caps("support.type.payload", "constant.language.notify"),
  }),
  first(WORD_UPPER, {
    // IKEv2 `Payload contents:` followed by the payload names.
    match: String.raw`\b(Payload contents)(:)(.*)$`,
    captures: caps("keyword.other", "punctuation.separator.colon", {
      patterns: [
        {
          match: String.raw`(?<![\w-])(?:[A-Z][A-Za-z_-]*)(?![\w-])`,
          name: s("support.type.payload"),
        },
        { include: "#tokens" },
      ],
    }),
  }),
  first(WORD_UPPER, {
    match: String.raw`\b(IKE_SA_INIT|IKE_AUTH|CREATE_CHILD_SA|INFORMATIONAL)\b`,
    name: s("support.type.exchange"),
  }),
  first(FOLDED, {
    match: String.raw`\b${firstCharSwitch(["main mode", "quick mode", "aggressive mode"], { ignoreCase: true })}\b`,
    name: s("support.type.exchange"),
  }),
  first(FOLDED, {
    match: String.raw`(?i:\b(sending packet|sending)\b)(?=\s+(?:packet\s+)?(?:to|\[to)\b)`,
    name: s("keyword.other.direction.send"),
  }),
  first(FOLDED, {
    match: String.raw`(?i:\b(received packet|received)\b)(?=\s+(?:packet\s+)?(?:from|\[from)\b)`,
    name: s("keyword.other.direction.receive"),
  }),
  first(["("], {
    match: String.raw`(\()(VPI|basic)(\))`,
    captures: caps(
      "punctuation.section.parens.begin",
      "storage.modifier.encoding",
      "punctuation.section.parens.end",
    ),
  }),
  first(WORD_UPPER, {
    match: COMPLETE_STATES,
    name: s("constant.language.state.complete"),
  }),
  first(WORD_UPPER, { match: STATES, name: s("constant.language.state") }),
  first(WORD_UPPER, {
    match: String.raw`\bIKE_[A-Z0-9_]+\b`,
    name: s("support.function.event"),
  }),
  first(WORD_UPPER, {
    match: String.raw`\b(?:ID|CT)_[A-Z0-9_]+\b`,
    name: s("constant.language.id-type"),
  }),
];

/** Headings, labels, counters and statuses of `show` output. */
const SHOW_OUTPUT = [
  first(INDENTED_WORD, {
    match: `^\\s*((?:${TABLE_HEADERS.join("|")}).*)$`,
    captures: caps("markup.heading.table"),
  }),
  first(INDENTED_WORD, {
    match: String.raw`^\s*((?:inbound|outbound)\s+(?:esp|ah|pcp)\s+sas)(:)`,
    captures: caps("markup.heading.section", "punctuation.separator.colon"),
  }),
  first(INDENTED_WORD, {
    match: String.raw`^\s*((?:Extended|Standard|Reflexive)\s+(?:IP|IPv6|MAC)\s+access\s+list)\s+(\S+)`,
    captures: caps("markup.heading.section", "entity.name.type.acl"),
  }),
  first(INDENTED_WORD, {
    match: String.raw`^\s*(Crypto Map)(?:\s+(IPv4|IPv6))?\s+(")([^"]*)(")\s+(\d+)(?:\s+(\S+))?`,
    captures: caps(
      "markup.heading.section",
      "keyword.other",
      "punctuation.definition.string.begin",
      "entity.name.type.crypto-map",
      "punctuation.definition.string.end",
      "constant.numeric.sequence",
      "constant.language.mode",
    ),
  }),
  first(INDENTED_WORD, {
    match: String.raw`^\s*(Protection suite of priority)\s+(\d+)`,
    captures: caps("markup.heading.section", "entity.name.type.isakmp-policy"),
  }),
  first(INDENTED_WORD, {
    match: String.raw`^\s*(Default protection suite|Crypto session current status|(?:IPv4|IPv6) Crypto (?:ISAKMP|IKEv2)\s+SA)\b`,
    captures: caps("markup.heading.section"),
  }),
  first(INDENTED_WORD, {
    match: String.raw`^\s*(Transform set)\s+([^:\s]+)(:)`,
    captures: caps(
      "markup.heading.section",
      "entity.name.type.transform-set",
      "punctuation.separator.colon",
    ),
  }),
  first(["upper", "lower"], {
    match: String.raw`^(interface|Interface)(:)\s*(\S+)`,
    captures: caps("markup.heading.section", "punctuation.separator.colon", {
      patterns: [{ include: "#interface" }],
    }),
  }),
  first(["upper", "lower"], {
    // What the router says back to a command: dimmed, it is not capture data.
    match: String.raw`^((?:Enter configuration commands, one per line\.|All possible debugging has been turned off|[A-Za-z][\w -]{0,40} debugging is (?:on|off)\b).*)$`,
    captures: caps("comment.line.console"),
  }),
  first(["space", "nonAscii", "_", "-", "="], {
    match: String.raw`^\s*(_{5,}|-{5,}|={5,})\s*$`,
    captures: caps("punctuation.separator.line"),
  }),
  { include: "source.cisco-ios#aclEntry" },
  { include: "source.cisco-ios#accessList" },
  first(["#"], {
    // `#send errors 6`: a counted error is worth a look.
    match: String.raw`(#{1,2}[A-Za-z][\w.' -]{0,40}?(?:errors?|failed|failures)(?:\s\([a-z]+\))?)(:?)\s+([1-9]\d*)\b`,
    captures: caps(
      "variable.other.counter",
      "punctuation.separator.colon",
      "invalid.illegal.counter",
    ),
  }),
  first(["#"], {
    match: String.raw`(#{1,2}[A-Za-z][\w.' -]{0,40}?(?:\s\([a-z]+\))?)(:?)\s+(\d+)\b`,
    captures: caps(
      "variable.other.counter",
      "punctuation.separator.colon",
      "constant.numeric.integer",
    ),
  }),
  first(["space", "nonAscii"], {
    // Indented `label: value` and `label = value` lines of show output.
    match: `^\\s+${NOT_LABELS}([A-Za-z][\\w .#/()'-]{0,48}?)\\s?([:=])(?=\\s|$|\\{|\\()`,
    captures: caps("variable.other.label", "punctuation.separator.key-value"),
  }),
  first(["lower"], {
    match: String.raw`\b(is)\s+(up)\b`,
    captures: caps("keyword.other", "constant.language.status.up"),
  }),
  first(["lower"], {
    match: String.raw`\b(is)\s+((?:administratively\s+)?down)\b`,
    captures: caps("keyword.other", "constant.language.status.down"),
  }),
  first(WORD_UPPER, {
    match: String.raw`\b(?:UP-ACTIVE|UP-IDLE|UP-NO-IKE|UP|ACTIVE|READY)\b`,
    name: s("constant.language.status.up"),
  }),
  first(WORD_UPPER, {
    match: String.raw`\b(?:DOWN-NEGOTIATING|DOWN|Inactive)\b`,
    name: s("constant.language.status.down"),
  }),
  first(["lower"], {
    match: String.raw`\b(is turned off)\b`,
    captures: caps("constant.language.status.down"),
  }),
  first(["upper"], {
    // The end of a `show ip interface brief` row: OK?, Method, Status and Protocol.
    match: String.raw`\b(?:YES|NO)[ \t]+[A-Za-z]{2,12}[ \t]+(?:(up)|(administratively[ \t]+down|down|deleted))[ \t]+(?:(up)|(down))[ \t]*$`,
    captures: caps(
      "constant.language.status.up",
      "constant.language.status.down",
      "constant.language.status.up",
      "constant.language.status.down",
    ),
  }),
];

/** Values anywhere in a line: strings, addresses, interfaces, algorithms, numbers. */
const TOKENS = [
  first(['"'], { match: String.raw`"[^"]*"`, name: s("string.quoted.double") }),
  first(NUMBER, {
    // `(10.1.1.0/255.255.255.0/0/0)`: address, mask, protocol, port.
    match: String.raw`${LB}(${IPV4_BARE})(/)(${IPV4_BARE})(/)(\d+)(/)(\d+)`,
    name: s("meta.proxy-identity"),
    captures: caps(
      "constant.numeric.ipv4",
      "punctuation.separator.slash",
      "constant.numeric.mask",
      "punctuation.separator.slash",
      "constant.numeric.protocol",
      "punctuation.separator.slash",
      "constant.numeric.port",
    ),
  }),
  first(NUMBER, {
    // `192.0.2.2:500`, and `192.0.2.2/4500` where the number is too big for a prefix.
    match: String.raw`${LB}(${IPV4_BARE})(?:(:)(\d{1,5})|(/)(\d{3,5}))\b`,
    captures: caps(
      "constant.numeric.ipv4",
      "punctuation.separator.port",
      "constant.numeric.port",
      "punctuation.separator.port",
      "constant.numeric.port",
    ),
  }),
  { include: "#address" },
  { include: "#interface" },
  first(
    ["upper", "lower", "digit", "nonAscii"],
    { match: ALGORITHM, name: s("constant.language.algorithm") },
    {
      upper: ALGORITHM_BY_CHARACTER.ascii,
      lower: ALGORITHM_BY_CHARACTER.ascii,
      digit: ALGORITHM_BY_CHARACTER.ascii,
      nonAscii: ALGORITHM_BY_CHARACTER.nonAscii,
    },
  ),
  first(["digit"], {
    match: String.raw`\b0x[0-9A-Fa-f]+\b`,
    name: s("constant.numeric.hex"),
  }),
  first(["digit", "upper"], {
    match: String.raw`\b(?=[0-9]{0,15}[A-F])[0-9A-F]{8}(?:[0-9A-F]{8})?\b`,
    name: s("constant.numeric.hex"),
  }),
  first(NUMBER, {
    match: String.raw`\b\d{1,2}:\d{2}:\d{2}(?:\.\d{1,6})?\b`,
    name: s("constant.numeric.time"),
  }),
  first(["lower"], {
    match: String.raw`\b(seconds|kilobytes|kilobyte|bytes|bit)\b`,
    name: s("keyword.other.unit"),
  }),
  first(["-", "digit", "nonAscii"], {
    match: String.raw`(?<![\w.-])-?\d+(?:\.\d+)?(?![\w.])`,
    name: s("constant.numeric.integer"),
  }),
];

/** The address rule, shared with the key table. */
const ADDRESS = addressRule(s, caps);
first(NUMBER, ADDRESS.patterns[0]);
first(NUMBER, ADDRESS.patterns[1]);
// IPv6: a hex digit or `::`.
first(["digit", "upper", "lower", ":"], ADDRESS.patterns[2]);

/** Interface names, also read inside `interface:` headings. */
const INTERFACE_RULE = first(
  FOLDED,
  { match: INTERFACE, name: s("entity.name.type.interface") },
  {
    upper: INTERFACE_BY_CHARACTER.ascii,
    lower: INTERFACE_BY_CHARACTER.ascii,
    nonAscii: INTERFACE_BY_CHARACTER.nonAscii,
  },
);

/** Every rule that can read a piece of a line, in order of preference. */
const LINE = [
  ...TIMESTAMP,
  ...SYSLOG,
  ...FACILITY,
  ...STATE_TRANSITION,
  ...NEGOTIATION,
  ...SHOW_OUTPUT,
  ...TOKENS.flatMap((rule) =>
    rule.include === "#address"
      ? ADDRESS.patterns
      : rule.include === "#interface"
        ? [INTERFACE_RULE]
        : [rule],
  ),
];

/** Whether a rule can only match at the start of a line (`^`, or `\G` right after a prompt). */
function opensLine(rule) {
  const regex = rule.match ?? rule.begin ?? "";
  return (
    rule.include?.startsWith("source.cisco-ios#") === true ||
    regex.startsWith("^") ||
    regex.startsWith(String.raw`(?:^|\G)`)
  );
}

/** The rules that can still match once a line's first token is read. */
const REST = LINE.filter((rule) => !opensLine(rule));
for (const rule of REST) {
  const regex = rule.match ?? "";
  // `^` outside a character class (escapes and classes removed first).
  const anchored = regex
    .replace(/\\./g, "")
    .replace(/\[[^\]]*\]/g, "")
    .includes("^");
  // After a begin rule `\G` holds where its match ended: a `\G` rule would match there too.
  if (rule.match === undefined || regex.includes("\\G") || anchored) {
    throw new Error(`rule not allowed after a line's first token: ${regex}`);
  }
}

/**
 * The end of a line's first-token rules (firstOnLine). It never matches: they end with the rule
 * that lasts the line, when the next line starts, so no scan is spent looking for the end of the
 * line. Inside a failure or success line they end at `$` instead: there the line's last token has
 * always stopped before the line break (only its end offset differs, which the snapshots show and
 * VS Code ignores).
 */
const UNTIL_LINE_END = String.raw`\x{FFFF}(?!)`;

/** A copy of a rule, with `#name` includes pointed at the config grammar that holds them. */
function fromConfigGrammar(rule) {
  if (Array.isArray(rule)) {
    return rule.map(fromConfigGrammar);
  }
  if (rule === null || typeof rule !== "object") {
    return rule;
  }
  return Object.fromEntries(
    Object.entries(rule).map(([key, value]) => [
      key,
      key === "include" && value.startsWith("#")
        ? `source.cisco-ios${value}`
        : fromConfigGrammar(value),
    ]),
  );
}

/** A rule's regex without the `^` or `(?:^|\G)` that ties it to the start of a line. */
function unanchored(regex) {
  for (const start of ["^", String.raw`(?:^|\G)`]) {
    if (regex.startsWith(start)) {
      return regex.slice(start.length);
    }
  }
  return regex;
}

/**
 * A rule as the first token of a line: the same match tied to the start of the line with `\G`,
 * then the rest of the line read by #rest. Inside a rule that lasts a line and starts empty, `\G`
 * holds at the start of the line alone, and a scanner whose patterns all start with `\G` tries
 * that position alone, where one that holds `^` rules searches the whole line for each of them.
 * The rule's name goes to its whole match.
 */
function firstOnLine(rule, end) {
  return {
    begin: String.raw`\G(?:${unanchored(rule.match)})`,
    beginCaptures: rule.name
      ? { 0: { name: rule.name }, ...namedCaptures(rule) }
      : namedCaptures(rule),
    end,
    patterns: [{ include: "#rest" }],
  };
}

/**
 * The line rules other than timestamps as first tokens of a line, merged per first character (see
 * byFirstCharacter). The config grammar's ACL rules bring their own patterns: they stay apart,
 * between the merged rules before and after them, which keeps every rule's place in the order.
 */
function lineStartRules(end) {
  const out = [];
  let run = [];
  const closeRun = () => {
    for (const merged of byFirstCharacter(run, (rule) =>
      unanchored(rule.match),
    )) {
      out.push({
        begin: String.raw`\G(?=${merged.test})${merged.regex}`,
        beginCaptures: merged.captures,
        end,
        patterns: [{ include: "#rest" }],
      });
    }
    run = [];
  };
  for (const rule of LINE.slice(TIMESTAMP.length)) {
    const external = rule.include?.match(/^source\.cisco-ios#(\w+)$/);
    if (!external) {
      run.push(rule);
      continue;
    }
    closeRun();
    const target = ciscoIos.repository[external[1]];
    for (const configRule of target.begin || target.match
      ? [target]
      : target.patterns) {
      const copy = fromConfigGrammar(configRule);
      out.push(
        copy.match
          ? firstOnLine(copy, end)
          : { ...copy, begin: String.raw`\G${unanchored(copy.begin)}` },
      );
    }
  }
  closeRun();
  return out;
}

/**
 * Reads one line: the rule lasts to the end of its line (its `while` never matches, so the next
 * line starts without it). Its patterns start with `\G`, which holds only at the start of the
 * line (see firstOnLine).
 */
function lineRule(begin, name, patterns) {
  return { begin, while: "(?!)", ...(name ? { name } : {}), patterns };
}

/**
 * The timestamps that open most lines, merged into one rule that lasts the line (see lineRule),
 * read from the top: a context whose patterns hold #rest costs a compilation of #rest, so there is
 * one such context for them all.
 */
function timestampLine() {
  const merged = mergeRules(TIMESTAMP);
  return {
    begin: merged.regex,
    beginCaptures: merged.captures,
    while: "(?!)",
    patterns: [{ include: "#rest" }],
  };
}

/** The timestamps as the first token of a line (see firstOnLine), merged into one rule. */
function timestampFirst(end) {
  const merged = mergeRules(TIMESTAMP, (rule) => unanchored(rule.match));
  return {
    begin: String.raw`\G${merged.regex}`,
    beginCaptures: merged.captures,
    end,
    patterns: [{ include: "#rest" }],
  };
}

/** The rules of a line after its start, ending as `end` says, and the rule for the rest. */
function lineStart(end) {
  return [
    ...lineStartRules(end),
    // No rule matches at the start: the first token is further on.
    { begin: String.raw`\G(?=.)`, end, patterns: [{ include: "#rest" }] },
  ];
}

/** Prompts: a command typed in a configuration mode, or at the exec prompt. */
const PROMPT_RULES = [
  {
    // A command typed in a configuration mode is read by the config grammar, so a key
    // typed in `crypto isakmp key` is a secret here too.
    begin: String.raw`^(${HOST})(\()(${MODE})(\))(#)`,
    beginCaptures: caps(
      "entity.name.tag.hostname",
      "punctuation.definition.mode.begin",
      "entity.other.attribute-name.mode",
      "punctuation.definition.mode.end",
      "punctuation.separator.prompt",
    ),
    end: "$",
    name: s("meta.prompt.config"),
    contentName: s("meta.command.typed"),
    patterns: [{ include: "source.cisco-ios#commandLine" }],
  },
  {
    begin: String.raw`^(${HOST})([#>])`,
    beginCaptures: caps(
      "entity.name.tag.hostname",
      "punctuation.separator.prompt",
    ),
    end: "$",
    name: s("meta.prompt.exec"),
    contentName: s("meta.command.typed"),
    patterns: [{ include: "#execCommand" }],
  },
];

/** The parser's complaints: `% Invalid input detected at '^' marker.` */
const CLI_ERROR = {
  match: String.raw`^\s*(%)\s+(?:Invalid|Incomplete|Ambiguous|Unknown|Unrecognized|Bad|Error)\b.*$`,
  name: s("invalid.illegal.cli-error"),
};

/** Lines that report a failure: a phrase anywhere in the line. */
const FAILURE_AHEAD = `^(?=.*?${firstCharSwitch(FAILURES)}|${DROPS_IPSEC})`;

/** Lines that report a success. */
const SUCCESS_AHEAD = `^(?=.*?${firstCharSwitch(SUCCESSES)})`;

/**
 * A line-start rule tied to `\G` instead of `^`: after escape sequences that open a line (see
 * #terminalLine) the line's text starts where they end.
 */
function fromLineStart(rule) {
  const key = rule.begin !== undefined ? "begin" : "match";
  if (!rule[key].startsWith("^")) {
    throw new Error(`not a line-start rule: ${rule[key]}`);
  }
  return { ...rule, [key]: String.raw`\G` + rule[key].slice(1) };
}

/**
 * A regex whose word-start tests (`\b`, `(?<!...)`) also hold at `\G`: after escape sequences
 * that open a line, the character before the line's text is the sequence's last one (`ESC[0m`
 * ends with a letter), yet the text starts a word there. `\G` holds only where the match starts,
 * so the tests further on are unchanged. Character classes and escapes are skipped.
 */
function wordStartAtAnchor(regex) {
  let out = "";
  let inClass = false;
  for (let i = 0; i < regex.length; i++) {
    const c = regex[i];
    if (c === "\\") {
      const pair = regex.slice(i, i + 2);
      out += !inClass && pair === "\\b" ? String.raw`(?:\G|\b)` : pair;
      i++;
    } else if (inClass) {
      inClass = c !== "]";
      out += c;
    } else if (c === "[") {
      inClass = true;
      out += c;
    } else if (regex.startsWith("(?<!", i) || regex.startsWith("(?<=", i)) {
      const end = groupEnd(regex, i);
      out += String.raw`(?:\G|${regex.slice(i, end)})`;
      i = end - 1;
    } else {
      out += c;
    }
  }
  return out;
}

/** The index after the group that opens at `at` (escapes and classes skipped). */
function groupEnd(regex, at) {
  let depth = 0;
  let inClass = false;
  for (let i = at; i < regex.length; i++) {
    const c = regex[i];
    if (c === "\\") {
      i++;
    } else if (inClass) {
      inClass = c !== "]";
    } else if (c === "[") {
      inClass = true;
    } else if (c === "(") {
      depth++;
    } else if (c === ")" && --depth === 0) {
      return i + 1;
    }
  }
  return regex.length;
}

/** Rules as the first token after escape sequences: their word-start tests hold at `\G` too. */
function afterTerminalControls(rules) {
  return rules.map((rule) => ({
    ...rule,
    ...(rule.begin !== undefined
      ? { begin: wordStartAtAnchor(rule.begin) }
      : {}),
    ...(rule.match !== undefined
      ? { match: wordStartAtAnchor(rule.match) }
      : {}),
    ...(rule.patterns?.some((p) => p.include === "#reportLine")
      ? { patterns: [{ include: "#terminalReportLine" }] }
      : {}),
  }));
}

/** The grammar itself. */
export default {
  name: "Cisco IOS Log",
  scopeName: "source.cisco-ios-log",
  fileTypes: ["ioslog"],
  patterns: [
    { include: "#comment" },
    { include: "#terminalLine" },
    { include: "#runningConfig" },
    { include: "#keyTable" },
    { include: "#prompt" },
    { include: "#cliError" },
    { include: "#failureLine" },
    { include: "#successLine" },
    { include: "#timestampLine" },
    { include: "#line" },
  ],
  repository: {
    comment: {
      // Engineers annotate captures with `!` lines, as in configs; the grammar tests use them too.
      match: String.raw`^\s*(!).*$`,
      name: s("comment.line.exclamation"),
      captures: caps("punctuation.definition.comment"),
    },
    runningConfig: {
      // `show running-config` and friends: the config grammar reads the output up to the next
      // prompt, the next timestamped line, or the final `end`.
      patterns: [
        {
          begin: String.raw`^(${HOST})(?:(\()(${MODE})(\)))?([#>])\s*((?:sh|sho|show)\s+(?:run|running-config|start|startup-config|archive\s+config)\b.*|more\s+\S*(?:running-config|startup-config|-confg)\S*.*)$`,
          beginCaptures: caps(
            "entity.name.tag.hostname",
            "punctuation.definition.mode.begin",
            "entity.other.attribute-name.mode",
            "punctuation.definition.mode.end",
            "punctuation.separator.prompt",
            {
              name: s("meta.command.typed"),
              patterns: [
                {
                  // Captures are re-read without a \G anchor, so the verb is found by name here.
                  match: String.raw`(?<![\w-])(show|sho|sh|more)(?![\w-])`,
                  name: s("keyword.other.command.exec"),
                },
                { include: "source.cisco-ios#tokens" },
              ],
            },
          ),
          end: `^(?=${PROMPT_AHEAD}|${STAMP_AHEAD})|^(end)\\s*$`,
          endCaptures: { 1: { name: "keyword.control.end.cisco-ios" } },
          name: s("meta.prompt.output"),
          contentName: "meta.embedded.block.cisco-ios",
          patterns: [{ include: "source.cisco-ios" }],
        },
        {
          begin: String.raw`^(?=Building configuration\.\.\.\s*$)`,
          end: `^(?=${PROMPT_AHEAD}|${STAMP_AHEAD})|^(end)\\s*$`,
          endCaptures: { 1: { name: "keyword.control.end.cisco-ios" } },
          contentName: "meta.embedded.block.cisco-ios",
          patterns: [{ include: "source.cisco-ios" }],
        },
      ],
    },
    keyTable: {
      // `show crypto isakmp key`: the last column holds the pre-shared keys.
      begin: String.raw`^(?=\s*(?:Keyring\s+)?Hostname/Address\s+Preshared Key\s*$)`,
      // The table ends at a prompt or at the first line that is neither blank, the header, nor
      // two or three columns.
      end: String.raw`^(?=${PROMPT_AHEAD})|^(?!\s*$)(?!\s*(?:Keyring\s+)?Hostname/Address\s)(?!\s*\S+\s+\S+(?:\s+\S+)?\s*$)`,
      name: s("meta.table.keys"),
      patterns: [
        {
          match: String.raw`^\s*((?:Keyring\s+)?Hostname/Address\s+Preshared Key)\s*$`,
          captures: caps("markup.heading.table"),
        },
        {
          match: String.raw`^\s*(\S+)\s+(\S+)\s+(\S+)\s*$`,
          captures: caps(
            "entity.name.type.keyring",
            { patterns: [{ include: "#address" }] },
            "string.other.secret",
          ),
        },
        {
          match: String.raw`^\s*(\S+)\s+(\S+)\s*$`,
          captures: caps(
            { patterns: [{ include: "#address" }] },
            "string.other.secret",
          ),
        },
      ],
    },
    prompt: { patterns: PROMPT_RULES },
    execCommand: {
      patterns: [
        {
          match: String.raw`\G\s*([A-Za-z][\w-]*)`,
          captures: caps("keyword.other.command.exec"),
        },
        {
          match: String.raw`(\|)\s*([a-z]+)`,
          captures: caps("keyword.operator.pipe", "keyword.other.command.exec"),
        },
        { include: "source.cisco-ios#tokens" },
      ],
    },
    cliError: CLI_ERROR,
    failureLine: lineRule(FAILURE_AHEAD, s("invalid.illegal.failure"), [
      { include: "#reportLine" },
    ]),
    successLine: lineRule(SUCCESS_AHEAD, s("markup.inserted.success"), [
      { include: "#reportLine" },
    ]),
    reportLine: {
      patterns: [timestampFirst("$"), ...lineStart("$")],
    },
    timestampLine: timestampLine(),
    line: lineRule("^(?=.)", undefined, lineStart(UNTIL_LINE_END)),
    terminalLine: {
      // Escape sequences a terminal left at the start of a line, dimmed; the rest of the line is
      // read as it would be without them (from \G, where they end).
      begin: `^(${TERMINAL_CONTROLS})`,
      beginCaptures: caps("comment.other.escape"),
      while: "(?!)",
      patterns: afterTerminalControls([
        ...PROMPT_RULES.map(fromLineStart),
        fromLineStart(CLI_ERROR),
        lineRule(
          FAILURE_AHEAD.replace(/^\^/, "\\G"),
          s("invalid.illegal.failure"),
          [{ include: "#reportLine" }],
        ),
        lineRule(
          SUCCESS_AHEAD.replace(/^\^/, "\\G"),
          s("markup.inserted.success"),
          [{ include: "#reportLine" }],
        ),
        timestampFirst(UNTIL_LINE_END),
        ...lineStart(UNTIL_LINE_END),
      ]),
    },
    terminalReportLine: {
      patterns: afterTerminalControls([timestampFirst("$"), ...lineStart("$")]),
    },
    rest: {
      // The rest of a line after its first token, merged per first character.
      patterns: byFirstCharacter(REST).map((merged) => ({
        match: `(?=${merged.test})${merged.wordStart ? String.raw`(?<!\w)` : ""}${merged.regex}`,
        captures: merged.captures,
      })),
    },
    tokens: { patterns: TOKENS },
    stateName: {
      patterns: [
        { match: COMPLETE_STATES, name: s("constant.language.state.complete") },
        { match: String.raw`\S+`, name: s("constant.language.state") },
      ],
    },
    address: ADDRESS,
    interface: INTERFACE_RULE,
  },
};
