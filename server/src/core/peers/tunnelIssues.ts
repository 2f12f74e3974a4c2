import {
  isHub,
  isMultipoint,
  isMultipointSpoke,
  serverNbma,
} from "../config/dmvpn";
import { entryAcl, entryAcl6 } from "../config/cryptoPeers";
import type { AclEntry, ConfigModel, Interface } from "../config/model";
import { nodeRange, type ConfigNode } from "../config/tree";
import type { Code } from "../diagnostics/catalog";
import type { Fix, TextEdit } from "../diagnostics/finding";
import { formatIpv4 } from "../ipv4/address";
import { formatAddress, type IpAddress } from "../ipv6/address";
import type { Range } from "../text/position";
import { freeName } from "../fixes/configEdits";
import {
  childIndent,
  deleteLine,
  insertAfterSection,
  insertBefore,
  replaceLine,
} from "./edits";
import type { PairAnalysis } from "./analysis";
import type { Endpoint } from "./endpoint";
import { mapToVtiFix } from "./mapToVti";
import { describeEntry, describeEntry6, mirrorEntryText } from "./proxies";
import type { IssueSide, PeerIssue } from "./issues";

/**
 * What must agree between the two ends of a protected tunnel besides IKE and IPsec: the tunnel
 * mode, the GRE key, and for DMVPN the NHRP authentication string and the hub's tunnel address
 * the spoke registers to. IPsec comes up either way; the tunnel then carries nothing, which is
 * the hardest case to see from one router.
 */

/** One disagreement between the two ends, as the report says it and as a finding shows it. */
export interface TunnelProblem {
  code: Code;
  /** One clause for the tunnel report's reasons. */
  reason: string;
  issue(): PeerIssue;
}

/**
 * One end of a tunnel as the agreement judgement reads it: the router's name (for messages), its
 * config (where fixes edit) and the tunnel interface. The pair analysis builds it from a paired
 * end; the NHRP capture check from the two configs a capture names, IPsec or not.
 */
export interface TunnelEnd {
  name: string;
  uri: string;
  model: ConfigModel;
  tunnel: Interface;
  /** The NBMA address this end sends to the other at, when known (a spoke's hub). */
  remote?: IpAddress;
}

/** The disagreements between an initiating tunnel end and the end that answers it. */
export function tunnelProblems(a: Endpoint, b: Endpoint): TunnelProblem[] {
  const selectors = selectorProblem(a, b);
  if (selectors) {
    return [selectors];
  }
  if (a.kind !== "tunnel" || b.kind !== "tunnel" || !a.tunnel || !b.tunnel) {
    return [];
  }
  return tunnelDisagreements(tunnelEnd(a, a.tunnel), tunnelEnd(b, b.tunnel));
}

/**
 * A static VTI facing a crypto map (paired by `vtiFacesMap`): the VTI negotiates any to any,
 * the crypto map the flows of its ACL. Cisco documents the two as not interoperating before
 * IOS XE 16.12, whose multi-SA VTI (`tunnel protection ipsec policy ipv4 ACL`) was made for it;
 * only a map whose ACL protects `ip any any` proposes what the VTI does. Phase 2 fails whichever
 * starts; the fix makes the map's end a VTI too, as the other end already is.
 */
function selectorProblem(x: Endpoint, y: Endpoint): TunnelProblem | undefined {
  const [map, vti] = x.kind === "crypto-map" ? [x, y] : [y, x];
  const entry = map.entry;
  const tunnel = vti.tunnel;
  const mode = entry?.ipv6 ? "ipsec ipv6" : "ipsec ipv4";
  if (
    map.kind !== "crypto-map" ||
    !entry ||
    vti.kind !== "tunnel" ||
    !tunnel ||
    tunnel.tunnel.mode !== mode ||
    // A dynamic VTI (a virtual template) takes the selectors its initiator proposes.
    vti.remote === undefined ||
    // A multi-SA VTI negotiates its policy ACL, compared with the map's as two maps' are.
    tunnel.tunnel.policy
  ) {
    return undefined;
  }
  const model = map.router.model;
  const flows = entry.ipv6
    ? selectorsOf(
        entryAcl6(model, entry),
        describeEntry6,
        (e) =>
          e.protocol === undefined &&
          e.source.length === 0 &&
          e.destination.length === 0,
      )
    : selectorsOf(entryAcl(model, entry), describeEntry, protectsEverything);
  if (!flows) {
    return undefined;
  }
  const { acl, permits } = flows;
  const M = map.router.name;
  const V = vti.router.name;
  const shown = flows.described.slice(0, 2).join(", ");
  const more = permits.length > 2 ? ` and ${permits.length - 2} more` : "";
  const message = `${V}'s ${tunnel.name} is a VTI (\`tunnel mode ${mode}\`), which negotiates any to any, while ${M}'s ${map.label} negotiates the flows of its ACL ${acl.name} (${shown}${more}): the traffic selectors never meet, so phase 2 fails whichever router starts. A static VTI and a crypto map do not interoperate (Cisco added the multi-SA VTI, \`tunnel protection ipsec policy ipv4\`, in IOS XE 16.12 for that). Build the same kind of tunnel on both ends: a VTI on ${M} as on ${V}, or a crypto map on both.`;
  const modeLine = tunnel.node.children.find(
    (c) =>
      !c.negated &&
      c.words[0]?.text.toLowerCase() === "tunnel" &&
      c.words[1]?.text.toLowerCase() === "mode",
  );
  // The multi-SA fix writes an IPv4 policy ACL only.
  const fix =
    map.remote !== undefined
      ? mapToVtiFix(map.router.uri, model, entry, map.remote, V)
      : undefined;
  const multiSa = entry.ipv6
    ? undefined
    : multiSaFix(vti, tunnel, permits as AclEntry[], M);
  return {
    code: "tunnel-mode-mismatch",
    reason: `${V}'s VTI negotiates any to any, ${M}'s crypto map its ACL's flows: a VTI and a crypto map do not interoperate`,
    issue: () => ({
      code: "tunnel-mode-mismatch",
      sides: [
        {
          uri: map.router.uri,
          range: entry.matchAddress?.node
            ? nodeRange(entry.matchAddress.node)
            : map.anchor,
          message: () => message,
          related: `${M}: crypto map, ACL ${acl.name}`,
        },
        {
          uri: vti.router.uri,
          range: placeOf(tunnel, modeLine),
          message: () => message,
          related: `${V}: VTI, any to any`,
        },
      ],
      fixes: [...(fix ? [fix] : []), ...(multiSa ? [multiSa] : [])],
    }),
  };
}

/** The first release whose VTIs negotiate an ACL's flows (`tunnel protection ipsec policy ipv4`). */
const MULTI_SA_VTI = { major: 16, minor: 12 };

/**
 * On a VTI router whose `version` line is IOS XE 16.12 or later: keep the VTI and make it
 * negotiate the mirror image of the crypto map's ACL (multi-SA VTI), a new named ACL and the
 * `tunnel protection ipsec policy ipv4` line before the tunnel's `tunnel protection` one.
 */
function multiSaFix(
  vti: Endpoint,
  tunnel: Interface,
  permits: readonly AclEntry[],
  mapRouter: string,
): Fix | undefined {
  const model = vti.router.model;
  const v = model.version;
  if (
    !v ||
    v.major < MULTI_SA_VTI.major ||
    (v.major === MULTI_SA_VTI.major && v.minor < MULTI_SA_VTI.minor)
  ) {
    return undefined;
  }
  const name = freeName(
    (n) => model.acls.has(n),
    `${mapRouter}-FLOWS`.replace(/\s+/g, "-"),
  );
  const acl = [
    `ip access-list extended ${name}`,
    ...permits.map((e) => ` ${mirrorEntryText(e)}`),
  ];
  const line = `tunnel protection ipsec policy ipv4 ${name}`;
  const protection = tunnel.tunnel.protection?.node;
  const uri = vti.router.uri;
  return {
    title: `Keep ${tunnel.name} a VTI: negotiate ${mapRouter}'s flows with a policy ACL (multi-SA VTI)`,
    edits: protection
      ? [
          insertBefore(uri, model, protection, [
            `${" ".repeat(protection.indent)}${line}`,
          ]),
          insertAfterSection(uri, model, tunnel.node, ["!", ...acl]),
        ]
      : [
          insertAfterSection(uri, model, tunnel.node, [
            `${childIndent(tunnel.node)}${line}`,
            "!",
            ...acl,
          ]),
        ],
    cli: [...acl, `interface ${tunnel.name}`, ` ${line}`],
  };
}

/**
 * The permit entries of a crypto map's ACL with their words, unless there are none or all of
 * them protect everything (what a VTI's selectors are, so nothing to tell).
 */
function selectorsOf<E extends { action: "permit" | "deny" }>(
  acl: { name: string; entries: readonly E[] } | undefined,
  describe: (e: E) => string,
  everything: (e: E) => boolean,
): { acl: { name: string }; permits: E[]; described: string[] } | undefined {
  const permits = acl?.entries.filter((e) => e.action === "permit") ?? [];
  if (!acl || !permits.length || permits.every(everything)) {
    return undefined;
  }
  return { acl, permits, described: permits.map(describe) };
}

/** True for `permit ip any any`: what a VTI's selectors are. */
function protectsEverything(e: AclEntry): boolean {
  return (
    e.protocol === undefined &&
    e.source.wildcard === 0xffffffff &&
    e.destination.wildcard === 0xffffffff
  );
}

/** A paired end as the judgement reads it. */
function tunnelEnd(end: Endpoint, tunnel: Interface): TunnelEnd {
  const { name, uri, model } = end.router;
  return { name, uri, model, tunnel, remote: end.remote };
}

/**
 * The one judgement of whether two tunnel interfaces agree on what IPsec does not negotiate: the
 * mode, the GRE key, and between a spoke and its hub the NHRP authentication and the hub's tunnel
 * address. `a` initiates (the spoke), `b` answers (the hub, whose config fixes leave alone).
 */
export function tunnelDisagreements(
  a: TunnelEnd,
  b: TunnelEnd,
): TunnelProblem[] {
  const x = a.tunnel;
  const y = b.tunnel;
  const mode = modeProblem(a, x, b, y);
  if (mode) {
    // Different encapsulations: keys and NHRP mean nothing until the modes agree.
    return [mode];
  }
  const out: TunnelProblem[] = [];
  const key = keyProblem(a, x, b, y);
  if (key) {
    out.push(key);
  }
  if (isMultipoint(x) || isMultipoint(y)) {
    const auth = authenticationProblem(a, x, b, y);
    if (auth) {
      out.push(auth);
    }
    const server = serverAddressProblem(a, x, b, y);
    if (server) {
      out.push(server);
    }
  }
  return out;
}

/** A tunnel's mode, with multipoint GRE as GRE: the two speak the same encapsulation. */
function wireMode(iface: Interface): string {
  const mode = iface.tunnel.mode ?? "gre ip";
  return mode === "gre multipoint" ? "gre ip" : mode;
}

function sideOf(
  end: TunnelEnd,
  range: Range,
  message: string,
  related: string,
): PeerIssue["sides"][number] {
  return {
    uri: end.uri,
    range,
    message: () => message,
    related,
  };
}

/** The line a tunnel setting is written on, else the interface's name. */
function placeOf(iface: Interface, node: ConfigNode | undefined): Range {
  return node ? nodeRange(node) : iface.nameRange;
}

/** Writes `line` on the interface: replacing `node` when it exists, else as a new last line. */
function setLine(
  end: TunnelEnd,
  iface: Interface,
  node: ConfigNode | undefined,
  line: string,
): TextEdit {
  const model = end.model;
  return node
    ? replaceLine(end.uri, node, `${" ".repeat(node.indent)}${line}`)
    : insertAfterSection(end.uri, model, iface.node, [
        `${childIndent(iface.node)}${line}`,
      ]);
}

/** One end's side of a setting both ends must share: the end, its tunnel, its line, the line as written (absent when the end has none). */
type Setting = [
  TunnelEnd,
  Interface,
  ConfigNode | undefined,
  string | undefined,
];

/**
 * Fixes that make a setting the same on both ends: each end takes the other's line (or drops its
 * own when the other has none). Against a hub only the spoke is changed: the hub serves them all.
 */
function alignFixes(
  [a, x, nodeA, lineA]: Setting,
  [b, y, nodeB, lineB]: Setting,
  remove: string,
  title: (
    end: TunnelEnd,
    iface: Interface,
    other: string | undefined,
  ) => string,
): Fix[] {
  const fix = (
    end: TunnelEnd,
    iface: Interface,
    own: ConfigNode | undefined,
    want: string | undefined,
    preferred: boolean,
  ): Fix => ({
    title: title(end, iface, want),
    ...(preferred ? { isPreferred: true } : {}),
    edits: [
      want !== undefined
        ? setLine(end, iface, own, want)
        : deleteLine(end.uri, end.model, own!),
    ],
    cli: [`interface ${iface.name}`, ` ${want ?? remove}`],
  });
  const hub = isHub(y);
  return [
    fix(a, x, nodeA, lineB, hub),
    ...(hub ? [] : [fix(b, y, nodeB, lineA, false)]),
  ];
}

function modeProblem(
  a: TunnelEnd,
  x: Interface,
  b: TunnelEnd,
  y: Interface,
): TunnelProblem | undefined {
  const mx = x.tunnel.mode ?? "gre ip";
  const my = y.tunnel.mode ?? "gre ip";
  if (wireMode(x) === wireMode(y)) {
    return undefined;
  }
  const A = a.name;
  const B = b.name;
  const message = `${A}'s ${x.name} is \`tunnel mode ${mx}\`, ${B}'s ${y.name} \`tunnel mode ${my}\`: IKE and IPsec may come up, but each end expects a different packet inside ESP (GRE or plain IP), so the tunnel carries nothing. Use the same mode on both.`;
  const modeNode = (i: Interface) =>
    i.node.children.find(
      (c) =>
        !c.negated &&
        c.words[0]?.text.toLowerCase() === "tunnel" &&
        c.words[1]?.text.toLowerCase() === "mode",
    );
  const fix = (end: TunnelEnd, iface: Interface, want: string): Fix => ({
    title: `Set ${end.name}'s ${iface.name} to tunnel mode ${want}`,
    edits: [setLine(end, iface, modeNode(iface), `tunnel mode ${want}`)],
    cli: [`interface ${iface.name}`, ` tunnel mode ${want}`],
  });
  return {
    code: "tunnel-mode-mismatch",
    reason: `the tunnel modes differ (${mx} against ${my})`,
    issue: () => ({
      code: "tunnel-mode-mismatch",
      sides: [
        sideOf(a, placeOf(x, modeNode(x)), message, `${A}: tunnel mode ${mx}`),
        sideOf(b, placeOf(y, modeNode(y)), message, `${B}: tunnel mode ${my}`),
      ],
      fixes: [
        // A hub serves many spokes: the spoke is the one to change.
        fix(a, x, isMultipoint(y) ? "gre multipoint" : my),
        ...(isMultipoint(y) ? [] : [fix(b, y, mx)]),
      ],
    }),
  };
}

function keyProblem(
  a: TunnelEnd,
  x: Interface,
  b: TunnelEnd,
  y: Interface,
): TunnelProblem | undefined {
  if (!wireMode(x).startsWith("gre")) {
    return undefined;
  }
  const kx = x.tunnel.key;
  const ky = y.tunnel.key;
  if (kx?.value === ky?.value) {
    return undefined;
  }
  const A = a.name;
  const B = b.name;
  const text = (k: typeof kx) => (k ? `key ${k.value}` : "no key");
  const message = `${A}'s ${x.name} has ${kx ? `\`tunnel key ${kx.value}\`` : "no `tunnel key`"}, ${B}'s ${y.name} ${ky ? `\`tunnel key ${ky.value}\`` : "none"}: IKE and IPsec come up, but each end drops the GRE packets the other sends (the key is checked on arrival), so nothing crosses the tunnel${isMultipoint(x) || isMultipoint(y) ? " and the spoke never registers" : ""}. Use the same key on both ends.`;
  return {
    code: "tunnel-key-mismatch",
    reason: `the GRE tunnel keys differ (${text(kx)} against ${text(ky)})`,
    issue: () => ({
      code: "tunnel-key-mismatch",
      sides: [
        sideOf(a, placeOf(x, kx?.node), message, `${A}: ${text(kx)}`),
        sideOf(b, placeOf(y, ky?.node), message, `${B}: ${text(ky)}`),
      ],
      fixes: alignFixes(
        [a, x, kx?.node, kx && `tunnel key ${kx.value}`],
        [b, y, ky?.node, ky && `tunnel key ${ky.value}`],
        "no tunnel key",
        (end, iface, other) =>
          other
            ? `Set ${end.name}'s ${iface.name} to ${other}`
            : `Remove tunnel key from ${end.name}'s ${iface.name}`,
      ),
    }),
  };
}

function authenticationProblem(
  a: TunnelEnd,
  x: Interface,
  b: TunnelEnd,
  y: Interface,
): TunnelProblem | undefined {
  const ax = x.nhrp?.authentication;
  const ay = y.nhrp?.authentication;
  if (ax?.secret === ay?.secret) {
    return undefined;
  }
  const A = a.name;
  const B = b.name;
  // The string itself is a secret: the message says only who has one.
  const state =
    ax && ay
      ? "the two NHRP authentication strings differ"
      : `${ax ? A : B} sends an NHRP authentication string and ${ax ? B : A} has none`;
  const message = `${state} (${A}'s ${x.name}, ${B}'s ${y.name}): every router of a DMVPN cloud must use the same \`ip nhrp authentication\`, or NHRP packets are dropped on arrival. IPsec comes up, but the spoke's registration is refused, \`show dmvpn\` stays at NHRP and no traffic is resolved over the cloud.`;
  const place = (i: Interface, auth: typeof ax) =>
    placeOf(i, auth?.node ?? i.nhrp?.networkId?.node);
  return {
    code: "nhrp-mismatch",
    reason:
      ax && ay
        ? "the NHRP authentication strings differ"
        : `only ${ax ? A : B} sends an NHRP authentication string`,
    issue: () => ({
      code: "nhrp-mismatch",
      sides: [
        sideOf(
          a,
          place(x, ax),
          message,
          `${A}: NHRP authentication ${ax ? "set" : "none"}`,
        ),
        sideOf(
          b,
          place(y, ay),
          message,
          `${B}: NHRP authentication ${ay ? "set" : "none"}`,
        ),
      ],
      fixes: alignFixes(
        [a, x, ax?.node, ax && `ip nhrp authentication ${ax.secret}`],
        [b, y, ay?.node, ay && `ip nhrp authentication ${ay.secret}`],
        "no ip nhrp authentication",
        // The title names whose string is taken, never the string.
        (end, iface, other) =>
          other
            ? `Use ${(end === a ? b : a).name}'s NHRP authentication on ${end.name}'s ${iface.name}`
            : `Remove NHRP authentication from ${end.name}'s ${iface.name}`,
      ),
    }),
  };
}

/** The spoke registers to a tunnel address the hub's tunnel does not have. */
function serverAddressProblem(
  a: TunnelEnd,
  x: Interface,
  b: TunnelEnd,
  y: Interface,
): TunnelProblem | undefined {
  const hubAddress = y.addresses[0]?.address;
  const server = x.nhrp?.servers.find(
    (s) => s.address !== undefined && serverNbma(x, s)?.nbma === a.remote,
  );
  if (
    !server ||
    hubAddress === undefined ||
    y.addresses.some((ad) => ad.address === server.address)
  ) {
    return undefined;
  }
  const A = a.name;
  const B = b.name;
  const wrong = formatIpv4(server.address!);
  const right = formatIpv4(hubAddress);
  const message = `${A}'s ${x.name} registers to next-hop server ${wrong} at ${formatAddress(a.remote!)}, but ${B}'s ${y.name} there has tunnel address ${right}: the registration names a server that is not there, ${B} never learns ${A}'s NBMA address, and \`show dmvpn\` stays at NHRP. Point \`ip nhrp nhs\` (and its \`ip nhrp map\`) at ${right}.`;
  const edits: TextEdit[] = [];
  const cli: string[] = [];
  const retarget = (node: ConfigNode) => {
    const word = node.words[3];
    if (word && word.text === wrong) {
      edits.push({ uri: a.uri, range: word.range, newText: right });
      const text = node.text.trim();
      const fixed =
        `${node.text.slice(node.indent, word.start)}${right}${node.text.slice(word.end)}`.trim();
      cli.push(` no ${text}`, ` ${fixed}`);
    }
  };
  for (const map of x.nhrp!.maps) {
    if (map.address === server.address) {
      retarget(map.node);
    }
  }
  retarget(server.node);
  return {
    code: "nhrp-mismatch",
    reason: `${A} registers to next-hop server ${wrong}, not ${B}'s tunnel address ${right}`,
    issue: () => ({
      code: "nhrp-mismatch",
      sides: [
        sideOf(
          a,
          nodeRange(server.node),
          message,
          `${A}: next-hop server ${wrong}`,
        ),
        sideOf(
          b,
          nodeRange(y.addresses[0]!.node),
          message,
          `${B}: ${y.name} is ${right}`,
        ),
      ],
      fixes: edits.length
        ? [
            {
              title: `Register ${A}'s ${x.name} to ${right}`,
              isPreferred: true,
              edits,
              cli: [`interface ${x.name}`, ...cli],
            },
          ]
        : [],
    }),
  };
}

/** A hub's multipoint tunnel with the multipoint spokes paired with it, for the phase 3 check. */
interface HubSpokes {
  hub: Endpoint;
  spokes: Endpoint[];
}

/** True when an `ip nhrp redirect` or `ip nhrp shortcut` is written and not negated. */
function on(
  setting: { enabled: boolean } | undefined,
): setting is { enabled: true } {
  return setting?.enabled === true;
}

/**
 * DMVPN phase 3 needs both halves: the hub's `ip nhrp redirect` (it tells a spoke that sent
 * traffic in and out of the cloud that a direct path exists) and the spokes' `ip nhrp shortcut`
 * (they resolve the other spoke and install the shortcut). With one half, traffic still flows,
 * through the hub: a warning, one issue per hub tunnel, with a side on the hub and one on each
 * spoke concerned (each file gets one finding, however many spokes the cloud has).
 */
export function shortcutIssues(pairs: readonly PairAnalysis[]): PeerIssue[] {
  const hubs = new Map<string, HubSpokes>();
  for (const { pair } of pairs) {
    const { a, b } = pair;
    if (
      // Two spokes of a cloud: neither is the other's hub (a hub's tunnel names no server).
      pair.spokes ||
      pair.missing ||
      !b?.tunnel ||
      !a.tunnel ||
      !isHub(b.tunnel) ||
      !isMultipointSpoke(a.tunnel)
    ) {
      continue;
    }
    const key = `${b.router.uri}#${b.id}`;
    const found = hubs.get(key);
    if (found) {
      if (!found.spokes.some((s) => s.router === a.router)) {
        found.spokes.push(a);
      }
    } else {
      hubs.set(key, { hub: b, spokes: [a] });
    }
  }
  const out: PeerIssue[] = [];
  for (const { hub, spokes } of hubs.values()) {
    const t = hub.tunnel!;
    const redirect = t.nhrp?.redirect;
    if (on(redirect)) {
      const lacking = spokes.filter((s) => !on(s.tunnel!.nhrp?.shortcut));
      if (lacking.length) {
        out.push(noShortcutIssue(hub, redirect.node, lacking));
      }
    } else {
      const asking = spokes.filter((s) => on(s.tunnel!.nhrp?.shortcut));
      if (asking.length) {
        out.push(noRedirectIssue(hub, asking));
      }
    }
  }
  return out;
}

/** `Spoke1, Spoke2 and 3 more`. */
function spokeNames(spokes: readonly Endpoint[]): string {
  const names = spokes.map((s) => s.router.name);
  return names.length > 3
    ? `${names.slice(0, 3).join(", ")} and ${names.length - 3} more`
    : names.join(", ");
}

/** Adds (or turns back on) an `ip nhrp` command on an end's tunnel. */
function switchOnFix(
  end: Endpoint,
  command: "redirect" | "shortcut",
  preferred: boolean,
): Fix {
  const iface = end.tunnel!;
  const line = `ip nhrp ${command}`;
  const negated = iface.nhrp?.[command];
  return {
    title: `Add ${line} to ${end.router.name}'s ${iface.name}`,
    ...(preferred ? { isPreferred: true } : {}),
    edits: [
      negated
        ? replaceLine(
            end.router.uri,
            negated.node,
            `${" ".repeat(negated.node.indent)}${line}`,
          )
        : insertAfterSection(end.router.uri, end.router.model, iface.node, [
            `${childIndent(iface.node)}${line}`,
          ]),
    ],
    cli: [`interface ${iface.name}`, ` ${line}`],
  };
}

/** Where a spoke's side of a phase 3 issue points: its `no ip nhrp shortcut`, else its first NHRP line, else the interface. */
function spokePlace(end: Endpoint): Range {
  const t = end.tunnel!;
  return placeOf(
    t,
    t.nhrp?.shortcut?.node ??
      t.nhrp?.servers[0]?.node ??
      t.nhrp?.networkId?.node,
  );
}

function noShortcutIssue(
  hub: Endpoint,
  redirect: ConfigNode,
  lacking: readonly Endpoint[],
): PeerIssue {
  const H = hub.router.name;
  const t = hub.tunnel!;
  const verify =
    "Verify: `show ip nhrp shortcut` on a spoke (no shortcut entries), `traceroute` between two spokes' LANs (the hub's tunnel address is a hop), `show ip nhrp traffic` on the hub (redirects sent).";
  const sides: IssueSide[] = [
    {
      uri: hub.router.uri,
      range: nodeRange(redirect),
      message: () =>
        `${H}'s ${t.name} sends NHRP redirects (\`ip nhrp redirect\`), but ${lacking.length === 1 ? "its spoke" : `${lacking.length} of its spokes`} ${spokeNames(lacking)} ${lacking.length === 1 ? "has" : "have"} no \`ip nhrp shortcut\`: ${lacking.length === 1 ? "it ignores" : "they ignore"} the redirects, so traffic between spokes never takes the direct path and all of it crosses the hub (more load on ${H}, more delay). ${verify} Add \`ip nhrp shortcut\` on the spokes' tunnels.`,
      related: `${H}: ip nhrp redirect on ${t.name}`,
    },
  ];
  for (const spoke of lacking) {
    const S = spoke.router.name;
    const iface = spoke.tunnel!;
    const off = iface.nhrp?.shortcut;
    sides.push({
      uri: spoke.router.uri,
      range: spokePlace(spoke),
      message: () =>
        `${S}'s ${iface.name} ${off ? "turns `ip nhrp shortcut` off" : "has no `ip nhrp shortcut`"}, while its hub ${H} sends NHRP redirects (DMVPN phase 3): ${S} ignores them and never installs a shortcut, so its traffic to other spokes keeps crossing the hub. ${verify} Add \`ip nhrp shortcut\` to ${iface.name}.`,
      related: `${S}: no ip nhrp shortcut on ${iface.name}`,
      fixes: [switchOnFix(spoke, "shortcut", true)],
    });
  }
  return { code: "nhrp-shortcut-mismatch", sides, fixes: [] };
}

function noRedirectIssue(
  hub: Endpoint,
  asking: readonly Endpoint[],
): PeerIssue {
  const H = hub.router.name;
  const t = hub.tunnel!;
  const off = t.nhrp?.redirect;
  const verify =
    "Verify: `show ip nhrp traffic` on the hub (no redirects sent), `show ip nhrp shortcut` on a spoke (empty), `traceroute` between two spokes' LANs (the hub's tunnel address is a hop).";
  const why =
    "the spokes wait for redirects that never come, so, with the routes to other spokes' networks pointing at the hub (summarised or with the hub as next hop, as phase 3 allows), spoke-to-spoke traffic never takes the direct path and all of it crosses the hub";
  const fix = switchOnFix(hub, "redirect", true);
  const sides: IssueSide[] = [
    {
      uri: hub.router.uri,
      range: placeOf(t, off?.node ?? t.nhrp?.networkId?.node),
      message: () =>
        `${H}'s ${t.name} ${off ? "turns `ip nhrp redirect` off" : "has no `ip nhrp redirect`"}, but ${asking.length === 1 ? "its spoke" : `${asking.length} of its spokes`} ${spokeNames(asking)} ${asking.length === 1 ? "has" : "have"} \`ip nhrp shortcut\` (DMVPN phase 3): ${why}. ${verify} Add \`ip nhrp redirect\` to ${t.name}.`,
      related: `${H}: no ip nhrp redirect on ${t.name}`,
    },
  ];
  for (const spoke of asking) {
    const S = spoke.router.name;
    const iface = spoke.tunnel!;
    sides.push({
      uri: spoke.router.uri,
      range: spokePlace(spoke),
      message: () =>
        `${S}'s ${iface.name} has \`ip nhrp shortcut\`, but its hub ${H} sends no NHRP redirects (no \`ip nhrp redirect\` on ${t.name}): ${why}. ${verify} Add \`ip nhrp redirect\` to ${H}'s ${t.name}.`,
      related: `${S}: ip nhrp shortcut on ${iface.name}`,
    });
  }
  return { code: "nhrp-shortcut-mismatch", sides, fixes: [fix] };
}
