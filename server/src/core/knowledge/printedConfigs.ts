import type { Code } from "../diagnostics/catalog";

/**
 * What a configuration printed in a capture can be trusted for when the command printed only a
 * part of it (`show running-config | section crypto`, `| include key`, `show running-config
 * interface Serial0/0`). Most config codes judge what is missing (no interface applies the map,
 * no key covers the peer, no route, an ACL not defined...), and a filter leaves out exactly such
 * lines; these codes judge a line by itself, so they hold on any part.
 */
export const PARTIAL_CONFIG_CODES: ReadonlySet<Code> = new Set<Code>([
  // A crypto ACL entry that matches any traffic: the entry says so itself.
  "crypto-acl-any",
  // A type 7 or clear secret is visible on its own line.
  "weak-secret-encoding",
  // A mask IOS refuses, on the address or route line itself.
  "invalid-netmask",
  "unreadable-line",
  // `no crypto isakmp` and `no crypto ipsec nat-transparency udp-encaps` are printed lines.
  "isakmp-disabled",
  "nat-t-disabled",
]);

/**
 * Codes that also hold when the filter kept whole sections (`| section`): an ISAKMP policy or a
 * transform set is printed with all its lines, so its defaults are known.
 */
export const SECTION_CONFIG_CODES: ReadonlySet<Code> = new Set<Code>([
  ...PARTIAL_CONFIG_CODES,
  "weak-crypto",
]);

/**
 * Words after `show running-config` that still print the whole configuration (`all` adds the
 * defaults, `view full` and `brief` change how secrets and certificates print).
 */
export const WHOLE_CONFIG_OPTIONS: ReadonlySet<string> = new Set([
  "all",
  "view",
  "full",
  "brief",
]);
