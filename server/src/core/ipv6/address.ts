import { formatIpv4, parseIpv4 } from "../ipv4/address";

/**
 * IPv6 addresses as 32 lower-case hex digits: plain strings, so a model holding them stays
 * serialisable (JSON has no bigints) and equal addresses compare equal. IPv6 VPN configs are
 * small (a few peers and keys); IPv4 keeps its own 32-bit number module, which big configs need.
 */
export type Ipv6Address = string & { readonly ipv6: unique symbol };

/** An IPv6 prefix (`2001:DB8::/32`); an address is a prefix of length 128. */
export interface Ipv6Prefix {
  address: Ipv6Address;
  length: number;
}

/**
 * Parses IPv6 text (RFC 4291 section 2.2: eight groups of one to four hex digits, one `::` standing
 * for one or more zero groups, and an optional dotted IPv4 address as the last 32 bits); undefined
 * when it is not an IPv6 address. No zone index (`%eth0`): configs do not write them.
 */
export function parseIpv6(text: string): Ipv6Address | undefined {
  if (text.length < 2 || text.length > 45 || !text.includes(":")) {
    return undefined;
  }
  const halves = text.split("::");
  if (halves.length > 2) {
    return undefined;
  }
  // A dotted IPv4 address may only end the whole address.
  const head = groupsOf(halves[0]!, halves.length === 1);
  const tail = halves.length === 2 ? groupsOf(halves[1]!, true) : [];
  if (!head || !tail) {
    return undefined;
  }
  const count = head.length + tail.length;
  // `::` stands for at least one group; without it there must be eight.
  if (halves.length === 2 ? count > 7 : count !== 8) {
    return undefined;
  }
  const groups = [...head, ...new Array<number>(8 - count).fill(0), ...tail];
  return groups
    .map((g) => g.toString(16).padStart(4, "0"))
    .join("") as Ipv6Address;
}

/** The 16-bit groups of one side of `::` (a trailing IPv4 address counts as two); undefined when malformed. */
function groupsOf(part: string, last: boolean): number[] | undefined {
  if (part === "") {
    return [];
  }
  const words = part.split(":");
  const out: number[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (last && i === words.length - 1 && w.includes(".")) {
      const v4 = parseIpv4(w);
      if (v4 === undefined) {
        return undefined;
      }
      out.push(v4 >>> 16, v4 & 0xffff);
    } else if (/^[0-9a-f]{1,4}$/i.test(w)) {
      out.push(parseInt(w, 16));
    } else {
      return undefined;
    }
  }
  return out;
}

/**
 * Formats an address as IOS prints it: upper-case hex, leading zeros dropped, and the longest run
 * of two or more zero groups (the first of equal runs) written `::` (RFC 5952's choice of run).
 */
export function formatIpv6(address: Ipv6Address): string {
  const groups: number[] = [];
  for (let i = 0; i < 32; i += 4) {
    groups.push(parseInt(address.slice(i, i + 4), 16));
  }
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) {
      j++;
    }
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (gs: number[]) => gs.map((g) => g.toString(16).toUpperCase());
  if (bestStart < 0) {
    return hex(groups).join(":");
  }
  return `${hex(groups.slice(0, bestStart)).join(":")}::${hex(groups.slice(bestStart + bestLength)).join(":")}`;
}

/** Parses `ADDRESS/LENGTH` (length 0..128); undefined otherwise. */
export function parseIpv6Prefix(text: string): Ipv6Prefix | undefined {
  const slash = text.indexOf("/");
  if (slash < 0) {
    return undefined;
  }
  const lengthText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(lengthText)) {
    return undefined;
  }
  const length = Number(lengthText);
  const address = parseIpv6(text.slice(0, slash));
  return address === undefined || length > 128
    ? undefined
    : { address, length };
}

/** True when the prefix holds the address: their first `length` bits, four to a hex digit, agree. */
export function ipv6PrefixContains(
  prefix: Ipv6Prefix,
  address: Ipv6Address,
): boolean {
  const whole = prefix.length >> 2;
  if (prefix.address.slice(0, whole) !== address.slice(0, whole)) {
    return false;
  }
  const rest = prefix.length & 3;
  if (rest === 0) {
    return true;
  }
  const shift = 4 - rest;
  return (
    parseInt(prefix.address[whole]!, 16) >> shift ===
    parseInt(address[whole]!, 16) >> shift
  );
}

/** True when the outer prefix holds every address of the inner one. */
export function ipv6PrefixCovers(
  outer: Ipv6Prefix,
  inner: Ipv6Prefix,
): boolean {
  return (
    outer.length <= inner.length && ipv6PrefixContains(outer, inner.address)
  );
}

/** The prefix with the bits past its length cleared (`2001:DB8::1/64` → `2001:DB8::/64`). */
export function ipv6Network(prefix: Ipv6Prefix): Ipv6Prefix {
  const whole = prefix.length >> 2;
  const rest = prefix.length & 3;
  const partial = rest
    ? (
        (parseInt(prefix.address[whole]!, 16) >> (4 - rest)) <<
        (4 - rest)
      ).toString(16)
    : "";
  const kept = prefix.address.slice(0, whole) + partial;
  return {
    address: kept.padEnd(32, "0") as Ipv6Address,
    length: prefix.length,
  };
}

/** `ADDRESS/LENGTH` as IOS prints it. */
export function formatIpv6Prefix(prefix: Ipv6Prefix): string {
  return `${formatIpv6(prefix.address)}/${prefix.length}`;
}

/**
 * An address of either family, where the peer analysis handles both: IPv4 as its 32-bit number,
 * IPv6 as its hex string. Sets and maps of them hold both families without confusion.
 */
export type IpAddress = number | Ipv6Address;

/** True for an IPv6 address. */
export function isIpv6(address: IpAddress): address is Ipv6Address {
  return typeof address === "string";
}

/** An address of either family as IOS prints it. */
export function formatAddress(address: IpAddress): string {
  return typeof address === "string"
    ? formatIpv6(address)
    : formatIpv4(address);
}
