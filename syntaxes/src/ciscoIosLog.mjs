// The TextMate grammar of Cisco IOS captures (language `cisco-ios-log`, scope
// `source.cisco-ios-log`): debug output, console sessions with prompts and typed commands, syslog
// messages and `show` output.
//
// Lines are recognised one at a time. Three kinds of lines reach further: `show running-config`
// output (read by the config grammar until the next prompt or timestamped line), the key table of
// `show crypto isakmp key` (whose second column is a secret), and nothing else. A line that says a
// negotiation failed or succeeded is wrapped whole in a failure or success scope, decided once at
// the start of the line so the cost stays linear in its length.

import {
  ALGORITHM,
  INTERFACE,
  IPV4,
  IPV4_BARE,
  LB,
  MONTH,
  addressRule,
  scopeHelpers,
  words,
} from "./fragments.mjs";

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

/** Text that tells the engineer a negotiation or a check failed. */
const FAILURES = [
  String.raw`does not match policy`,
  String.raw`(?:atts|attributes) (?:are )?not acceptable`,
  String.raw`no offers accepted`,
  String.raw`SA (?:policy )?not acceptable`,
  String.raw`retransmit(?:ting)? phase [12]`,
  String.raw`incrementing error counter`,
  String.raw`can'?t initiate when turned off`,
  String.raw`ISAKMP is turned off`,
  String.raw`No Cert or pre-shared address key`,
  String.raw`No pre-shared key (?:with|for)`,
  String.raw`(?i:can ?not start (?:main|aggressive) mode)`,
  String.raw`reserved not zero`,
  String.raw`failed its sanity check`,
  String.raw`Notify has no hash`,
  String.raw`certificate invalid`,
  String.raw`Unknown Input`,
  String.raw`error TRUE`,
  String.raw`IKE_PROCESS_ERROR`,
  String.raw`\b(?:NO_)?PROPOSAL_NOT_CHOSEN\b`,
  String.raw`\bINVALID_[A-Z_]+\b`,
  String.raw`\bAUTHENTICATION_FAILED\b`,
  String.raw`\bPAYLOAD_MALFORMED\b`,
  String.raw`\bTS_UNACCEPTABLE\b`,
  String.raw`\bNO_ADDITIONAL_SAS\b`,
  String.raw`transform proposal not supported`,
  String.raw`proxy identities not supported`,
  String.raw`policy invalidated proposal`,
  String.raw`did not find matching map`,
  String.raw`\b(?:ISAKMP|IKEv2|IPSEC)-ERROR\b`,
  String.raw`in an incomplete state`,
  String.raw`current outbound spi: 0(?:x0)?(?:\(0\))?\s*$`,
  String.raw`\bis (?:administratively )?down\b`,
  String.raw`Session status: DOWN`,
  String.raw`(?i:\bmismatch)`,
  String.raw`(?i:\bno matching\b)`,
  String.raw`\b[Ff]ailed to\b`,
  String.raw`\bexchange failed\b`,
  String.raw`\bFAILED\b`,
  String.raw`[Aa]uthentication failed`,
  String.raw`Negotiation aborted`,
  String.raw`\bfailed with\b`,
];

/** An ACL entry that drops IKE or ESP traffic and has counted hits: the tunnel cannot come up. */
// Atomic groups keep the scan linear: the first port name found is the one that counts.
const DROPS_IPSEC = String.raw`\s*(?:\d+\s+)?deny\s+(?:esp|ahp|50|51|udp\b(?>[^(]*?\b(?:isakmp|non500-isakmp|500|4500)\b))[^(]*\([1-9]\d*\s+match`;

/** Text that tells the engineer a phase completed. */
const SUCCESSES = [
  String.raw`SA has been authenticated`,
  String.raw`Old State = (\S+) New State = (?!\1\b)(?:IKE_P1_COMPLETE|IKE_QM_PHASE2_COMPLETE)\b`,
  String.raw`atts are acceptable`,
  String.raw`Creating IPSec SAs`,
  String.raw`(?i:\bsa created\b)`,
  String.raw`\bPASSED\b`,
  String.raw`\bis UP\b`,
  String.raw`Session status: UP`,
];

/** States that mean a phase is established. */
const COMPLETE_STATES = String.raw`\b(?:IKE_P1_COMPLETE|IKE_QM_PHASE2_COMPLETE|QM_IDLE|MM_ACTIVE|AM_ACTIVE|AM_Active)\b`;

/** IKEv1 state names as IOS prints them. */
const STATES = String.raw`\b(?:IKE_(?:READY|DEST_SA|P1_COMPLETE|[IR]_(?:MM|AM)\d|QM_READY|QM_[IR]_QM\d|QM_PHASE2_COMPLETE|QM_SPI_STARVE|QM_IPSEC_INSTALL_AWAIT|QM_DEST_SA)|(?:MM|AG|AM|QM)_[A-Za-z0-9]+(?:_[A-Za-z0-9]+)*)\b`;

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

/** The grammar itself. */
export default {
  name: "Cisco IOS Log",
  scopeName: "source.cisco-ios-log",
  fileTypes: ["ioslog"],
  patterns: [
    { include: "#comment" },
    { include: "#runningConfig" },
    { include: "#keyTable" },
    { include: "#prompt" },
    { include: "#cliError" },
    { include: "#failureLine" },
    { include: "#successLine" },
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
    prompt: {
      patterns: [
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
      ],
    },
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
    cliError: {
      // The parser's complaints: `% Invalid input detected at '^' marker.`
      match: String.raw`^\s*(%)\s+(?:Invalid|Incomplete|Ambiguous|Unknown|Unrecognized|Bad|Error)\b.*$`,
      name: s("invalid.illegal.cli-error"),
    },
    failureLine: {
      begin: `^(?=.*?(?:${FAILURES.join("|")})|${DROPS_IPSEC})`,
      end: "$",
      name: s("invalid.illegal.failure"),
      patterns: [{ include: "#line" }],
    },
    successLine: {
      begin: `^(?=.*?(?:${SUCCESSES.join("|")}))`,
      end: "$",
      name: s("markup.inserted.success"),
      patterns: [{ include: "#line" }],
    },
    line: {
      patterns: [
        { include: "#timestamp" },
        { include: "#syslog" },
        { include: "#facility" },
        { include: "#stateTransition" },
        { include: "#negotiation" },
        { include: "#showOutput" },
        { include: "#tokens" },
      ],
    },
    timestamp: {
      patterns: [
        {
          // `Mar 7 16:14:29.027 GMT:`, `*Mar  1 00:13:31.891:`, `000123: *Mar 1 ...:`
          match: String.raw`^(?:(\d+)(:)\s+)?([*.]?)(${CLOCK_STAMP})(:)`,
          name: s("meta.timestamp"),
          captures: caps(
            "constant.numeric.sequence",
            "punctuation.separator.sequence",
            "punctuation.definition.timestamp.not-synced",
            "comment.other.timestamp",
            "punctuation.separator.timestamp",
          ),
        },
        {
          // Uptime stamps: `00:08:57:`, `1d02h:`.
          match: String.raw`^(?:(\d+)(:)\s+)?([*.]?)(${UPTIME_STAMP})(:)(?=\s|$)`,
          name: s("meta.timestamp"),
          captures: caps(
            "constant.numeric.sequence",
            "punctuation.separator.sequence",
            "punctuation.definition.timestamp.not-synced",
            "comment.other.timestamp",
            "punctuation.separator.timestamp",
          ),
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
      ],
    },
    syslog: {
      // `%CRYPTO-4-IKMP_BAD_MESSAGE:` scoped by its severity digit.
      patterns: SEVERITIES.flatMap((scope, level) => [
        {
          match: String.raw`(?<![\w%-])(%[A-Z][A-Z0-9_]{0,30}(?:-[A-Z][A-Z0-9_]{0,10})?-${level}-[A-Z][A-Z0-9_]*)(:)?`,
          captures: caps(
            `${scope} meta.syslog.tag`,
            "punctuation.separator.syslog",
          ),
        },
        {
          match: String.raw`(?<![\w%-])([A-Z][A-Z0-9_]{0,30}(?:-[A-Z][A-Z0-9_]{0,10})?-${level}-[A-Z][A-Z0-9_]*)(:)`,
          captures: caps(
            `${scope} meta.syslog.tag`,
            "punctuation.separator.syslog",
          ),
        },
      ]),
    },
    facility: {
      patterns: [
        {
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
        },
        {
          // `ISAKMP:`, `ISAKMP-PAK:`, `ISAKMP-ERROR:`
          match: String.raw`\b(ISAKMP|ISKAMP)(?:(-)([A-Z]+))?(:)`,
          name: s("meta.facility"),
          captures: caps(
            "entity.name.tag.facility",
            "punctuation.separator.channel",
            "entity.name.tag.channel",
            "punctuation.separator.facility",
          ),
        },
        {
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
        },
        {
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
        },
        {
          match: String.raw`\b(Crypto mapdb)\s?(:)`,
          name: s("meta.facility"),
          captures: caps(
            "entity.name.tag.facility",
            "punctuation.separator.facility",
          ),
        },
        {
          match: String.raw`\b(CRYPTO_PKI|CryptoEngine\d*|crypto_engine)(:)`,
          name: s("meta.facility"),
          captures: caps(
            "entity.name.tag.facility",
            "punctuation.separator.facility",
          ),
        },
        {
          // Attribute lines right after a bare `ISAKMP:` (`ISAKMP:      encryption DES-CBC`).
          match: `(?<=ISAKMP:)\\s+(${ATTRIBUTES})\\b`,
          captures: caps("variable.other.attribute"),
        },
      ],
    },
    stateTransition: {
      patterns: [
        {
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
        },
        {
          // `Input = IKE_MESG_FROM_PEER, IKE_MM_EXCH`: who sent the event, and the event.
          match: String.raw`\b(Input)\s*(=)\s*(IKE_[A-Z0-9_]+)(,)?`,
          captures: caps(
            "keyword.other.state",
            "keyword.operator.assignment",
            "support.function.event",
            "punctuation.separator.comma",
          ),
        },
        {
          match: String.raw`\b(state)\s*(=)\s*([A-Z][A-Z0-9_]*)`,
          captures: caps("keyword.other.state", "keyword.operator.assignment", {
            patterns: [{ include: "#stateName" }],
          }),
        },
      ],
    },
    stateName: {
      patterns: [
        { match: COMPLETE_STATES, name: s("constant.language.state.complete") },
        { match: String.raw`\S+`, name: s("constant.language.state") },
      ],
    },
    negotiation: {
      patterns: [
        {
          // `(I)` initiator, `(R)` responder, `(N)` a packet for no SA yet.
          match: String.raw`(?<=\s)(\()(I)(\))(?=\s|$)`,
          name: s("meta.role"),
          captures: caps(
            "punctuation.section.parens.begin",
            "constant.language.role.initiator",
            "punctuation.section.parens.end",
          ),
        },
        {
          match: String.raw`(?<=\s)(\()(R)(\))(?=\s|$)`,
          name: s("meta.role"),
          captures: caps(
            "punctuation.section.parens.begin",
            "constant.language.role.responder",
            "punctuation.section.parens.end",
          ),
        },
        {
          match: String.raw`(?<=\s)(\()(N)(\))(?=\s|$)`,
          name: s("meta.role"),
          captures: caps(
            "punctuation.section.parens.begin",
            "constant.language.role.new",
            "punctuation.section.parens.end",
          ),
        },
        {
          match: `(?<![\\w-])(${PAYLOADS})(?=\\s+payload\\b)`,
          captures: caps("support.type.payload"),
        },
        {
          // `processing NOTIFY PROPOSAL_NOT_CHOSEN protocol 3`
          match: String.raw`\b(NOTIFY)(?:\s+([A-Z][A-Z0-9_]+))?\b`,
          captures: caps("support.type.payload", "constant.language.notify"),
        },
        {
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
        },
        {
          match: String.raw`\b(IKE_SA_INIT|IKE_AUTH|CREATE_CHILD_SA|INFORMATIONAL)\b`,
          name: s("support.type.exchange"),
        },
        {
          match: String.raw`(?i:\b(?:main|quick|aggressive) mode\b)`,
          name: s("support.type.exchange"),
        },
        {
          match: String.raw`(?i:\b(sending packet|sending)\b)(?=\s+(?:packet\s+)?(?:to|\[to)\b)`,
          name: s("keyword.other.direction.send"),
        },
        {
          match: String.raw`(?i:\b(received packet|received)\b)(?=\s+(?:packet\s+)?(?:from|\[from)\b)`,
          name: s("keyword.other.direction.receive"),
        },
        {
          match: String.raw`(\()(VPI|basic)(\))`,
          captures: caps(
            "punctuation.section.parens.begin",
            "storage.modifier.encoding",
            "punctuation.section.parens.end",
          ),
        },
        { match: COMPLETE_STATES, name: s("constant.language.state.complete") },
        { match: STATES, name: s("constant.language.state") },
        {
          match: String.raw`\bIKE_[A-Z0-9_]+\b`,
          name: s("support.function.event"),
        },
        {
          match: String.raw`\b(?:ID|CT)_[A-Z0-9_]+\b`,
          name: s("constant.language.id-type"),
        },
      ],
    },
    showOutput: {
      patterns: [
        {
          match: `^\\s*((?:${TABLE_HEADERS.join("|")}).*)$`,
          captures: caps("markup.heading.table"),
        },
        {
          match: String.raw`^\s*((?:inbound|outbound)\s+(?:esp|ah|pcp)\s+sas)(:)`,
          captures: caps(
            "markup.heading.section",
            "punctuation.separator.colon",
          ),
        },
        {
          match: String.raw`^\s*((?:Extended|Standard|Reflexive)\s+(?:IP|IPv6|MAC)\s+access\s+list)\s+(\S+)`,
          captures: caps("markup.heading.section", "entity.name.type.acl"),
        },
        {
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
        },
        {
          match: String.raw`^\s*(Protection suite of priority)\s+(\d+)`,
          captures: caps(
            "markup.heading.section",
            "entity.name.type.isakmp-policy",
          ),
        },
        {
          match: String.raw`^\s*(Default protection suite|Crypto session current status|(?:IPv4|IPv6) Crypto (?:ISAKMP|IKEv2)\s+SA)\b`,
          captures: caps("markup.heading.section"),
        },
        {
          match: String.raw`^\s*(Transform set)\s+([^:\s]+)(:)`,
          captures: caps(
            "markup.heading.section",
            "entity.name.type.transform-set",
            "punctuation.separator.colon",
          ),
        },
        {
          match: String.raw`^(interface|Interface)(:)\s*(\S+)`,
          captures: caps(
            "markup.heading.section",
            "punctuation.separator.colon",
            {
              patterns: [{ include: "#interface" }],
            },
          ),
        },
        {
          // What the router says back to a command: dimmed, it is not capture data.
          match: String.raw`^((?:Enter configuration commands, one per line\.|All possible debugging has been turned off|[A-Za-z][\w -]{0,40} debugging is (?:on|off)\b).*)$`,
          captures: caps("comment.line.console"),
        },
        {
          match: String.raw`^\s*(_{5,}|-{5,}|={5,})\s*$`,
          captures: caps("punctuation.separator.line"),
        },
        { include: "source.cisco-ios#aclEntry" },
        { include: "source.cisco-ios#accessList" },
        {
          // `#send errors 6`: a counted error is worth a look.
          match: String.raw`(#{1,2}[A-Za-z][\w.' -]{0,40}?(?:errors?|failed|failures)(?:\s\([a-z]+\))?)(:?)\s+([1-9]\d*)\b`,
          captures: caps(
            "variable.other.counter",
            "punctuation.separator.colon",
            "invalid.illegal.counter",
          ),
        },
        {
          match: String.raw`(#{1,2}[A-Za-z][\w.' -]{0,40}?(?:\s\([a-z]+\))?)(:?)\s+(\d+)\b`,
          captures: caps(
            "variable.other.counter",
            "punctuation.separator.colon",
            "constant.numeric.integer",
          ),
        },
        {
          // Indented `label: value` and `label = value` lines of show output.
          match: `^\\s+${NOT_LABELS}([A-Za-z][\\w .#/()'-]{0,48}?)\\s?([:=])(?=\\s|$|\\{|\\()`,
          captures: caps(
            "variable.other.label",
            "punctuation.separator.key-value",
          ),
        },
        {
          match: String.raw`\b(is)\s+(up)\b`,
          captures: caps("keyword.other", "constant.language.status.up"),
        },
        {
          match: String.raw`\b(is)\s+((?:administratively\s+)?down)\b`,
          captures: caps("keyword.other", "constant.language.status.down"),
        },
        {
          match: String.raw`\b(?:UP-ACTIVE|UP-IDLE|UP-NO-IKE|UP|ACTIVE|READY)\b`,
          name: s("constant.language.status.up"),
        },
        {
          match: String.raw`\b(?:DOWN-NEGOTIATING|DOWN|Inactive)\b`,
          name: s("constant.language.status.down"),
        },
        {
          match: String.raw`\b(is turned off)\b`,
          captures: caps("constant.language.status.down"),
        },
      ],
    },
    tokens: {
      patterns: [
        { match: String.raw`"[^"]*"`, name: s("string.quoted.double") },
        {
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
        },
        {
          // `192.0.2.2:500`, and `192.0.2.2/4500` where the number is too big for a prefix.
          match: String.raw`${LB}(${IPV4_BARE})(?:(:)(\d{1,5})|(/)(\d{3,5}))\b`,
          captures: caps(
            "constant.numeric.ipv4",
            "punctuation.separator.port",
            "constant.numeric.port",
            "punctuation.separator.port",
            "constant.numeric.port",
          ),
        },
        { include: "#address" },
        { include: "#interface" },
        { match: ALGORITHM, name: s("constant.language.algorithm") },
        {
          match: String.raw`\b0x[0-9A-Fa-f]+\b`,
          name: s("constant.numeric.hex"),
        },
        {
          match: String.raw`\b(?=[0-9]{0,15}[A-F])[0-9A-F]{8}(?:[0-9A-F]{8})?\b`,
          name: s("constant.numeric.hex"),
        },
        {
          match: String.raw`\b\d{1,2}:\d{2}:\d{2}(?:\.\d{1,6})?\b`,
          name: s("constant.numeric.time"),
        },
        {
          match: String.raw`\b(seconds|kilobytes|kilobyte|bytes|bit)\b`,
          name: s("keyword.other.unit"),
        },
        {
          match: String.raw`(?<![\w.-])-?\d+(?:\.\d+)?(?![\w.])`,
          name: s("constant.numeric.integer"),
        },
      ],
    },
    address: addressRule(s, caps),
    interface: {
      match: INTERFACE,
      name: s("entity.name.type.interface"),
    },
  },
};
