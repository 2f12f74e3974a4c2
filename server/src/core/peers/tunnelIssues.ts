import { isHub, isMultipoint, serverNbma } from "../config/dmvpn";
import type { Interface } from "../config/model";
import { nodeRange, type ConfigNode } from "../config/tree";
import type { Code } from "../diagnostics/catalog";
import type { Fix, TextEdit } from "../diagnostics/finding";
import { formatIpv4 } from "../ipv4/address";
import type { Range } from "../text/position";
import {
  childIndent,
  deleteLine,
  insertAfterSection,
  replaceLine,
} from "./edits";
import type { Endpoint } from "./endpoint";
import type { PeerIssue } from "./issues";

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

/** The disagreements between an initiating tunnel end and the end that answers it. */
export function tunnelProblems(a: Endpoint, b: Endpoint): TunnelProblem[] {
  const x = a.tunnel;
  const y = b.tunnel;
  if (a.kind !== "tunnel" || b.kind !== "tunnel" || !x || !y) {
    return [];
  }
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
  end: Endpoint,
  range: Range,
  message: string,
  related: string,
): PeerIssue["sides"][number] {
  return {
    uri: end.router.uri,
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
  end: Endpoint,
  iface: Interface,
  node: ConfigNode | undefined,
  line: string,
): TextEdit {
  const model = end.router.model;
  return node
    ? replaceLine(end.router.uri, node, `${" ".repeat(node.indent)}${line}`)
    : insertAfterSection(end.router.uri, model, iface.node, [
        `${childIndent(iface.node)}${line}`,
      ]);
}

/** One end's side of a setting both ends must share: the end, its tunnel, its line, the line as written (absent when the end has none). */
type Setting = [
  Endpoint,
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
  title: (end: Endpoint, iface: Interface, other: string | undefined) => string,
): Fix[] {
  const fix = (
    end: Endpoint,
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
        : deleteLine(end.router.uri, end.router.model, own!),
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
  a: Endpoint,
  x: Interface,
  b: Endpoint,
  y: Interface,
): TunnelProblem | undefined {
  const mx = x.tunnel.mode ?? "gre ip";
  const my = y.tunnel.mode ?? "gre ip";
  if (wireMode(x) === wireMode(y)) {
    return undefined;
  }
  const A = a.router.name;
  const B = b.router.name;
  const message = `${A}'s ${x.name} is \`tunnel mode ${mx}\`, ${B}'s ${y.name} \`tunnel mode ${my}\`: IKE and IPsec may come up, but each end expects a different packet inside ESP (GRE or plain IP), so the tunnel carries nothing. Use the same mode on both.`;
  const modeNode = (i: Interface) =>
    i.node.children.find(
      (c) =>
        !c.negated &&
        c.words[0]?.text.toLowerCase() === "tunnel" &&
        c.words[1]?.text.toLowerCase() === "mode",
    );
  const fix = (end: Endpoint, iface: Interface, want: string): Fix => ({
    title: `Set ${end.router.name}'s ${iface.name} to tunnel mode ${want}`,
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
  a: Endpoint,
  x: Interface,
  b: Endpoint,
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
  const A = a.router.name;
  const B = b.router.name;
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
            ? `Set ${end.router.name}'s ${iface.name} to ${other}`
            : `Remove tunnel key from ${end.router.name}'s ${iface.name}`,
      ),
    }),
  };
}

function authenticationProblem(
  a: Endpoint,
  x: Interface,
  b: Endpoint,
  y: Interface,
): TunnelProblem | undefined {
  const ax = x.nhrp?.authentication;
  const ay = y.nhrp?.authentication;
  if (ax?.secret === ay?.secret) {
    return undefined;
  }
  const A = a.router.name;
  const B = b.router.name;
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
            ? `Use ${(end === a ? b : a).router.name}'s NHRP authentication on ${end.router.name}'s ${iface.name}`
            : `Remove NHRP authentication from ${end.router.name}'s ${iface.name}`,
      ),
    }),
  };
}

/** The spoke registers to a tunnel address the hub's tunnel does not have. */
function serverAddressProblem(
  a: Endpoint,
  x: Interface,
  b: Endpoint,
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
  const A = a.router.name;
  const B = b.router.name;
  const wrong = formatIpv4(server.address!);
  const right = formatIpv4(hubAddress);
  const message = `${A}'s ${x.name} registers to next-hop server ${wrong} at ${formatIpv4(a.remote!)}, but ${B}'s ${y.name} there has tunnel address ${right}: the registration names a server that is not there, ${B} never learns ${A}'s NBMA address, and \`show dmvpn\` stays at NHRP. Point \`ip nhrp nhs\` (and its \`ip nhrp map\`) at ${right}.`;
  const edits: TextEdit[] = [];
  const cli: string[] = [];
  const retarget = (node: ConfigNode) => {
    const word = node.words[3];
    if (word && word.text === wrong) {
      edits.push({ uri: a.router.uri, range: word.range, newText: right });
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
