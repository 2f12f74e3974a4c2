import { table } from "./table";

/**
 * The codes an NHRP packet carries (RFC 2332): the error code of an Error Indication (section
 * 5.2.7) and the code of a client information entry (CIE), which says whether a registration or
 * resolution was granted (sections 5.2.2 and 5.2.4). `debug nhrp packet` prints them as IOS words
 * with the number after them (`(M) error code: authentication failure(11), offset: 0`,
 * `(C-1) code: no error(0)`), as do the NHRP syslog messages. A code is looked up by its words
 * first, then by its number: the words say the same thing in every release.
 *
 * `cause` and `fix` say what the code means on a DMVPN cloud and what to change; `cli` holds the
 * interface commands of the fix, `<tunnel>` standing for the tunnel interface.
 */

/** One NHRP code. */
export interface NhrpCodeInfo {
  code: number;
  /** The RFC's name. */
  name: string;
  /** The words IOS prints for it. */
  words: RegExp;
  /** What the code says. */
  meaning: string;
  /** Why a DMVPN router sees it. */
  cause?: string;
  /** What to change. */
  fix?: string;
  /** Console commands of the fix (`<tunnel>` is the tunnel interface). */
  cli?: readonly string[];
}

/** The error codes of an NHRP Error Indication, by number. */
export const NHRP_ERROR_CODES: Readonly<Record<number, NhrpCodeInfo>> = table({
  1: {
    code: 1,
    name: "Unrecognized Extension",
    words: /unrecognized extension/i,
    meaning:
      "the packet carried an extension marked compulsory that the receiver does not implement, so the receiver dropped it",
    cause:
      "The two routers run NHRP implementations (IOS releases, or another vendor's NHRP) that support different extensions.",
    fix: "Run releases that agree on the extensions (compare `show version` on both ends); `debug nhrp extension` shows which one is refused.",
  },
  3: {
    code: 3,
    name: "NHRP Loop Detected",
    words: /loop/i,
    meaning:
      "the receiver found the packet going round in a circle: its own address is already among the routers the packet went through, or source and destination resolve to the same NBMA address",
    cause:
      "Two spokes reach the hub from one public NBMA address (both behind the same NAT or port-translating router), two routers of the cloud use the same NBMA address, or hubs pass resolutions to each other in a circle.",
    fix: "Give each spoke a public NBMA address of its own (no NAT, or a one-to-one NAT), make sure no two routers share a tunnel source address, and check that the hubs' `ip nhrp nhs` lines do not point at each other in a circle.",
  },
  6: {
    code: 6,
    name: "Protocol Address Unreachable",
    words: /unreachable/i,
    meaning:
      "the server could not send the packet on toward the tunnel address it is for: it has no route or NHRP mapping for that address",
    cause:
      "A spoke whose `ip nhrp nhs` is not the hub's tunnel address (a typo, or the hub's NBMA address written there), a hub without a route or mapping toward the target, or a target spoke that never registered.",
    fix: "Point the spoke at the hub's tunnel address, with the hub's NBMA address (`ip nhrp nhs <hub tunnel address> nbma <hub NBMA address> multicast`, or `ip nhrp nhs` with a matching `ip nhrp map`), and check on the hub that the target is registered (`show dmvpn`).",
    cli: [
      "interface <tunnel>",
      " ip nhrp nhs <hub tunnel address> nbma <hub NBMA address> multicast",
    ],
  },
  7: {
    code: 7,
    name: "Protocol Error",
    words: /protocol (?:generic )?error/i,
    meaning:
      "the packet broke NHRP's rules in a way no other code names, or NHRP could not pass it on",
    cause:
      "Mostly an encapsulation failure (`NHRP Encap Error`): the router knew no NBMA address toward the packet's next hop (a spoke without a mapping for its hub, a resolution for an address nobody registered); otherwise a damaged or non-conforming packet.",
    fix: "Check the spoke's `ip nhrp nhs` and `ip nhrp map` lines against the hub's tunnel and NBMA addresses, and that the target is registered on the hub; `debug nhrp packet` on the sender shows the refused packet.",
  },
  8: {
    code: 8,
    name: "NHRP SDU Size Exceeded",
    words: /SDU size/i,
    meaning:
      "the packet was bigger than the NHRP payload the receiver accepts on that path",
    cause:
      "A tunnel MTU too small for the NHRP packet with its extensions, or MTUs that differ between hub and spokes.",
    fix: "Give every tunnel of the cloud the same room (`ip mtu 1400` is usual) and compare `show interfaces <tunnel>` on both ends.",
  },
  9: {
    code: 9,
    name: "Invalid Extension",
    words: /invalid extension/i,
    meaning:
      "an extension of the packet was malformed or stood where it is not allowed (twice, for instance)",
    cause:
      "NHRP implementations that disagree on an extension, or a packet damaged on the way.",
    fix: "Compare the releases of both ends; `debug nhrp extension` shows the extension refused.",
  },
  10: {
    code: 10,
    name: "Invalid NHRP Resolution Reply Received",
    words: /invalid (?:nhrp )?resolution reply/i,
    meaning:
      "a resolution reply arrived that answers no request still open, or contradicts what the receiver knows",
    cause:
      "A reply that came after the request was given up and sent again, or two routers answering for the same tunnel address (an address used twice in the cloud).",
    fix: "Make sure every tunnel address of the cloud is used once; a single occurrence after a retried request needs nothing.",
  },
  11: {
    code: 11,
    name: "Authentication Failure",
    words: /authentication fail/i,
    meaning:
      "the packet's authentication extension did not carry the string the receiver expects, so the receiver ignored it",
    cause:
      "`ip nhrp authentication` differs between the two routers, or is set on one and missing on the other. Every NHRP packet of the cloud carries it: a spoke with another string never registers, even with IPsec to the hub up.",
    fix: "Set the same string on the tunnel of every router of the cloud: `ip nhrp authentication <string>` (8 characters at most, sent in clear text: it keeps clouds apart rather than securing them).",
    cli: ["interface <tunnel>", " ip nhrp authentication <the cloud's string>"],
  },
  15: {
    code: 15,
    name: "Hop Count Exceeded",
    words: /hop count/i,
    meaning:
      "the packet went through as many NHRP servers as its hop count allowed, and the last one dropped it",
    cause:
      "Resolution requests going round between hubs (servers of a hierarchical DMVPN that point at each other), or a hierarchy deeper than the hop count.",
    fix: "Check the hubs' `ip nhrp nhs` lines for a circle; `debug nhrp packet` on the hubs shows the same request forwarded again and again.",
  },
});

/** The codes of a client information entry (CIE), by number. */
export const NHRP_CIE_CODES: Readonly<Record<number, NhrpCodeInfo>> = table({
  0: {
    code: 0,
    name: "Success",
    words: /no error|success/i,
    meaning:
      "granted: the registration is accepted, or the resolution answered (requests carry 0 too)",
  },
  4: {
    code: 4,
    name: "Administratively Prohibited",
    words: /prohibited/i,
    meaning: "the server refuses the request by policy",
    cause:
      "Something in the server's NHRP configuration excludes this client or this address from registering or being resolved.",
    fix: "Compare the hub's NHRP settings of the tunnel (`show running-config interface <tunnel>` there) with the client's addresses.",
  },
  5: {
    code: 5,
    name: "Insufficient Resources",
    words: /insufficient|resources/i,
    meaning: "the server has no room for the entry",
    cause:
      "The hub is short of memory, or has reached a limit on NHRP entries or on crypto sessions (call admission control).",
    fix: "Look at the hub: `show memory statistics`, `show ip nhrp summary`, `show call admission statistics`.",
  },
  12: {
    code: 12,
    name: "No Interworking Layer Address to NBMA Address Binding Exists",
    words: /no\b.{0,60}\bbinding/i,
    meaning:
      "the server knows no NBMA address for the tunnel address asked for",
    cause:
      "The target spoke is not registered to the hub: it is down, or its own registration fails.",
    fix: "Check on the hub that the target appears in `show dmvpn`, and on the target spoke why it does not register.",
  },
  13: {
    code: 13,
    name: "Binding Exists But Is Not Unique",
    words: /not unique|non-?unique/i,
    meaning:
      "the server holds several NBMA addresses for the target and answers with none",
    cause:
      "Two routers registered the same tunnel address without the unique flag.",
    fix: "Give each router of the cloud a tunnel address of its own.",
  },
  14: {
    code: 14,
    name: "Unique Internetworking Layer Address Already Registered",
    words: /already registered|registered already/i,
    meaning:
      "the server already holds this tunnel address, registered as unique from another NBMA address, and will not replace it",
    cause:
      "The spoke registers again from a new NBMA address (a DHCP or PPPoE address that changed, a NAT mapping that moved, a reboot behind another address) while the hub still holds the old binding until its holding time runs out; or two spokes use the same tunnel address.",
    fix: "On spokes whose NBMA address can change, `ip nhrp registration no-unique` lets the hub overwrite the entry; on the hub, `clear ip nhrp <spoke tunnel address>` frees it at once. If two spokes share the tunnel address, give one of them another.",
    cli: ["interface <tunnel>", " ip nhrp registration no-unique"],
  },
});

/** The flags of an NHRP packet's mandatory part, as `(M) flags: "..."` prints them. */
export const NHRP_FLAGS: Readonly<Record<string, string>> = table({
  router:
    "the requester is a router, not a host: the answer may then cover a network behind the target, not the one address",
  auth: "an authoritative answer is wanted (or given): only the server that registered the target may answer, not one answering from its cache",
  "dst-stable":
    "the destination's mapping is stable: the target is the destination itself, not a router in front of it",
  "src-stable":
    "the source's mapping is stable: the source address will not move while the mapping is held",
  unique:
    "the registration is unique: the server must not let another NBMA address take this tunnel address until it expires (`ip nhrp registration no-unique` clears it)",
  nat: "the sender supports Cisco's NAT extension: NBMA addresses are passed as seen after NAT, so spokes behind NAT can build direct tunnels",
});

const ERROR_LIST = Object.values(NHRP_ERROR_CODES);
const CIE_LIST = Object.values(NHRP_CIE_CODES);

/** The entry of a code in `codes`: by the words printed, else by the number. */
function lookup(
  codes: Readonly<Record<number, NhrpCodeInfo>>,
  list: readonly NhrpCodeInfo[],
  words: string | undefined,
  code: number | undefined,
): NhrpCodeInfo | undefined {
  if (words) {
    for (const info of list) {
      if (info.words.test(words)) {
        return info;
      }
    }
  }
  return code === undefined ? undefined : codes[code];
}

/** The error code of an Error Indication, from the words and number IOS printed. */
export function nhrpErrorCode(
  words: string | undefined,
  code: number | undefined,
): NhrpCodeInfo | undefined {
  return lookup(NHRP_ERROR_CODES, ERROR_LIST, words, code);
}

/** The code of a client information entry, from the words and number IOS printed. */
export function nhrpCieCode(
  words: string | undefined,
  code: number | undefined,
): NhrpCodeInfo | undefined {
  return lookup(NHRP_CIE_CODES, CIE_LIST, words, code);
}

/**
 * `text(n)` after `code:`, `Reason:` or `error -` (the debug's dump lines and the NHRP syslog
 * messages, which put one or two spaces there): the words and the number, or undefined. Bounded,
 * so a long line costs little.
 */
export const NHRP_CODE_TEXT =
  /(?:code:|Reason:|error -) {1,3}([a-z][a-z -]{0,60}?) ?\((\d{1,3})\)/;

/** The words and number of the first NHRP code in a text. */
export function nhrpCodeIn(
  text: string,
): { words: string; code: number; index: number; length: number } | undefined {
  const m = NHRP_CODE_TEXT.exec(text);
  if (!m) {
    return undefined;
  }
  // The prefix (`code: `...) holds none of the words, so they start where they are first found.
  const start = m.index + m[0].indexOf(m[1]!);
  return {
    words: m[1]!,
    code: Number(m[2]),
    index: start,
    length: m.index + m[0].length - start,
  };
}
