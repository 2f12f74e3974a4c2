import { parseIpv6, parseIpv6Prefix, type Ipv6Prefix } from "../ipv6/address";
import { protocolNumber } from "../knowledge/protocols";
import { readPort } from "./aclPorts";
import { LineWords } from "./lineWords";
import type { Ipv6AccessList, Ipv6AclEntry } from "./model";
import type { ConfigNode } from "./tree";

/**
 * Reads an `ipv6 access-list NAME` section. IPv6 ACLs are named and extended only: each line is
 * `[sequence N] permit|deny PROTOCOL SOURCE [PORT] DESTINATION [PORT] [options]`, an address is
 * `any`, `host X` or `X/LEN`, and `icmp` is ICMPv6. Lines it cannot read are kept as unreadable,
 * so no verdict is drawn through the list.
 */

/** The ICMPv6 protocol number (`icmp` in an IPv6 ACL). */
const ICMPV6 = 58;

const ALL: Ipv6Prefix = { address: parseIpv6("::")!, length: 0 };

const WORDS = new LineWords();

export function readIpv6Acl(node: ConfigNode, name: string): Ipv6AccessList {
  const acl: Ipv6AccessList = { name, node, entries: [], unreadable: [] };
  for (const child of node.children) {
    if (child.negated) {
      continue;
    }
    const w = WORDS.read(child);
    const at = w.is(0, "sequence") ? 2 : 0;
    const action = w.lower(at);
    if (action === "permit" || action === "deny") {
      const entry = readEntry(w, at + 1, action, child);
      if (entry) {
        acl.entries.push(entry);
      } else {
        acl.unreadable.push(child);
      }
    } else if (action === "evaluate") {
      // A reflexive list's entries are not in the config.
      acl.unreadable.push(child);
    }
    // `remark` and the like decide nothing.
  }
  return acl;
}

function readEntry(
  w: LineWords,
  at: number,
  action: "permit" | "deny",
  node: ConfigNode,
): Ipv6AclEntry | undefined {
  let protocolWord = w.lower(at);
  let protocol: number | undefined;
  if (protocolWord === "ip") {
    // The console takes any unambiguous start of a keyword: `ip` is `ipv6` here.
    protocolWord = "ipv6";
  }
  if (protocolWord === "icmp") {
    protocol = ICMPV6;
  } else if (protocolWord !== "ipv6") {
    protocol = protocolNumber(protocolWord);
    if (protocol === undefined) {
      return undefined;
    }
  }
  const source = readAddress(w, at + 1);
  if (!source) {
    return undefined;
  }
  const sourcePort = readPort(w, source.next, protocol);
  const destination = readAddress(w, sourcePort?.next ?? source.next);
  if (!destination) {
    return undefined;
  }
  const destinationPort = readPort(w, destination.next, protocol);
  return {
    action,
    protocol,
    protocolWord,
    source: source.prefix,
    destination: destination.prefix,
    ...(sourcePort ? { sourcePort: sourcePort.value } : {}),
    ...(destinationPort ? { destinationPort: destinationPort.value } : {}),
    node,
  };
}

/** `any`, `host X` or `X/LEN` at word `i`. */
function readAddress(
  w: LineWords,
  i: number,
): { prefix: Ipv6Prefix; next: number } | undefined {
  if (w.is(i, "any")) {
    return { prefix: ALL, next: i + 1 };
  }
  if (w.is(i, "host")) {
    const address = parseIpv6(w.word(i + 1));
    return address === undefined
      ? undefined
      : { prefix: { address, length: 128 }, next: i + 2 };
  }
  const prefix = parseIpv6Prefix(w.word(i));
  return prefix ? { prefix, next: i + 1 } : undefined;
}
