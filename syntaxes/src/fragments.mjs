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

/** Any character outside ASCII. */
const NON_ASCII = String.raw`[^\x00-\x7F]`;

/** Escapes a character for use inside a regex character class. */
function classChar(c) {
  return /[\w ]/.test(c) ? c : `\\${c}`;
}

/**
 * The alternation `(?:a|b|c...)`, rewritten so that Oniguruma tries only the alternatives that can
 * start with the character at hand. A plain alternation tries each of its alternatives in turn at
 * every position it is tried at; grouped by first character behind one class test, most
 * positions cost that test alone. It matches what the plain alternation matches, wherever it is
 * tried, and prefers the same alternative.
 *
 * An alternative is a regex that starts with a literal ASCII letter, digit, `_`, `-` or space,
 * maybe after `\b`, or `{ words, tail }` for `(?:word|word...)tail` (words of literal letters),
 * which keeps a long list of words sharing one tail small. With `ignoreCase` they are read as
 * inside `(?i:...)`; case folding lets a few non-ASCII characters match ASCII letters (`ſ` is an
 * `s`, `ﬁ` is `fi`), so at a non-ASCII character the plain alternation is tried instead;
 * `only: "ascii"` or `"nonAscii"` leaves out the part that such characters never reach.
 */
export function firstCharSwitch(
  alternatives,
  { ignoreCase = false, only } = {},
) {
  const key = (c) => (ignoreCase ? c.toLowerCase() : c);
  // first character -> alternatives starting with it, in order, without that character
  const groups = new Map();
  const add = (first, rest) =>
    groups.set(first, [...(groups.get(first) ?? []), rest]);
  for (const alternative of alternatives) {
    if (typeof alternative !== "string") {
      const { words, tail } = alternative;
      for (const first of new Set(words.map((w) => key(w[0])))) {
        const rests = words.filter((w) => key(w[0]) === first);
        add(first, `(?:${rests.map((w) => w.slice(1)).join("|")})${tail}`);
      }
      continue;
    }
    const m = /^(\\b)?([\w -])/.exec(alternative);
    if (!m) {
      throw new Error(
        `firstCharSwitch: no literal first character in ${alternative}`,
      );
    }
    // `\b` before a word character: the character before it is no word character.
    add(
      key(m[2]),
      (m[1] ? String.raw`(?<!\w.)` : "") + alternative.slice(m[0].length),
    );
  }
  const firsts = [...groups.keys()];
  const guard = ignoreCase
    ? [...new Set(firsts.flatMap((c) => [c, c.toUpperCase()]))]
    : firsts;
  const branches = firsts.map((c) => {
    const rests = groups.get(c);
    return c + (rests.length === 1 ? rests[0] : `(?:${rests.join("|")})`);
  });
  const body = `(?=[${guard.map(classChar).join("")}])(?:${branches.join("|")})`;
  const plain = alternatives.map((a) =>
    typeof a === "string" ? a : `(?:${a.words.join("|")})${a.tail}`,
  );
  if (!ignoreCase) {
    return `(?:${body})`;
  }
  // `only` gives the part that matches where the character at hand is ASCII, or not.
  return only === "ascii"
    ? `(?i:${body})`
    : only === "nonAscii"
      ? `(?i:${plain.join("|")})`
      : `(?i:(?=${NON_ASCII})(?:${plain.join("|")})|${body})`;
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

/**
 * An IPv6 address with at least one hex group, compressed (`::`) or full. Every form has a colon
 * within its first five characters: checking that first rejects ordinary words and numbers fast.
 */
const H = "[0-9A-Fa-f]{1,4}";
export const IPV6 = String.raw`(?<![\w:.])(?=[0-9A-Fa-f]{0,4}:)(?:${H}(?::${H}){7}|${H}(?::${H}){0,6}::(?:${H}(?::${H}){0,6})?|::${H}(?::${H}){0,6}|::(?=/\d))(?:/\d{1,3})?(?![\w:])`;

/** Full interface type names; IOS accepts them in any case and, when typed, with a space. */
const IF_FULL = [
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
].sort((a, b) => b.length - a.length);

/** Abbreviations as `show` output and engineers write them (Fa0/0, Gi1, Se4/0, Tu1). */
const IF_ABBR = [
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
].sort((a, b) => b.length - a.length);

/** Slot/port/subinterface numbers: 0, 4/0, 0/0/0.70, 1/0/1:0. */
const IF_NUMBER = String.raw`\d+(?:[/:.]\d+)*`;

/**
 * An interface name, full (optionally with a space before the number) or abbreviated, longer names
 * first so that a prefix never wins early (with `only`, the part for ASCII or for non-ASCII first
 * characters, see firstCharSwitch).
 */
function interfaceNames(only) {
  return String.raw`(?<![\w-])${firstCharSwitch(
    [
      { words: IF_FULL, tail: String.raw`\s?${IF_NUMBER}` },
      { words: IF_ABBR, tail: IF_NUMBER },
    ],
    { ignoreCase: true, only },
  )}(?![\w/-])`;
}

/** An interface name (`Serial4/0`, `Gi0/1`, `fastethernet 0/0`). */
export const INTERFACE = interfaceNames();

/** INTERFACE where the first character is ASCII, and where it is not. */
export const INTERFACE_BY_CHARACTER = {
  ascii: interfaceNames("ascii"),
  nonAscii: interfaceNames("nonAscii"),
};

/**
 * Encryption, integrity, authentication and DH names as configs and debugs print them (with
 * `only`, the part for ASCII or for non-ASCII first characters, see firstCharSwitch).
 */
function algorithmNames(only) {
  return String.raw`(?<![\w.-])${firstCharSwitch(
    [
      String.raw`esp-[a-z0-9]+(?:-[a-z0-9]+)*`,
      String.raw`ah-[a-z0-9]+(?:-[a-z0-9]+)*`,
      String.raw`ESP_[A-Z0-9]+(?:_[A-Z0-9]+)*`,
      String.raw`AH_[A-Z0-9]+(?:_[A-Z0-9]+)*`,
      "3des(?:-cbc)?",
      "des(?:-cbc)?",
      "aes(?:-(?:cbc|gcm|gmac|ctr))?(?:-?(?:128|192|256))?",
      "hmac-md5",
      "hmac-sha(?:1|256|384|512)?",
      "gcm",
      "md5",
      "sha(?:1|256|384|512)?",
      "pre-share",
      "rsa-sig",
      "rsa-encr",
      "ecdsa-sig",
      "psk",
      String.raw`group\d{1,2}`,
    ],
    { ignoreCase: true, only },
  )}(?![\w.-])`;
}

/** Encryption, integrity, authentication and DH names. */
export const ALGORITHM = algorithmNames();

/** ALGORITHM where the first character is ASCII, and where it is not. */
export const ALGORITHM_BY_CHARACTER = {
  ascii: algorithmNames("ascii"),
  nonAscii: algorithmNames("nonAscii"),
};

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
