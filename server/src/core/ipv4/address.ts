/**
 * IPv4 arithmetic on unsigned 32-bit numbers. Addresses are numbers so that masks, wildcards and
 * ranges are plain bit operations; `>>> 0` keeps every result unsigned.
 */

/** Parses dotted-quad text (or its `from`..`to` part); undefined when it is not a valid IPv4 address. */
export function parseIpv4(
  text: string,
  from = 0,
  to = text.length,
): number | undefined {
  // A character scan rather than split + regex: the parsers call this on most words of a config.
  // Four groups of one to three ASCII digits, each at most 255, separated by single dots.
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++digits > 3) {
        return undefined;
      }
      part = part * 10 + (c - 48);
    } else if (c === 46 && digits > 0 && dots < 3) {
      if (part > 255) {
        return undefined;
      }
      value = value * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else {
      return undefined;
    }
  }
  if (dots !== 3 || digits === 0 || part > 255) {
    return undefined;
  }
  return (value * 256 + part) >>> 0;
}

/** True when the text is a dotted-quad address. */
export function isIpv4(text: string): boolean {
  return parseIpv4(text) !== undefined;
}

/** Formats a number as dotted quad. */
export function formatIpv4(value: number): string {
  // Concatenation, not an array join: messages format thousands of addresses.
  const v = value >>> 0;
  return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

/** The netmask of a prefix length (0..32). */
export function prefixToMask(length: number): number {
  return length <= 0 ? 0 : (0xffffffff << (32 - Math.min(32, length))) >>> 0;
}

/** The prefix length of a contiguous netmask, or undefined when the mask has holes. */
export function maskToPrefix(mask: number): number | undefined {
  const m = mask >>> 0;
  const inverted = ~m >>> 0;
  // A contiguous mask inverted is 2^k - 1.
  if ((inverted & (inverted + 1)) !== 0) {
    return undefined;
  }
  let length = 0;
  for (let bit = 31; bit >= 0 && (m >>> bit) & 1; bit--) {
    length++;
  }
  return length;
}

/** True when the mask is contiguous ones then zeros (a netmask). */
export function isContiguousMask(mask: number): boolean {
  return maskToPrefix(mask) !== undefined;
}

/** Inverts a wildcard to a mask and back. */
export function invert(value: number): number {
  return ~value >>> 0;
}

/** A subnet: a network address and a contiguous mask. */
export interface Prefix {
  network: number;
  length: number;
}

/** Builds the prefix that holds an address under a mask length. */
export function prefixOf(address: number, length: number): Prefix {
  return { network: (address & prefixToMask(length)) >>> 0, length };
}

/** True when the prefix covers the address. */
export function prefixContains(prefix: Prefix, address: number): boolean {
  return (address & prefixToMask(prefix.length)) >>> 0 === prefix.network;
}

/** Formats a prefix as CIDR. */
export function formatPrefix(prefix: Prefix): string {
  return `${formatIpv4(prefix.network)}/${prefix.length}`;
}

/**
 * An ACL address match: an address with a wildcard whose 1 bits are "don't care". Wildcards need
 * not be contiguous (0.0.255.0 matches the third octet freely), so this is not a prefix.
 */
export interface WildcardMatch {
  address: number;
  wildcard: number;
}

/** Matches any address. */
export const ANY: WildcardMatch = { address: 0, wildcard: 0xffffffff };

/** Builds a wildcard match and normalises the address under it (IOS stores it so too). */
export function wildcardMatch(
  address: number,
  wildcard: number,
): WildcardMatch {
  const w = wildcard >>> 0;
  return { address: (address & ~w) >>> 0, wildcard: w };
}

/** True when the address matches. */
export function wildcardContains(
  match: WildcardMatch,
  address: number,
): boolean {
  return (address & ~match.wildcard) >>> 0 === match.address;
}

/** True when every address of `inner` also matches `outer`. */
export function wildcardCovers(
  outer: WildcardMatch,
  inner: WildcardMatch,
): boolean {
  // Every bit that outer fixes must be fixed in inner, with the same value.
  const fixedByOuter = ~outer.wildcard >>> 0;
  if ((fixedByOuter & inner.wildcard) >>> 0 !== 0) {
    return false;
  }
  return (inner.address & fixedByOuter) >>> 0 === outer.address;
}

/** True when at least one address matches both. */
export function wildcardsIntersect(
  a: WildcardMatch,
  b: WildcardMatch,
): boolean {
  const fixedByBoth = (~a.wildcard & ~b.wildcard) >>> 0;
  return (a.address & fixedByBoth) >>> 0 === (b.address & fixedByBoth) >>> 0;
}

/** True when the match is a contiguous prefix. */
export function wildcardIsPrefix(match: WildcardMatch): boolean {
  return isContiguousMask(invert(match.wildcard));
}

/** The prefix of a contiguous wildcard match, else undefined. */
export function wildcardToPrefix(match: WildcardMatch): Prefix | undefined {
  const length = maskToPrefix(invert(match.wildcard));
  return length === undefined ? undefined : { network: match.address, length };
}

/** How many addresses the match covers. */
export function wildcardSize(match: WildcardMatch): number {
  let bits = 0;
  for (let w = match.wildcard >>> 0; w; w = (w & (w - 1)) >>> 0) {
    bits++;
  }
  return 2 ** bits;
}

/** The lowest and highest addresses the match covers. */
export function wildcardBounds(match: WildcardMatch): {
  first: number;
  last: number;
} {
  return { first: match.address, last: (match.address | match.wildcard) >>> 0 };
}

/** Formats a match as IOS writes it: any, host A, or A W. */
export function formatWildcard(match: WildcardMatch): string {
  if (match.wildcard === 0xffffffff) {
    return "any";
  }
  if (match.wildcard === 0) {
    return `host ${formatIpv4(match.address)}`;
  }
  return `${formatIpv4(match.address)} ${formatIpv4(match.wildcard)}`;
}

/** Describes a match for a person: CIDR when contiguous, else the address and wildcard. */
export function describeWildcard(match: WildcardMatch): string {
  if (match.wildcard === 0xffffffff) {
    return "any address";
  }
  const prefix = wildcardToPrefix(match);
  if (prefix) {
    return prefix.length === 32
      ? `host ${formatIpv4(match.address)}`
      : formatPrefix(prefix);
  }
  return `${formatIpv4(match.address)} wildcard ${formatIpv4(match.wildcard)} (non-contiguous, ${wildcardSize(match)} addresses)`;
}

/** An address inside a match that is not its network address when the match allows (a host of the subnet). */
export function sampleAddress(match: WildcardMatch): number {
  return (match.wildcard & 1) !== 0 ? (match.address | 1) >>> 0 : match.address;
}
