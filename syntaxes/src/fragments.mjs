// Regex fragments shared by both grammars. The grammars are written here as JavaScript so that a
// fragment such as an IPv4 address is spelled once; build.mjs turns them into the committed
// syntaxes/*.tmLanguage.json files.
//
// Every fragment is free of nested unbounded quantifiers over overlapping character classes: a
// repeated group always starts with a separator its body cannot match, so no input can make the
// regex engine try exponentially many ways to split a token (the grammar tests fuzz this).

/** Joins words into a non-capturing alternation, longest first so prefixes never win early. */
export function words(list) {
  const sorted = [...list].sort((a, b) => b.length - a.length);
  return `(?:${sorted.join("|")})`;
}

/** One decimal octet, 0 to 255. */
export const OCTET = String.raw`(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)`;

/** A dotted quad without boundaries, for use inside larger patterns. */
export const IPV4_BARE = String.raw`${OCTET}(?:\.${OCTET}){3}`;

/** Left boundary of an address: not inside a word or a longer dotted number. */
export const LB = String.raw`(?<![\w.])`;

/** Right boundary of an address: no word character and no further `.digit`. */
export const RB = String.raw`(?![\w]|\.\d)`;

/** A dotted quad standing alone. */
export const IPV4 = `${LB}${IPV4_BARE}${RB}`;

/** One octet of a contiguous netmask. */
const MASK_OCTET = String.raw`(?:255|254|252|248|240|224|192|128|0)`;

/** A contiguous netmask (255.255.255.0, 255.255.0.0, 0.0.0.0...), without boundaries. */
export const NETMASK_BARE = String.raw`(?:255\.255\.255\.${MASK_OCTET}|255\.255\.${MASK_OCTET}\.0|255\.${MASK_OCTET}\.0\.0|${MASK_OCTET}\.0\.0\.0)`;

/** A value that reads as a wildcard mask (0.0.0.255, 0.0.255.255, 15.255.255.255...). */
export const WILDCARD_LIKE_BARE = String.raw`(?:0|1|3|7|15|31|63|127)\.${OCTET}\.${OCTET}\.${OCTET}`;

/** An IPv6 address with at least one hex group, compressed (`::`) or full. */
const H = "[0-9A-Fa-f]{1,4}";
export const IPV6 = String.raw`(?<![\w:.])(?:${H}(?::${H}){7}|${H}(?::${H}){0,6}::(?:${H}(?::${H}){0,6})?|::${H}(?::${H}){0,6}|::(?=/\d))(?:/\d{1,3})?(?![\w:])`;

/** Full interface type names; IOS accepts them in any case and, when typed, with a space. */
const IF_FULL = words([
  "FastEthernet",
  "GigabitEthernet",
  "TwoGigabitEthernet",
  "FiveGigabitEthernet",
  "TenGigabitEthernet",
  "TwentyFiveGigE",
  "FortyGigabitEthernet",
  "HundredGigE",
  "FourHundredGigE",
  "AppGigabitEthernet",
  "Wlan-GigabitEthernet",
  "Ethernet",
  "Serial",
  "Tunnel",
  "Loopback",
  "Vlan",
  "Port-channel",
  "Dialer",
  "Virtual-Template",
  "Virtual-Access",
  "Virtual-PPP",
  "BVI",
  "BDI",
  "Null",
  "Multilink",
  "ATM",
  "POS",
  "Cellular",
  "Async",
  "Group-Async",
  "Embedded-Service-Engine",
  "Management",
  "nve",
  "MFR",
  "Dot11Radio",
]);

/** Abbreviations as `show` output and engineers write them (Fa0/0, Gi1, Se4/0, Tu1). */
const IF_ABBR = words([
  "Fa",
  "Gi",
  "Te",
  "Tw",
  "Fo",
  "Hu",
  "Et",
  "Eth",
  "Se",
  "Tu",
  "Lo",
  "Vl",
  "Po",
  "Di",
  "Vi",
  "Mu",
  "Nu",
  "Ce",
]);

/** Slot/port/subinterface numbers: 0, 4/0, 0/0/0.70, 1/0/1:0. */
const IF_NUMBER = String.raw`\d+(?:[/:.]\d+)*`;

/** An interface name, full (optionally with a space before the number) or abbreviated. */
export const INTERFACE = String.raw`(?<![\w-])(?i:${IF_FULL}\s?${IF_NUMBER}|${IF_ABBR}${IF_NUMBER})(?![\w/-])`;

/** Encryption, integrity, authentication and DH names as configs and debugs print them. */
export const ALGORITHM = String.raw`(?<![\w.-])(?i:(?:esp|ah)-[a-z0-9]+(?:-[a-z0-9]+)*|(?:ESP|AH)_[A-Z0-9]+(?:_[A-Z0-9]+)*|3des(?:-cbc)?|des(?:-cbc)?|aes(?:-(?:cbc|gcm|gmac|ctr))?(?:-?(?:128|192|256))?|hmac-md5|hmac-sha(?:1|256|384|512)?|gcm|md5|sha(?:1|256|384|512)?|pre-share|rsa-sig|rsa-encr|ecdsa-sig|psk|group\d{1,2})(?![\w.-])`;

/** Month abbreviations of IOS clock timestamps. */
export const MONTH = "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)";

/** An encryption-type digit before a secret, only when another word follows it. */
export const SECRET_TYPE = String.raw`(?:([0-9])\s+(?=\S))?`;

/**
 * Scope helpers of one grammar: `s` appends the grammar's suffix to each space-separated scope;
 * `caps` builds a captures object, one entry per group (a scope string, a rule object, or null).
 */
export function scopeHelpers(suffix) {
  const s = (scopes) =>
    scopes
      .split(" ")
      .map((x) => `${x}.${suffix}`)
      .join(" ");
  const caps = (...entries) => {
    const out = {};
    entries.forEach((entry, i) => {
      if (entry === null || entry === undefined) {
        return;
      }
      out[String(i + 1)] =
        typeof entry === "string" ? { name: s(entry) } : entry;
    });
    return out;
  };
  return { s, caps };
}

/** The address rule both grammars share: IPv4 with an optional /prefix, and IPv6. */
export function addressRule(s, caps) {
  return {
    patterns: [
      {
        match: String.raw`${LB}(${IPV4_BARE})(/)(\d{1,2})(?!\d)`,
        captures: caps(
          "constant.numeric.ipv4",
          "punctuation.separator.prefix",
          "constant.numeric.prefix-length",
        ),
      },
      { match: IPV4, name: s("constant.numeric.ipv4") },
      { match: IPV6, name: s("constant.numeric.ipv6") },
    ],
  };
}
