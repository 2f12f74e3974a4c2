import type {
  ConfigModel,
  IsakmpProfile,
  Keyring,
  PresharedKey,
  Secret,
} from "../config/model";

/**
 * Pre-shared key lookup as IOS does it for one peer, and comparison of two keys. In main mode the
 * responder must pick the key before it sees the peer's identity, so the lookup goes by the
 * peer's address: every keyring whose `local-address` fits (or the keyrings of the isakmp profile
 * the crypto map names) plus the global `crypto isakmp key` lines; the most specific mask wins;
 * among equally specific keys a keyring bound to the local address wins, then the first written.
 * Hostname keys count only when no address key covers the peer.
 */

/** Where IOS would find the key for a peer. */
export interface KeyLookup {
  key?: PresharedKey;
  keyring?: Keyring;
  /** Other keys that cover the peer as specifically and hold a different secret: IOS's pick between them is not documented. */
  ambiguous: PresharedKey[];
}

/** What the lookup needs to know about the negotiation. */
export interface KeyQuery {
  /** The peer's address as this router sees it. */
  peer?: number;
  /** Names the peer may be known by (hostname, FQDN), for hostname keys. */
  peerNames: readonly string[];
  /** This router's address in the exchange, for keyrings with a local address. */
  local?: number;
  /** The isakmp profile the crypto map or IPsec profile names: only its keyrings are searched. */
  profile?: IsakmpProfile;
}

/** Looks up the key a router uses with a peer. */
export function findPresharedKey(
  model: ConfigModel,
  query: KeyQuery,
  resolveLocal: (keyring: Keyring) => number | undefined,
): KeyLookup {
  const profileRings = query.profile?.keyrings.map((r) => r.name);
  const rings = model.keyrings.filter((ring) => {
    if (profileRings?.length && !profileRings.includes(ring.name)) {
      return false;
    }
    const bound = resolveLocal(ring);
    return (
      bound === undefined || query.local === undefined || bound === query.local
    );
  });
  const candidates: { key: PresharedKey; keyring?: Keyring; bound: boolean }[] =
    [];
  for (const ring of rings) {
    const bound = ring.localAddress !== undefined;
    for (const key of ring.keys) {
      candidates.push({ key, keyring: ring, bound });
    }
  }
  // The global keys form IOS's default keyring, searched unless a profile names its keyrings.
  if (!profileRings?.length) {
    for (const key of model.globalKeys) {
      candidates.push({ key, bound: false });
    }
  }
  let best: (typeof candidates)[number] | undefined;
  let bestScore = -1;
  const scored: { c: (typeof candidates)[number]; score: number }[] = [];
  for (const c of candidates) {
    const a = c.key.address;
    if (!a || query.peer === undefined) {
      continue;
    }
    if ((query.peer & a.mask) >>> 0 !== (a.address & a.mask) >>> 0) {
      continue;
    }
    const score = maskLength(a.mask) * 2 + (c.bound ? 1 : 0);
    scored.push({ c, score });
    if (score > bestScore) {
      best = c;
      bestScore = score;
    }
  }
  if (!best) {
    const names = query.peerNames.map((n) => n.toLowerCase());
    const byName = candidates.find(
      (c) => c.key.hostname && names.includes(c.key.hostname.toLowerCase()),
    );
    return { key: byName?.key, keyring: byName?.keyring, ambiguous: [] };
  }
  const chosen = best;
  const ambiguous = scored
    .filter(
      (s) =>
        s.score === bestScore &&
        s.c !== chosen &&
        compareSecrets(s.c.key.secret, chosen.key.secret) === "different",
    )
    .map((s) => s.c.key);
  return { key: chosen.key, keyring: chosen.keyring, ambiguous };
}

function maskLength(mask: number): number {
  let bits = 0;
  for (let m = mask >>> 0; m; m = (m << 1) >>> 0) {
    bits++;
  }
  return bits;
}

/** The translation string of the type 7 obfuscation, public since the 1990s. */
const TYPE7_XLAT = "dsfd;kfoA,.iyewrkldJKDHSUBsgvca69834ncxv9873254k;fg87";

const TYPE7_SHAPE = /^\d{2}(?:[0-9A-Fa-f]{2})+$/;

/**
 * Decodes a type 7 string: two decimal digits give the start in the translation string, then each
 * pair of hex digits is one character XORed with the next translation character.
 */
export function decodeType7(encoded: string): string | undefined {
  if (!TYPE7_SHAPE.test(encoded)) {
    return undefined;
  }
  const seed = Number(encoded.slice(0, 2));
  let out = "";
  for (let i = 2, n = 0; i < encoded.length; i += 2, n++) {
    const byte = parseInt(encoded.slice(i, i + 2), 16);
    out += String.fromCharCode(
      byte ^ TYPE7_XLAT.charCodeAt((seed + n) % TYPE7_XLAT.length),
    );
  }
  return out;
}

/** Encodes text as type 7 with the given start (for fixes that write a key as the peer stores it). */
export function encodeType7(text: string, seed = 2): string {
  let out = String(seed % 16).padStart(2, "0");
  for (let n = 0; n < text.length; n++) {
    const byte =
      text.charCodeAt(n) ^
      TYPE7_XLAT.charCodeAt((seed + n) % TYPE7_XLAT.length);
    out += byte.toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}

/** The clear text of a secret when it can be known: type 0 as written, type 7 decoded, type 6 never. */
export function clearText(secret: Secret): string | undefined {
  if (secret.type === 0) {
    return secret.value;
  }
  if (secret.type === 7) {
    return decodeType7(secret.value);
  }
  return undefined;
}

/** How two secrets compare. */
export type SecretComparison = "same" | "different" | "unverifiable";

/** Compares two secrets by their clear text; a type 6 (or undecodable) secret cannot be compared. */
export function compareSecrets(a: Secret, b: Secret): SecretComparison {
  const x = clearText(a);
  const y = clearText(b);
  if (x === undefined || y === undefined) {
    return "unverifiable";
  }
  return x === y ? "same" : "different";
}

/**
 * A hint on how two different keys differ, without revealing either: letter case or surrounding
 * spaces only; lengths and differing characters only when secrets may be shown.
 */
export function describeDifference(
  a: Secret,
  b: Secret,
  reveal = false,
): string {
  const x = clearText(a);
  const y = clearText(b);
  if (x === undefined || y === undefined) {
    return "";
  }
  if (x.toLowerCase() === y.toLowerCase()) {
    return "they differ only in letter case";
  }
  if (!reveal) {
    return "";
  }
  if (x.length !== y.length) {
    return `one has ${x.length} characters, the other ${y.length}`;
  }
  let differing = 0;
  for (let i = 0; i < x.length; i++) {
    if (x[i] !== y[i]) {
      differing++;
    }
  }
  return `both have ${x.length} characters, ${differing} of them differ${differing === 1 ? "s" : ""}`;
}

/** Masks a secret for messages. */
export function maskSecret(): string {
  return "*****";
}
