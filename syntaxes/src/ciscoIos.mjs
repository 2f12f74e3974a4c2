// The TextMate grammar of Cisco IOS configurations (language `cisco-ios`, scope `source.cisco-ios`).
//
// Every line is one rule that ends at the end of the line: a `!` comment, a section head (an
// unindented line that opens a mode: interface, crypto map, isakmp policy, access list...), an
// indented child, or an unindented global command. The command itself is read by `#commandLine`,
// whose rules are anchored with `\G` so that the capture grammar can reuse them after a prompt such
// as `Tokyo(config-if)#`. Only banners and certificate blobs span several lines.

import {
  ALGORITHM,
  INTERFACE,
  IPV4,
  IPV4_BARE,
  IPV6,
  LB,
  NETMASK_BARE,
  RB,
  SECRET_TYPE,
  WILDCARD_LIKE_BARE,
  addressRule,
  scopeHelpers,
  words,
} from "./fragments.mjs";

const SUFFIX = "cisco-ios";

const { s, caps } = scopeHelpers(SUFFIX);

/** Secret scopes: themes and users dim or hide `string.other.secret`. */
const SECRET = "string.other.secret";
const SECRET_KIND = "constant.numeric.encryption-type";

/** Unindented commands that open a configuration mode (their children are indented). */
const SECTION_HEADS = [
  String.raw`interface\s`,
  String.raw`router\s`,
  String.raw`line\s`,
  String.raw`crypto\s+map\s+(?:ipv6\s+)?\S+\s+\d+\b(?!\s+(?:set|match)\b)`,
  String.raw`crypto\s+dynamic-map\s`,
  String.raw`crypto\s+isakmp\s+(?:policy|profile|peer)\s`,
  String.raw`crypto\s+isakmp\s+client\s+configuration\s+group\s`,
  String.raw`crypto\s+ikev2\s+(?:proposal|policy|profile|keyring|authorization\s+policy|client\s+flexvpn)\s`,
  String.raw`crypto\s+ipsec\s+(?:transform-set|profile|client\s+ezvpn)\s`,
  String.raw`crypto\s+(?:keyring|identity|gdoi\s+group)\s`,
  String.raw`crypto\s+(?:pki|ca)\s+(?:trustpoint|certificate\s+(?:chain|map)|server|profile|identity)\s`,
  String.raw`crypto\s+key\s+pubkey-chain\s`,
  String.raw`ip\s+access-list\s+(?:extended|standard|role-based)\s`,
  String.raw`(?:ipv6|mac)\s+access-list\s`,
  String.raw`ip\s+(?:vrf|dhcp\s+pool|sla)\s`,
  String.raw`vrf\s+definition\s`,
  String.raw`route-map\s`,
  String.raw`key\s+chain\s`,
  String.raw`(?:class-map|policy-map|object-group|parameter-map|track|controller|template|virtual-service|dial-peer)\s`,
  String.raw`(?:zone|zone-pair)\s+security\s`,
  String.raw`aaa\s+group\s+server\s`,
  String.raw`(?:radius|tacacs)\s+server\s`,
  String.raw`(?:redundancy|control-plane|archive|call-home)\s*$`,
  String.raw`subscriber\s+templating`,
  String.raw`spanning-tree\s+mst\s+configuration`,
  String.raw`tunnel-group\s+\S+\s+(?:general|ipsec|webvpn)-attributes`,
  String.raw`group-policy\s+\S+\s+attributes`,
];

/** First words of commands that configure IKE or IPsec. */
const CRYPTO_COMMANDS = words([
  "crypto",
  "encr",
  "encryption",
  "hash",
  "authentication",
  "group",
  "lifetime",
  "integrity",
  "prf",
  "keyring",
  "pre-shared-key",
  "self-identity",
  "local-address",
  "mode",
  "proposal",
  "ikev1",
  "ikev2",
]);

/** Later words of a command that belong to IKE and IPsec. */
const CRYPTO_WORDS = words([
  "crypto",
  "isakmp",
  "ikev1",
  "ikev2",
  "ipsec",
  "transform-set",
  "transform-sets",
  "peer",
  "pfs",
  "isakmp-profile",
  "ikev2-profile",
  "keyring",
  "pre-shared-key",
  "security-association",
  "lifetime",
  "identity",
  "self-identity",
  "local-address",
  "protection",
  "profile",
  "policy",
  "proposal",
  "dynamic-map",
  "trustpoint",
  "pki",
  "df-bit",
  "keepalive",
  "nat",
  "replay",
  "window-size",
  "aggressive-mode",
  "xauth",
  "no-xauth",
  "reverse-route",
  "enable",
]);

/** Modes and methods that are values rather than commands. */
const CRYPTO_VALUES = words([
  "ipsec-isakmp",
  "ipsec-manual",
  "gdoi",
  "tunnel",
  "transport",
  "gre",
  "ipv4",
  "ipv6",
  "periodic",
  "on-demand",
  "main-mode",
]);

/** Other words engineers look for in a command. */
const KEYWORDS = words([
  "address",
  "addresses",
  "hostname",
  "host",
  "mask",
  "area",
  "secondary",
  "in",
  "out",
  "seconds",
  "kilobytes",
  "days",
  "source",
  "destination",
  "remote-as",
  "activate",
  "route",
  "prefix-list",
  "seq",
  "le",
  "ge",
  "vrf",
  "forwarding",
  "shutdown",
  "encapsulation",
  "negotiation",
  "auto",
  "duplex",
  "speed",
  "login",
  "local",
  "transport",
  "input",
  "output",
  "privilege",
  "level",
  "algorithm-type",
  "default",
  "match",
  "set",
  "retry",
  "network",
  "neighbor",
  "access-group",
  "access-class",
  "point-to-point",
  "multipoint",
  "dhcp",
  "unnumbered",
  "standby",
  "track",
]);

/** IP protocols an ACL entry can name (or a number). */
const ACL_PROTOCOLS = words([
  "ip",
  "ipv6",
  "tcp",
  "udp",
  "icmp",
  "icmpv6",
  "esp",
  "ahp",
  "ah",
  "gre",
  "ipinip",
  "eigrp",
  "ospf",
  "pim",
  "igmp",
  "nos",
  "pcp",
  "sctp",
]);

/** ACL options, TCP flags and ICMP message names that follow the addresses. */
const ACL_OPTIONS = words([
  "log",
  "log-input",
  "established",
  "echo",
  "echo-reply",
  "unreachable",
  "packet-too-big",
  "time-exceeded",
  "administratively-prohibited",
  "fragments",
  "precedence",
  "dscp",
  "tos",
  "ttl",
  "time-range",
  "reflect",
  "evaluate",
  "ack",
  "syn",
  "fin",
  "psh",
  "rst",
  "urg",
  "match-any",
  "match-all",
]);

/** A name that a section head declares (`crypto map NAME 10`), scoped by kind. */
function declares(kind) {
  return `entity.name.type.${kind}`;
}

/** A name that refers to an object declared elsewhere (`set transform-set NAME`). */
function refers(kind) {
  return `variable.other.reference.${kind}`;
}

/** Section heads of the `crypto` family: keyword words, then the declared name. */
const CRYPTO_HEADS = [
  {
    // `crypto map ipv6 NAME SEQ`: an IPv6 crypto map.
    match: String.raw`\G(crypto)\s+(map)\s+(?:(ipv6)\s+)?(\S+)\s+(\d+)`,
    captures: caps(
      "keyword.control.section.crypto",
      "keyword.control.section.crypto",
      "keyword.control.section.crypto",
      declares("crypto-map"),
      "constant.numeric.sequence",
    ),
  },
  {
    match: String.raw`\G(crypto)\s+(dynamic-map)\s+(\S+)\s+(\d+)`,
    captures: caps(
      "keyword.control.section.crypto",
      "keyword.control.section.crypto",
      declares("dynamic-map"),
      "constant.numeric.sequence",
    ),
  },
  {
    match: String.raw`\G(crypto)\s+(isakmp)\s+(policy)\s+(\d+)`,
    captures: caps(
      "keyword.control.section.crypto",
      "keyword.control.section.crypto",
      "keyword.control.section.crypto",
      declares("isakmp-policy"),
    ),
  },
  {
    match: String.raw`\G(crypto)\s+(isakmp)\s+(profile)\s+(\S+)`,
    captures: caps(
      "keyword.control.section.crypto",
      "keyword.control.section.crypto",
      "keyword.control.section.crypto",
      declares("isakmp-profile"),
    ),
  },
  {
    match: String.raw`\G(crypto)\s+(isakmp)\s+(peer)\s+(address|hostname)\b`,
    captures: caps(
      "keyword.control.section.crypto",
      "keyword.control.section.crypto",
      "keyword.control.section.crypto",
      "keyword.other",
    ),
  },
  {
    match: String.raw`\G(crypto)\s+(isakmp)\s+(client\s+configuration\s+group)\s+(\S+)`,
    captures: caps(
      "keyword.control.section.crypto",
      "keyword.control.section.crypto",
      "keyword.control.section.crypto",
      declares("client-group"),
    ),
  },
  ...["proposal", "policy", "profile", "keyring"].map((kind) => ({
    match: String.raw`\G(crypto)\s+(ikev2)\s+(${kind})\s+(\S+)`,
    captures: caps(
      "keyword.control.section.crypto",
      "keyword.control.section.crypto",
      "keyword.control.section.crypto",
      declares(`ikev2-${kind}`),
    ),
  })),
  {
    match: String.raw`\G(crypto)\s+(ipsec)\s+(transform-set)\s+(\S+)`,
    captures: caps(
      "keyword.control.section.crypto",
      "keyword.control.section.crypto",
      "keyword.control.section.crypto",
      declares("transform-set"),
    ),
  },
  {
    match: String.raw`\G(crypto)\s+(ipsec)\s+(profile)\s+(\S+)`,
    captures: caps(
      "keyword.control.section.crypto",
      "keyword.control.section.crypto",
      "keyword.control.section.crypto",
      declares("ipsec-profile"),
    ),
  },
  {
    match: String.raw`\G(crypto)\s+(keyring)\s+(\S+)`,
    captures: caps(
      "keyword.control.section.crypto",
      "keyword.control.section.crypto",
      declares("keyring"),
    ),
  },
  {
    match: String.raw`\G(crypto)\s+(identity)\s+(\S+)`,
    captures: caps(
      "keyword.control.section.crypto",
      "keyword.control.section.crypto",
      declares("identity"),
    ),
  },
  {
    match: String.raw`\G(crypto)\s+(pki|ca)\s+(trustpoint)\s+(\S+)`,
    captures: caps(
      "keyword.control.section.crypto",
      "keyword.control.section.crypto",
      "keyword.control.section.crypto",
      declares("trustpoint"),
    ),
  },
  {
    match: String.raw`\G(crypto)\s+(pki|ca)\s+(certificate\s+chain)\s+(\S+)`,
    captures: caps(
      "keyword.control.section.crypto",
      "keyword.control.section.crypto",
      "keyword.control.section.crypto",
      refers("trustpoint"),
    ),
  },
  {
    match: String.raw`\G(crypto)\s+(pki|ca|key|gdoi|ipsec)\s+(server|profile|identity|certificate\s+map|pubkey-chain|group|client\s+ezvpn)\b`,
    captures: caps(
      "keyword.control.section.crypto",
      "keyword.control.section.crypto",
      "keyword.control.section.crypto",
    ),
  },
];

/** Section heads outside crypto. */
const OTHER_HEADS = [
  {
    match: String.raw`\G(interface)\s+(${INTERFACE}|\S+)`,
    captures: caps("keyword.control.section", declares("interface")),
  },
  {
    match: String.raw`\G(router)\s+(\S+)(?:\s+(\S+))?`,
    captures: caps("keyword.control.section", "support.type.protocol", {
      patterns: [{ include: "#number" }],
    }),
  },
  {
    match: String.raw`\G(line)\s+(\S+)(?:\s+(\d+)(?:\s+(\d+))?)?`,
    captures: caps(
      "keyword.control.section",
      "keyword.other",
      "constant.numeric.integer",
      "constant.numeric.integer",
    ),
  },
  {
    match: String.raw`\G(ip|ipv6|mac)\s+(access-list)\s+(?:(extended|standard|role-based)\s+)?(\S+)`,
    captures: caps(
      "keyword.control.section",
      "keyword.control.section",
      "keyword.other",
      declares("acl"),
    ),
  },
  {
    match: String.raw`\G(route-map)\s+(\S+)(?:\s+(?:(permit)|(deny)))?(?:\s+(\d+))?`,
    captures: caps(
      "keyword.control.section",
      declares("route-map"),
      "keyword.control.permit",
      "keyword.control.deny",
      "constant.numeric.sequence",
    ),
  },
  {
    match: String.raw`\G(ip\s+vrf|vrf\s+definition|ip\s+dhcp\s+pool|ip\s+sla|key\s+chain|class-map(?:\s+type\s+\S+)?(?:\s+match-(?:any|all))?|policy-map(?:\s+type\s+\S+)?|object-group\s+\S+|parameter-map\s+type\s+\S+|aaa\s+group\s+server\s+\S+|(?:radius|tacacs)\s+server|zone\s+security|zone-pair\s+security|track|controller|template|virtual-service|dial-peer\s+voice|tunnel-group|group-policy)\s+(\S+)`,
    captures: caps("keyword.control.section", declares("section")),
  },
  {
    match: String.raw`\G(redundancy|control-plane|archive|call-home|subscriber\s+templating|spanning-tree\s+mst\s+configuration)\b`,
    captures: caps("keyword.control.section"),
  },
];

/** Commands inside sections that name an object declared elsewhere. */
const REFERENCES = [
  {
    match: String.raw`\G(set)\s+(transform-set)\b(.*)$`,
    captures: caps("keyword.other.command", "keyword.other.crypto", {
      patterns: [
        { include: "#trailingComment" },
        { match: String.raw`\S+`, name: s(refers("transform-set")) },
      ],
    }),
  },
  {
    match: String.raw`\G(set)\s+(peer)\s+(?:(${IPV4})|(${IPV6})|(\S+))(?:\s+(default))?`,
    captures: caps(
      "keyword.other.command",
      "keyword.other.crypto",
      "constant.numeric.ipv4",
      "constant.numeric.ipv6",
      refers("peer"),
      "keyword.other",
    ),
  },
  {
    match: String.raw`\G(set)\s+(isakmp-profile|ikev2-profile)\s+(\S+)`,
    captures: caps(
      "keyword.other.command",
      "keyword.other.crypto",
      refers("profile"),
    ),
  },
  {
    match: String.raw`\G(set)\s+(identity)\s+(\S+)`,
    captures: caps(
      "keyword.other.command",
      "keyword.other.crypto",
      refers("identity"),
    ),
  },
  {
    match: String.raw`\G(set)\s+(pfs|security-association|reverse-route|nat|aggressive-mode)\b`,
    captures: caps("keyword.other.command", "keyword.other.crypto"),
  },
  {
    match: String.raw`\G(match)\s+(address)\s+(\S+)`,
    captures: caps("keyword.other.command", "keyword.other", refers("acl")),
  },
  {
    match: String.raw`\G(match)\s+(ip)\s+(address)\s+(?:(prefix-list)\s+)?(\S+)`,
    captures: caps(
      "keyword.other.command",
      "keyword.other",
      "keyword.other",
      "keyword.other",
      refers("acl"),
    ),
  },
  {
    match: String.raw`\G(match)\s+(identity)\s+(address|host|hostname|user|group)\b`,
    captures: caps(
      "keyword.other.command",
      "keyword.other.crypto",
      "keyword.other",
    ),
  },
  {
    match: String.raw`\G(keyring)\s+(?:(local)\s+)?(\S+)`,
    captures: caps(
      "keyword.other.command.crypto",
      "keyword.other",
      refers("keyring"),
    ),
  },
  {
    // `crypto map NAME` on an interface, `crypto map [ipv6] NAME local-address IF`.
    match: String.raw`\G(crypto)\s+(map)\s+(?:(ipv6)\s+(?=\S))?([^\s\d]\S*)(?!\s+\d)`,
    captures: caps(
      "keyword.other.command.crypto",
      "keyword.other.crypto",
      "keyword.other.crypto",
      refers("crypto-map"),
    ),
  },
  {
    match: String.raw`\G(ipv6)\s+(crypto)\s+(map)\s+(\S+)`,
    captures: caps(
      "keyword.other.command",
      "keyword.other.crypto",
      "keyword.other.crypto",
      refers("crypto-map"),
    ),
  },
  {
    match: String.raw`\G(tunnel)\s+(protection)\s+(ipsec)\s+(profile)\s+(\S+)`,
    captures: caps(
      "keyword.other.command",
      "keyword.other.crypto",
      "keyword.other.crypto",
      "keyword.other.crypto",
      refers("ipsec-profile"),
    ),
  },
  {
    match: String.raw`\G(ip|ipv6)\s+(access-group|traffic-filter)\s+(\S+)\s+(in|out)\b`,
    captures: caps(
      "keyword.other.command",
      "keyword.other",
      refers("acl"),
      "keyword.other",
    ),
  },
  {
    match: String.raw`\G(access-class)\s+(\S+)\s+(in|out)\b`,
    captures: caps("keyword.other.command", refers("acl"), "keyword.other"),
  },
  {
    match: String.raw`\G(ip\s+vrf|vrf)\s+(forwarding)\s+(\S+)`,
    captures: caps("keyword.other.command", "keyword.other", refers("vrf")),
  },
];

/** Where a secret follows a keyword anywhere in a command. */
const SECRET_TOKENS = [
  {
    // `password`/`secret` with an optional `level N` and type digit (username, enable, line,
    // neighbor, aggressive-mode). `password encryption aes` turns on type 6 and hides nothing.
    match: String.raw`\b(password|secret)\s+(?!encryption\b)(?:(level)\s+(\d+)\s+)?${SECRET_TYPE}(\S+)`,
    captures: caps(
      "keyword.other.secret",
      "keyword.other",
      "constant.numeric.integer",
      SECRET_KIND,
      SECRET,
    ),
  },
  { include: "#preSharedKey" },
  {
    match: String.raw`\b(key-string|authentication-key)\s+${SECRET_TYPE}(\S+)`,
    captures: caps("keyword.other.secret", SECRET_KIND, SECRET),
  },
  {
    match: String.raw`\b(message-digest-key)\s+(\d+)\s+(md5)\s+${SECRET_TYPE}(\S+)`,
    captures: caps(
      "keyword.other.secret",
      "constant.numeric.integer",
      "constant.language.algorithm",
      SECRET_KIND,
      SECRET,
    ),
  },
  {
    match: String.raw`\b(snmp-server)\s+(community)\s+${SECRET_TYPE}(\S+)`,
    captures: caps(
      "keyword.other.command",
      "keyword.other.secret",
      SECRET_KIND,
      SECRET,
    ),
  },
  {
    match: String.raw`\b(tacacs-server|radius-server)\s+(key)\s+${SECRET_TYPE}(\S+)`,
    captures: caps(
      "keyword.other.command",
      "keyword.other.secret",
      SECRET_KIND,
      SECRET,
    ),
  },
  {
    // `ip nhrp authentication STRING`: sent in clear in NHRP packets, but a shared secret still.
    match: String.raw`(?<=\bnhrp\s)(authentication)\s+(\S+)`,
    captures: caps("keyword.other.secret", SECRET),
  },
  {
    match: String.raw`\b(wpa-psk)\s+(ascii|hex)\s+${SECRET_TYPE}(\S+)`,
    captures: caps(
      "keyword.other.secret",
      "keyword.other",
      SECRET_KIND,
      SECRET,
    ),
  },
];

/** Port names and numbers after eq/neq/lt/gt/range. */
const PORT = {
  patterns: [
    { match: String.raw`\b\d+\b`, name: s("constant.numeric.port") },
    { match: String.raw`[\w-]+`, name: s("constant.language.port") },
  ],
};

/** The grammar itself. */
export default {
  name: "Cisco IOS Config",
  scopeName: "source.cisco-ios",
  fileTypes: ["ios"],
  patterns: [
    { include: "#comment" },
    { include: "#banner" },
    { include: "#dataBlock" },
    { include: "#configHeader" },
    { include: "#sectionHeaderLine" },
    { include: "#childLine" },
    { include: "#globalLine" },
  ],
  repository: {
    comment: {
      match: String.raw`(?:^|\G)\s*(!).*$`,
      name: s("comment.line.exclamation"),
      captures: caps("punctuation.definition.comment"),
    },
    trailingComment: {
      // IOS has no inline comments, but pasted and generated configs often end a line with
      // ` !note`; a `!` that starts a word after a space is shown as a comment.
      match: String.raw`(?<=\s)(!).*$`,
      name: s("comment.line.exclamation"),
      captures: caps("punctuation.definition.comment"),
    },
    banner: {
      // `banner motd ^C ... ^C`: the text runs to the next copy of the delimiter.
      begin: String.raw`(?:^|\G)(banner)(?:\s+(motd|login|exec|incoming|slip-ppp|prompt-timeout|config-save))?\s+(\^C|\S)`,
      beginCaptures: caps(
        "keyword.other.command",
        "keyword.other",
        "punctuation.definition.string.begin",
      ),
      end: String.raw`(\3)`,
      endCaptures: caps("punctuation.definition.string.end"),
      name: s("meta.banner"),
      contentName: s("string.unquoted.banner"),
    },
    dataBlock: {
      patterns: [
        {
          // Certificates in `crypto pki certificate chain` and RSA keys in `key-string`: hex
          // lines up to `quit`, or up to the next unindented line when `quit` is missing.
          begin: String.raw`(?:^|\G)\s+(certificate)\b(.*)$`,
          beginCaptures: caps("keyword.other.command.crypto", {
            patterns: [{ include: "#tokens" }],
          }),
          end: String.raw`(?:^|\G)\s*(quit)\b.*$|^(?=\S)`,
          endCaptures: caps("keyword.control.exit"),
          name: s("meta.certificate"),
          contentName: s("string.unquoted.certificate"),
        },
        {
          begin: String.raw`(?:^|\G)\s+(key-string)\s*$`,
          beginCaptures: caps("keyword.other.command.crypto"),
          end: String.raw`(?:^|\G)\s*(quit)\b.*$|^(?=\S)`,
          endCaptures: caps("keyword.control.exit"),
          name: s("meta.certificate"),
          contentName: s("string.unquoted.certificate"),
        },
      ],
    },
    configHeader: {
      patterns: [
        {
          match: String.raw`(?:^|\G)(?:Building configuration\.\.\.|Current configuration\s*:.*|Last configuration change\b.*|NVRAM config last updated\b.*)$`,
          name: s("comment.line.header"),
        },
        {
          match: String.raw`(?:^|\G)(version)\s+(\S+)`,
          captures: caps("keyword.other.command", "constant.numeric.version"),
        },
        {
          match: String.raw`(?:^|\G)(end)\s*$`,
          captures: caps("keyword.control.end"),
        },
      ],
    },
    sectionHeaderLine: {
      begin: `(?:^|\\G)(?=(?:(?:no|default)\\s+)?${words(SECTION_HEADS)})`,
      end: "$",
      name: s("meta.section.header"),
      patterns: [{ include: "#commandLine" }],
    },
    childLine: {
      begin: String.raw`(?:^|\G)(\s+)(?=\S)`,
      end: "$",
      name: s("meta.section.child"),
      patterns: [{ include: "#commandLine" }],
    },
    globalLine: {
      begin: String.raw`(?:^|\G)(?=\S)`,
      end: "$",
      name: s("meta.command.global"),
      patterns: [{ include: "#commandLine" }],
    },
    commandLine: {
      // One command, read from its first word (\G is where the command starts: after the
      // indentation, after `no `, or after a prompt in a capture).
      patterns: [
        {
          begin: String.raw`\G(no)\s+(?=\S)`,
          beginCaptures: caps("keyword.operator.negation"),
          end: "$",
          name: s("meta.command.negated"),
          patterns: [{ include: "#commandLine" }],
        },
        {
          begin: String.raw`\G(default)\s+(?=\S)`,
          beginCaptures: caps("keyword.operator.default"),
          end: "$",
          name: s("meta.command.default"),
          patterns: [{ include: "#commandLine" }],
        },
        {
          // `crypto isakmp key [0|6] KEY address|hostname ...`: the type digit is only a type
          // when a key and an address keyword follow it.
          match: String.raw`\G(crypto)\s+(isakmp)\s+(key)\s+(?:([0-9])\s+(?=\S+\s+(?:address|hostname)\b))?(\S+)`,
          captures: caps(
            "keyword.other.command.crypto",
            "keyword.other.crypto",
            "keyword.other.secret.crypto",
            SECRET_KIND,
            SECRET,
          ),
        },
        { include: "#secrets" },
        {
          match: String.raw`\G(remark)\b(.*)$`,
          captures: caps("keyword.other.command", "comment.line.remark"),
        },
        {
          match: String.raw`\G(description)\b(.*)$`,
          captures: caps(
            "keyword.other.command",
            "string.unquoted.description",
          ),
        },
        {
          match: String.raw`\G(hostname)\s+(\S+)`,
          captures: caps("keyword.other.command", "entity.name.hostname"),
        },
        { include: "#aclEntry" },
        { include: "#accessList" },
        { include: "#preSharedKey" },
        {
          // Routing `network` statements: a wildcard before `area` (OSPF) or when the value reads
          // as one (EIGRP); `mask` (BGP) and DHCP pools take a netmask.
          begin: String.raw`\G(network)\b`,
          beginCaptures: caps("keyword.other.command"),
          end: "$",
          patterns: [
            {
              match: String.raw`\G\s+(${IPV4})\s+(${IPV4})(?=\s+area\b)`,
              captures: caps(
                "constant.numeric.ipv4",
                "constant.numeric.wildcard",
              ),
            },
            { include: "#tokens" },
          ],
        },
        ...CRYPTO_HEADS,
        ...OTHER_HEADS,
        ...REFERENCES,
        {
          // A bare `key [type] KEY` (client group, RADIUS server); `key 1` in a key chain is an
          // index, not a secret.
          match: String.raw`\G(key)\s+(?!(?:chain|config-key|generate|pubkey-chain|zeroize)\b)${SECRET_TYPE}(?!\d+\s*$)(\S+)`,
          captures: caps("keyword.other.secret", SECRET_KIND, SECRET),
        },
        {
          match: String.raw`\G(exit-address-family|exit-peer-policy|exit|end|quit)(?![\w-])`,
          captures: caps("keyword.control.exit"),
        },
        {
          match: `\\G(?:(${CRYPTO_COMMANDS})|([A-Za-z][\\w-]*))(?![\\w-])`,
          captures: caps(
            "keyword.other.command.crypto",
            "keyword.other.command",
          ),
        },
        { include: "#tokens" },
      ],
    },
    secrets: {
      patterns: SECRET_TOKENS,
    },
    preSharedKey: {
      // A keyring entry, an IKEv2 peer key or the ASA `ikev1 pre-shared-key KEY` form.
      begin: String.raw`\b(pre-shared-key)\b`,
      beginCaptures: caps("keyword.other.secret.crypto"),
      end: "$",
      patterns: [
        {
          match: String.raw`\G\s+(?!(?:address|addresses|hostname|local|remote|key|ipv6)\b)${SECRET_TYPE}(\S+)`,
          captures: caps(SECRET_KIND, SECRET),
        },
        {
          match: String.raw`\b(key|local|remote)\s+${SECRET_TYPE}(\S+)`,
          captures: caps("keyword.other.secret", SECRET_KIND, SECRET),
        },
        { include: "#addressing" },
        { include: "#keywords" },
      ],
    },
    aclEntry: {
      // An entry of a named ACL, or of `show ip access-lists` in a capture.
      begin: String.raw`(?:^|\G)\s*(?:(\d+)\s+)?(?:(permit)|(deny))\b`,
      beginCaptures: caps(
        "constant.numeric.sequence",
        "keyword.control.permit",
        "keyword.control.deny",
      ),
      end: "$",
      name: s("meta.acl.entry"),
      patterns: [{ include: "#aclBody" }],
    },
    accessList: {
      patterns: [
        {
          match: String.raw`(?:^|\G)\s*(access-list)\s+(\S+)\s+(remark)\b(.*)$`,
          captures: caps(
            "keyword.other.command",
            declares("acl"),
            "keyword.other.command",
            "comment.line.remark",
          ),
        },
        {
          begin: String.raw`(?:^|\G)\s*(access-list)\s+(\S+)\s+(?:(extended|standard)\s+)?(?:(dynamic)\s+(\S+)\s+(?:(timeout)\s+(\d+)\s+)?)?(?:(permit)|(deny))\b`,
          beginCaptures: caps(
            "keyword.other.command",
            declares("acl"),
            "keyword.other",
            "keyword.other",
            declares("acl"),
            "keyword.other",
            "constant.numeric.integer",
            "keyword.control.permit",
            "keyword.control.deny",
          ),
          end: "$",
          name: s("meta.acl.entry"),
          patterns: [{ include: "#aclBody" }],
        },
      ],
    },
    aclBody: {
      patterns: [
        {
          match: `\\G\\s+(${ACL_PROTOCOLS}|\\d{1,3})(?![\\w.-])`,
          captures: caps("support.type.protocol"),
        },
        {
          match: String.raw`\b(host)\s+(${IPV4})`,
          captures: caps("keyword.other", "constant.numeric.ipv4"),
        },
        {
          match: String.raw`\b(any|any4|any6)\b`,
          name: s("constant.language.any"),
        },
        {
          match: String.raw`\b(object-group|addrgroup|portgroup)\s+(\S+)`,
          captures: caps("keyword.other", refers("object-group")),
        },
        {
          // In an ACL the second of two addresses is always a wildcard mask.
          match: `(${IPV4})(\\s+)(${LB}${IPV4_BARE}${RB})`,
          captures: caps(
            "constant.numeric.ipv4",
            null,
            "constant.numeric.wildcard",
          ),
        },
        { include: "#address" },
        {
          match: String.raw`\b(eq|neq|lt|gt)\s+(\S+)`,
          captures: caps("keyword.operator.port", PORT),
        },
        {
          match: String.raw`\b(range)\s+(\S+)\s+(\S+)`,
          captures: caps("keyword.operator.port", PORT, PORT),
        },
        {
          match: `(?<![\\w.-])${ACL_OPTIONS}(?![\\w.-])`,
          name: s("keyword.other.acl-option"),
        },
        {
          // `(20 matches)` after an entry of `show ip access-lists`.
          match: String.raw`(\()(\d+)\s+(match(?:es)?)(\))`,
          name: s("meta.acl.hits"),
          captures: caps(
            "punctuation.section.parens.begin",
            "constant.numeric.hits",
            "keyword.other",
            "punctuation.section.parens.end",
          ),
        },
        { include: "#number" },
        { include: "#trailingComment" },
      ],
    },
    tokens: {
      // Everything after the first word of a command.
      patterns: [
        { include: "#secrets" },
        {
          match: String.raw`\b(dynamic)\s+([^\s\d]\S*)`,
          captures: caps("keyword.other.crypto", refers("dynamic-map")),
        },
        { include: "#addressing" },
        { include: "#interface" },
        { include: "#algorithm" },
        {
          match: `(?<![\\w.-])(${CRYPTO_VALUES})(?![\\w.-])`,
          name: s("constant.language.mode"),
        },
        {
          match: `(?<![\\w.-])(${CRYPTO_WORDS})(?![\\w.-])`,
          name: s("keyword.other.crypto"),
        },
        {
          match: String.raw`(?<![\w.-])permit(?![\w.-])`,
          name: s("keyword.control.permit"),
        },
        {
          match: String.raw`(?<![\w.-])deny(?![\w.-])`,
          name: s("keyword.control.deny"),
        },
        {
          match: String.raw`(?<![\w.-])any(?![\w.-])`,
          name: s("constant.language.any"),
        },
        { include: "#keywords" },
        {
          match: String.raw`"[^"]*"`,
          name: s("string.quoted.double"),
        },
        { include: "#number" },
        { include: "#trailingComment" },
      ],
    },
    addressing: {
      // Addresses with what follows them: a netmask after `ip address`/`ip route`/`address`,
      // a wildcard after `network ... area` and wherever the value reads as one.
      patterns: [
        {
          match: String.raw`\b(network)\s+(${IPV4})\s+(${IPV4})(?=\s+area\b)`,
          captures: caps(
            "keyword.other",
            "constant.numeric.ipv4",
            "constant.numeric.wildcard",
          ),
        },
        {
          match: String.raw`\b(mask|netmask)\s+(${IPV4})`,
          captures: caps("keyword.other", "constant.numeric.mask"),
        },
        {
          match: `(${IPV4})(\\s+)(${LB}${NETMASK_BARE}${RB})`,
          captures: caps(
            "constant.numeric.ipv4",
            null,
            "constant.numeric.mask",
          ),
        },
        {
          match: `(${IPV4})(\\s+)(${LB}${WILDCARD_LIKE_BARE}${RB})`,
          captures: caps(
            "constant.numeric.ipv4",
            null,
            "constant.numeric.wildcard",
          ),
        },
        { include: "#address" },
      ],
    },
    address: addressRule(s, caps),
    interface: {
      match: INTERFACE,
      name: s(declares("interface")),
    },
    algorithm: {
      match: ALGORITHM,
      name: s("constant.language.algorithm"),
    },
    keywords: {
      match: `(?<![\\w.-])${KEYWORDS}(?![\\w.-])`,
      name: s("keyword.other"),
    },
    number: {
      match: String.raw`(?<![\w.-])\d+(?:\.\d+)?(?![\w.])`,
      name: s("constant.numeric.integer"),
    },
  },
};
