import type {
  ConfigModel,
  IsakmpProfile,
  Keyring,
  PresharedKey,
  Secret,
} from "../config/model";
import { holding, prefixIndex, type PrefixIndex } from "../ipv4/prefixIndex";
import { isCliPlaceholder } from "../fixes/snippets";
import { ipv6PrefixContains, isIpv6, type IpAddress } from "../ipv6/address";

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
  /** The peer's address as this router sees it (IPv6 for a tunnel over IPv6). */
  peer?: IpAddress;
  /** Names the peer may be known by (hostname, FQDN), for hostname keys. */
  peerNames: readonly string[];
  /** This router's address in the exchange, for keyrings with a local address. */
  local?: IpAddress;
  /** The isakmp profile the crypto map or IPsec profile names: only its keyrings are searched. */
  profile?: IsakmpProfile;
  /** As responder, an aggressive-mode password (`crypto isakmp peer`) is not a key it answers with. */
  responder?: boolean;
}

/** Looks up the key a router uses with a peer. */
export function findPresharedKey(
  model: ConfigModel,
  query: KeyQuery,
  resolveLocal: (keyring: Keyring) => number | undefined,
): KeyLookup {
  // The keyrings searched: the profile's when it names some, each only if its local address
  // fits. The global keys form IOS's default keyring, searched unless a profile names keyrings.
  const profileRings = query.profile?.keyrings;
  const restricted = profileRings !== undefined && profileRings.length > 0;
  const searched = new Map<Keyring, boolean>();
  const isSearched = (ring: Keyring | undefined): boolean => {
    if (!ring) {
      return !restricted;
    }
    let yes = searched.get(ring);
    if (yes === undefined) {
      const bound = resolveLocal(ring);
      yes =
        (!restricted || profileRings.some((r) => r.name === ring.name)) &&
        (bound === undefined ||
          query.local === undefined ||
          bound === query.local);
      searched.set(ring, yes);
    }
    return yes;
  };
  const peer = query.peer;
  let best: PresharedKey | undefined;
  let bestRing: Keyring | undefined;
  let bestScore = -1;
  // Only the keys whose address can cover the peer can score: a hub with a key (or a keyring)
  // per peer looks them up by prefix instead of visiting them all for each peer, in the
  // lookup's order (each keyring, then the global keys), which decides between equals.
  const candidates = coveringKeys(model, peer);
  const eachCandidate = (
    visit: (key: PresharedKey, ring: Keyring | undefined) => void,
  ): void => {
    for (const { key, ring } of candidates) {
      if (isSearched(ring) && !(query.responder && key.aggressiveMode)) {
        visit(key, ring);
      }
    }
  };
  eachCandidate((key, ring) => {
    const score = scoreOf(key, peer, ring);
    if (score > bestScore) {
      best = key;
      bestRing = ring;
      bestScore = score;
    }
  });
  if (!best) {
    const names = query.peerNames.map((n) => n.toLowerCase());
    const named = (key: PresharedKey) =>
      key.hostname !== undefined &&
      key.hostname !== "" &&
      names.includes(key.hostname.toLowerCase());
    for (const ring of model.keyrings) {
      const key = isSearched(ring) ? ring.keys.find(named) : undefined;
      if (key) {
        return { key, keyring: ring, ambiguous: [] };
      }
    }
    const key = restricted
      ? undefined
      : model.globalKeys.find(
          (k) => named(k) && !(query.responder && k.aggressiveMode),
        );
    if (key || peer !== undefined) {
      return { key, keyring: undefined, ambiguous: [] };
    }
    // An address no config shows (negotiated, DHCP) is covered by a wildcard key alone; a bound
    // keyring first, as between equally specific keys.
    let wild: PlacedKey | undefined;
    for (const placed of keyIndexOf(model).placed) {
      if (placed.key.address?.mask === 0 && isSearched(placed.ring)) {
        if (placed.ring?.localAddress !== undefined) {
          wild = placed;
          break;
        }
        wild ??= placed;
      }
    }
    return { key: wild?.key, keyring: wild?.ring, ambiguous: [] };
  }
  const chosen: PresharedKey = best;
  const ambiguous: PresharedKey[] = [];
  eachCandidate((key, ring) => {
    if (
      key !== chosen &&
      scoreOf(key, peer, ring) === bestScore &&
      compareSecrets(key.secret, chosen.secret) === "different"
    ) {
      ambiguous.push(key);
    }
  });
  return { key: chosen, keyring: bestRing, ambiguous };
}

/** An address key with the keyring it is written in (none for a global key). */
interface PlacedKey {
  key: PresharedKey;
  ring: Keyring | undefined;
}

const NO_PLACED: readonly PlacedKey[] = [];

/** Configs with fewer address keys than this are scanned: indexing them would cost more. */
const MIN_INDEXED_KEYS = 16;

/** A model's address keys, in lookup order, and by prefix (see `coveringKeys`). */
interface KeyIndex {
  /** The lists indexed (a model's lists are built by the parser and not changed after). */
  rings: readonly Keyring[];
  globals: readonly PresharedKey[];
  /** Every IPv4 address key: each keyring's in order, then the global ones. */
  placed: PlacedKey[];
  /** Every IPv6 address key (`address ipv6`), in the same order: a router has few. */
  placed6: PlacedKey[];
  /** Their addresses (with the mask as a wildcard) by prefix; positions in `placed`. */
  prefixes: PrefixIndex;
}

const KEY_INDEXES = new WeakMap<ConfigModel, KeyIndex>();

function keyIndexOf(model: ConfigModel): KeyIndex {
  let index = KEY_INDEXES.get(model);
  if (
    !index ||
    index.rings !== model.keyrings ||
    index.globals !== model.globalKeys
  ) {
    const placed: PlacedKey[] = [];
    const placed6: PlacedKey[] = [];
    for (const ring of model.keyrings) {
      for (const key of ring.keys) {
        if (key.address) {
          placed.push({ key, ring });
        } else if (key.address6) {
          placed6.push({ key, ring });
        }
      }
    }
    for (const key of model.globalKeys) {
      if (key.address) {
        placed.push({ key, ring: undefined });
      } else if (key.address6) {
        placed6.push({ key, ring: undefined });
      }
    }
    // A key covers the peers its address agrees with under its mask (`scoreOf`).
    const prefixes = prefixIndex(placed, ({ key }) => ({
      address: (key.address!.address & key.address!.mask) >>> 0,
      wildcard: ~key.address!.mask >>> 0,
    }));
    index = {
      rings: model.keyrings,
      globals: model.globalKeys,
      placed,
      placed6,
      prefixes,
    };
    KEY_INDEXES.set(model, index);
  }
  return index;
}

/**
 * A model's address keys that may cover `peer` (every key `scoreOf` can score), in lookup order:
 * each keyring's keys, then the global ones.
 */
function coveringKeys(
  model: ConfigModel,
  peer: IpAddress | undefined,
): readonly PlacedKey[] {
  if (peer === undefined) {
    return NO_PLACED;
  }
  const index = keyIndexOf(model);
  if (isIpv6(peer)) {
    return index.placed6;
  }
  if (index.placed.length < MIN_INDEXED_KEYS) {
    return index.placed;
  }
  const lists = holding(index.prefixes, { address: peer >>> 0, wildcard: 0 });
  const positions = lists.length === 1 ? lists[0]! : lists.flat();
  if (lists.length > 1) {
    positions.sort((x, y) => x - y);
  }
  return positions.map((i) => index.placed[i]!);
}

/** How specifically a key covers the peer (longer mask, then a bound keyring); -1 when it does not. */
function scoreOf(
  key: PresharedKey,
  peer: IpAddress | undefined,
  ring: Keyring | undefined,
): number {
  const bound = ring?.localAddress !== undefined ? 1 : 0;
  if (peer !== undefined && isIpv6(peer)) {
    return key.address6 && ipv6PrefixContains(key.address6, peer)
      ? key.address6.length * 2 + bound
      : -1;
  }
  const a = key.address;
  if (!a || peer === undefined) {
    return -1;
  }
  if ((peer & a.mask) >>> 0 !== (a.address & a.mask) >>> 0) {
    return -1;
  }
  return maskLength(a.mask) * 2 + bound;
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

/** What the comparisons read of a secret (not where it is written). */
export type SecretText = Pick<Secret, "type" | "value">;

/** The clear text of a secret when it can be known: type 0 as written, type 7 decoded, type 6 never. */
export function clearText(secret: SecretText): string | undefined {
  if (secret.type === 0) {
    return secret.value;
  }
  if (secret.type === 7) {
    return decodeType7(secret.value);
  }
  return undefined;
}

/** True when a clear-text secret is a placeholder a quick fix left (`<key>`), not a key. */
export function isPlaceholderSecret(secret: SecretText): boolean {
  return secret.type === 0 && isCliPlaceholder(secret.value);
}

/** Why two secrets could not be compared, for the pair's notes. */
export function uncomparedReason(a: SecretText, b: SecretText): string {
  return isPlaceholderSecret(a) || isPlaceholderSecret(b)
    ? "a pre-shared key is still a placeholder (`<key>`) to replace, so the keys were not compared"
    : "a pre-shared key is stored as type 6 and could not be compared";
}

/** How two secrets compare. */
export type SecretComparison = "same" | "different" | "unverifiable";

/** Compares two secrets by their clear text; a type 6 (or undecodable) secret cannot be compared. */
export function compareSecrets(a: SecretText, b: SecretText): SecretComparison {
  if (isPlaceholderSecret(a) || isPlaceholderSecret(b)) {
    return "unverifiable";
  }
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
  a: SecretText,
  b: SecretText,
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
