import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { detectLanguage } from "../../../server/src/core/detect";
import type { LanguageId } from "../../../server/src/core/document";
import { REPO_ROOT } from "../../support/lspClient";

/**
 * Inputs for the fuzz tests: real fixtures and the mutations files suffer in real life (lines lost
 * or doubled when copying from a terminal, truncated captures, junk from the serial line, CRLF or
 * lone CR endings), IOS-flavoured token soup, and plain random text.
 */

/** A fixture file and the language it is analysed as. */
export interface Fixture {
  /** Path relative to the repository. */
  name: string;
  text: string;
  languageId: LanguageId;
}

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) {
    return [];
  }
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      out.push(...walk(p));
    } else {
      out.push(p);
    }
  }
  return out.sort();
}

let fixtures: Fixture[] | undefined;

/** Every fixture under test/fixtures and examples that our languages claim (by name or by content). */
export function allFixtures(): Fixture[] {
  fixtures ??= [
    ...walk(path.join(REPO_ROOT, "test", "fixtures")),
    ...walk(path.join(REPO_ROOT, "examples")),
  ].flatMap((file) => {
    const buffer = fs.readFileSync(file);
    if (buffer.length > 2_000_000 || buffer.includes(0)) {
      return [];
    }
    const text = buffer.toString("utf8");
    const languageId =
      detectLanguage(file, text) ??
      (/\.(txt|cfg|conf|log)$/i.test(file) ? "cisco-ios" : undefined);
    return languageId
      ? [{ name: path.relative(REPO_ROOT, file), text, languageId }]
      : [];
  });
  return fixtures;
}

/** One way a file gets damaged. */
export type Mutation =
  | { op: "delete"; at: number }
  | { op: "duplicate"; at: number }
  | { op: "truncateLine"; at: number; keep: number }
  | { op: "swap"; at: number; with: number }
  | { op: "inject"; at: number; column: number; junk: string }
  | { op: "truncateFile"; keep: number };

const JUNK = fc.oneof(
  fc.constantFrom(
    "\u0000",
    "\u001b[2J",
    "\u0007",
    "%",
    "!",
    "^C",
    "\t",
    " ",
    "    ",
    "#",
    ":",
    "(",
    ")",
    "0x",
    "-1",
    "4294967296",
    "255.255.255.255",
    "999.1.1.1",
    "\ufffd",
    "\ud800",
    "é",
    "\u202e",
    "no ",
    " exit",
    "crypto map",
    "ISAKMP (0:",
    "IPSEC(",
    "Old State = ",
    "--More--",
  ),
  fc.string({ maxLength: 12 }),
);

/** A mutation with positions given as fractions, so it applies to any file. */
const MUTATION: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant("delete" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("duplicate" as const), at: fc.nat() }),
  fc.record({
    op: fc.constant("truncateLine" as const),
    at: fc.nat(),
    keep: fc.nat(),
  }),
  fc.record({ op: fc.constant("swap" as const), at: fc.nat(), with: fc.nat() }),
  fc.record({
    op: fc.constant("inject" as const),
    at: fc.nat(),
    column: fc.nat(),
    junk: JUNK,
  }),
  fc.record({ op: fc.constant("truncateFile" as const), keep: fc.nat() }),
);

/** Applies mutations to a text, then writes it with the given line ending. */
export function mutate(
  text: string,
  mutations: readonly Mutation[],
  eol: string,
): string {
  const lines = text.split(/\r\n|\r|\n/);
  for (const m of mutations) {
    const i = lines.length ? ("at" in m ? m.at % lines.length : 0) : 0;
    switch (m.op) {
      case "delete":
        lines.splice(i, 1);
        break;
      case "duplicate":
        lines.splice(i, 0, lines[i] ?? "");
        break;
      case "truncateLine":
        lines[i] = (lines[i] ?? "").slice(
          0,
          m.keep % ((lines[i]?.length ?? 0) + 1),
        );
        break;
      case "swap": {
        const j = lines.length ? m.with % lines.length : 0;
        [lines[i], lines[j]] = [lines[j] ?? "", lines[i] ?? ""];
        break;
      }
      case "inject": {
        const line = lines[i] ?? "";
        const c = m.column % (line.length + 1);
        lines[i] = line.slice(0, c) + m.junk + line.slice(c);
        break;
      }
      case "truncateFile": {
        const joined = lines.join("\n");
        const kept = joined.slice(0, m.keep % (joined.length + 1));
        lines.splice(0, lines.length, ...kept.split("\n"));
        break;
      }
    }
  }
  return lines.join(eol);
}

/** A fixture with up to a handful of mutations and a line ending. */
export function mutatedFixture(): fc.Arbitrary<{
  fixture: Fixture;
  mutations: Mutation[];
  eol: string;
}> {
  return fc.record({
    fixture: fc.constantFrom(...allFixtures()),
    mutations: fc.array(MUTATION, { maxLength: 6 }),
    eol: fc.constantFrom("\n", "\n", "\r\n", "\r"),
  });
}

/** Words of both languages, valid and broken, for text that gets deep into the parsers. */
const VOCABULARY = [
  // Names every plain object answers to (a table that is a plain object finds them too).
  "constructor",
  "__proto__",
  "hasOwnProperty",
  "crypto",
  "ikev2",
  "proposal",
  "integrity",
  "prf",
  "aes-cbc-256",
  "aes-gcm-128",
  "sha256",
  "pre-shared-key",
  "local",
  "remote",
  "fqdn",
  "ikev2-profile",
  "default",
  "isakmp",
  "ipsec",
  "map",
  "dynamic-map",
  "policy",
  "key",
  "keyring",
  "profile",
  "transform-set",
  "set",
  "peer",
  "match",
  "address",
  "identity",
  "pfs",
  "group2",
  "group14",
  "security-association",
  "lifetime",
  "seconds",
  "kilobytes",
  "encr",
  "encryption",
  "aes",
  "3des",
  "des",
  "hash",
  "md5",
  "sha",
  "authentication",
  "pre-share",
  "rsa-sig",
  "esp-des",
  "esp-md5-hmac",
  "esp-aes",
  "256",
  "ah-sha-hmac",
  "mode",
  "tunnel",
  "transport",
  "interface",
  "Serial4/0",
  "FastEthernet0/0",
  "Tunnel0",
  "ip",
  "route",
  "nat",
  "inside",
  "outside",
  "source",
  "list",
  "pool",
  "overload",
  "access-list",
  "101",
  "2699",
  "extended",
  "standard",
  "permit",
  "deny",
  "any",
  "host",
  "eq",
  "range",
  "udp",
  "tcp",
  "esp",
  "ahp",
  "gre",
  "500",
  "4500",
  "isakmp",
  "10.1.1.0",
  "0.0.0.255",
  "172.16.5.1",
  "172.16.6.2",
  "255.255.255.0",
  "0.0.0.0",
  "999.999.1.1",
  "10.1.1",
  "route-map",
  "hostname",
  "Tokyo",
  "Osaka",
  "version",
  "12.3",
  "no",
  "shutdown",
  "description",
  "banner",
  "motd",
  "^C",
  "#",
  "end",
  "exit",
  "!",
  "local-address",
  "reverse-route",
  "tunnel",
  "protection",
  "destination",
  "vrf",
  "7",
  "0822455D0A16",
  "6",
  "cisco",
  "disco",
  "ISAKMP",
  "(0:1):",
  "ISAKMP:(1001):",
  "ISAKMP:",
  "(1001):",
  "IPSEC(validate_proposal_request):",
  "IPSEC(initialize_sas):",
  "IKEv2:(SESSION",
  "ID",
  "=",
  "1,SA",
  "1):",
  "Old",
  "State",
  "New",
  "IKE_I_MM1",
  "IKE_P1_COMPLETE",
  "MM_NO_STATE",
  "QM_IDLE",
  "sending",
  "received",
  "packet",
  "to",
  "from",
  "(I)",
  "(R)",
  "processing",
  "SA",
  "payload.",
  "message",
  "ID",
  "-1",
  "retransmitting",
  "phase",
  "1",
  "atts",
  "are",
  "not",
  "acceptable.",
  "%CRYPTO-4-IKMP_NO_SA:",
  "%CRYPTO-6-IKMP_MODE_FAILURE:",
  "Tokyo#",
  "Osaka(config)#",
  "show",
  "sa",
  "dst",
  "src",
  "state",
  "conn-id",
  "Mar",
  "7",
  "16:14:29.027",
  "GMT:",
  "*Mar",
  "000123:",
  "spi",
  "0x1A2B",
  "proxy",
  "local_proxy=",
  "10.1.1.0/255.255.255.0/0/0",
  "(type=4),",
  "#pkts",
  "encaps:",
  // Words of the show outputs read by several parsers and paired by router.
  "Crypto Map",
  '"M"',
  "Peer =",
  "Interfaces using crypto map",
  "WARNING: This crypto map is in an incomplete state!",
  "Crypto session current status",
  "Interface:",
  "Session status:",
  "DOWN-NEGOTIATING",
  "Peer:",
  "IKEv1 SA:",
  "Inactive",
  "IPSEC FLOW:",
  "Active SAs:",
  "Tunnel-id",
  "fvrf/ivrf",
  "Status",
  "IN-NEG",
  "Hostname/Address        Preshared Key",
  "Gateway of last resort is not set",
  "Inbound access list is",
  "Extended IP access list",
  "#send errors",
  // IPv6: addresses, prefixes and the commands of tunnels over IPv6 and IPv6 overlays.
  "ipv6",
  "2001:DB8:0:1::1",
  "2001:db8::/32",
  "::/0",
  "::",
  "FE80::1",
  "2001:DB8::1/128",
  "::ffff:192.0.2.1",
  "1::2::3",
  "link-local",
  "eui-64",
  "traffic-filter",
  "route",
  "unicast-routing",
  "sequence",
  "ipsec ipv6",
  "gre multipoint ipv6",
  "v4-overlay",
  "nhrp",
  "nhs",
  "-->",
  "\u00e9",
  "\u0000",
  "\t",
  "",
];

/** A line of IOS-flavoured words with random indentation. */
const SOUP_LINE = fc
  .tuple(
    fc.constantFrom("", "", " ", "  ", "   ", "\t"),
    fc.array(fc.constantFrom(...VOCABULARY), { maxLength: 10 }),
  )
  .map(([indent, words]) => indent + words.join(" "));

/** Lines of token soup, both languages. */
export function tokenSoup(): fc.Arbitrary<{
  text: string;
  languageId: LanguageId;
}> {
  return fc.record({
    text: fc.array(SOUP_LINE, { maxLength: 60 }).map((l) => l.join("\n")),
    languageId: fc.constantFrom<LanguageId>("cisco-ios", "cisco-ios-log"),
  });
}

/** Any string (surrogates and control characters included). */
export function randomText(): fc.Arbitrary<{
  text: string;
  languageId: LanguageId;
}> {
  return fc.record({
    text: fc.string({ unit: "binary", maxLength: 1500 }),
    languageId: fc.constantFrom<LanguageId>("cisco-ios", "cisco-ios-log"),
  });
}

/** Random bytes, sometimes behind a byte order mark, as files arrive on disk. */
export function randomBytes(): fc.Arbitrary<Buffer> {
  return fc
    .tuple(
      fc.constantFrom([], [0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff]),
      fc.uint8Array({ maxLength: 3000 }),
    )
    .map(([bom, body]) => Buffer.concat([Buffer.from(bom), Buffer.from(body)]));
}

/** How many times the fixed number of cases to run: 1 in CI, raised locally with FUZZ_RUNS=10. */
export function fuzzScale(): number {
  const scale = Number(process.env["FUZZ_RUNS"] ?? 1);
  return scale > 0 ? scale : 1;
}

/** Runs and seed of the fuzz tests: fixed for CI, raised locally with FUZZ_RUNS=10 or FUZZ_SEED=... */
export function fuzzParameters(runs: number): fc.Parameters<unknown> {
  const scale = fuzzScale();
  const seed = process.env["FUZZ_SEED"];
  return {
    numRuns: Math.max(1, Math.round(runs * scale)),
    seed: seed === undefined ? 42 : Number(seed),
  };
}
