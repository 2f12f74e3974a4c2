import { messageRange, routerAt } from "../capture/describe";
import {
  messagesWithEvents,
  type CaptureMessage,
  type CaptureModel,
} from "../capture/model";
import { identityPrefix } from "../capture/show/identities";
import type { Finding } from "../diagnostics/finding";
import {
  formatIpv4,
  parseIpv4,
  prefixContains,
  type Prefix,
} from "../ipv4/address";
import { IPSEC_TRAFFIC } from "../knowledge/ipsecTraffic";
import { PORT } from "../knowledge/protocols";
import type { CaptureCheck } from "./check";

/**
 * The zone-based firewall's drop messages (`%FW-6-DROP_PKT: Dropping udp session A:500 B:500 on
 * zone-pair OUT-SELF class class-default ...`) that matter to a tunnel: the peers' IKE, NAT-T,
 * ESP or AH dropped (the router's own traffic, on a zone-pair to or from `self`), and the
 * traffic the tunnel protects dropped between zones (its addresses inside a pair of proxy
 * identities the capture shows: `show crypto ipsec sa` or the SAs quick mode created). Other
 * drops are the firewall doing its work and are left to the hover. One finding per router,
 * zone-pair and kind of traffic, on the first message, the next few as related lines.
 */
export const captureFirewallChecks: CaptureCheck = {
  id: "captureFirewallChecks",
  run(model) {
    const drops = readDrops(model);
    if (!drops.length) {
      return [];
    }
    const protectedPairs = protectedNetworks(model);
    const groups = new Map<string, { kind: Kind; drops: FirewallDrop[] }>();
    for (const d of drops) {
      const kind =
        ipsecKind(d) ??
        (isProtected(d, protectedPairs) ? "protected" : undefined);
      if (kind) {
        const key = `${d.router ?? ""}|${d.pair ?? ""}|${kind}`;
        const group = groups.get(key) ?? { kind, drops: [] };
        group.drops.push(d);
        groups.set(key, group);
      }
    }
    return [...groups.values()].map((g) => toFinding(model, g.kind, g.drops));
  },
};

const CODE = "log-zone-firewall-drop";

/** At most this many later messages of one finding are listed as related lines. */
const MAX_RELATED = 5;

type Kind = keyof typeof IPSEC_TRAFFIC | "protected";

/** One drop message as read. */
interface FirewallDrop {
  message: CaptureMessage;
  /** The protocol as printed, in lower case (`udp`, `tcp`, `icmp`, `esp`...). */
  protocol: string;
  source: number;
  sourcePort?: number;
  destination: number;
  destinationPort?: number;
  /** Absent when a terminal cut the message before it. */
  pair?: string;
  cls?: string;
  router?: string;
}

const SESSION =
  /^Dropping (\S{1,16}) (?:session|packet|pkt) (\d{1,3}(?:\.\d{1,3}){3})(?::(\d{1,5}))? (\d{1,3}(?:\.\d{1,3}){3})(?::(\d{1,5}))?/;

const PAIR = /\bon zone-pair (\S{1,64}) class (\S{1,64})/;

function readDrops(model: CaptureModel): FirewallDrop[] {
  const out: FirewallDrop[] = [];
  const messages = messagesWithEvents(model, [], (m) => m === "DROP_PKT");
  for (const message of messages) {
    const e = message.event;
    if (e?.type !== "syslog" || e.facility !== "FW") {
      continue;
    }
    const m = SESSION.exec(e.text);
    const source = m ? parseIpv4(m[2]!) : undefined;
    const destination = m ? parseIpv4(m[4]!) : undefined;
    if (!m || source === undefined || destination === undefined) {
      continue;
    }
    // A terminal 80 columns wide cuts the message after the addresses: the rest is the next line.
    const pair =
      PAIR.exec(e.text) ?? PAIR.exec(model.lines[message.endLine + 1] ?? "");
    out.push({
      message,
      protocol: m[1]!.toLowerCase(),
      source,
      sourcePort: m[3] === undefined ? undefined : Number(m[3]),
      destination,
      destinationPort: m[5] === undefined ? undefined : Number(m[5]),
      pair: pair?.[1],
      cls: pair?.[2],
      router: routerAt(model, message.line),
    });
  }
  return out;
}

/** The IPsec traffic a dropped session is, if it is any. */
function ipsecKind(d: FirewallDrop): keyof typeof IPSEC_TRAFFIC | undefined {
  const ports = [d.sourcePort, d.destinationPort];
  switch (d.protocol) {
    case "udp":
    case "17":
      return ports.includes(PORT.ISAKMP)
        ? "isakmp"
        : ports.includes(PORT.NAT_T)
          ? "natT"
          : undefined;
    case "esp":
    case "50":
      return "esp";
    case "ah":
    case "ahp":
    case "51":
      return "ah";
    default:
      return undefined;
  }
}

/** Pairs of local and remote networks the capture's SAs protect (`any` left out: it says nothing). */
function protectedNetworks(model: CaptureModel): [Prefix, Prefix][] {
  const out: [Prefix, Prefix][] = [];
  const add = (a: string | undefined, b: string | undefined): void => {
    const x = a === undefined ? undefined : identityPrefix(a);
    const y = b === undefined ? undefined : identityPrefix(b);
    if (x && y && x.length > 0 && y.length > 0) {
      out.push([x, y]);
    }
  };
  for (const block of model.shows) {
    if (block.data?.kind === "ipsec-sa") {
      for (const flow of block.data.flows) {
        add(flow.localIdent?.text, flow.remoteIdent?.text);
      }
    }
  }
  for (const exchange of model.exchanges) {
    for (const sa of exchange.sas ?? []) {
      add(sa.proxyFrom, sa.proxyTo);
    }
  }
  return out;
}

function isProtected(
  d: FirewallDrop,
  pairs: readonly [Prefix, Prefix][],
): boolean {
  return pairs.some(
    ([a, b]) =>
      (prefixContains(a, d.source) && prefixContains(b, d.destination)) ||
      (prefixContains(b, d.source) && prefixContains(a, d.destination)),
  );
}

function sessionText(d: FirewallDrop): string {
  const end = (address: number, port: number | undefined): string =>
    port === undefined ? formatIpv4(address) : `${formatIpv4(address)}:${port}`;
  return `${d.protocol.toUpperCase()} ${end(d.source, d.sourcePort)} → ${end(d.destination, d.destinationPort)}`;
}

function toFinding(
  model: CaptureModel,
  kind: Kind,
  drops: readonly FirewallDrop[],
): Finding {
  const first = drops[0]!;
  const where = first.pair
    ? `on zone-pair ${first.pair}${first.cls ? ` (class ${first.cls})` : ""}`
    : "on a zone-pair the message does not show";
  const count = drops.length > 1 ? ` (${drops.length} messages)` : "";
  const router = first.router ? `${first.router}: ` : "";
  const inspect = first.pair
    ? `\`show policy-map type inspect zone-pair ${first.pair}\``
    : "`show policy-map type inspect zone-pair`";
  let message: string;
  if (kind === "protected") {
    message = `${router}The zone-based firewall dropped traffic the tunnel protects, ${sessionText(first)}, ${where}${count}: the SAs can be up while the firewall drops what they carry between the LAN's zone and the zone of the crypto interface or tunnel. Decrypted packets cross from that zone to the LAN's, and the LAN's packets the other way before encryption: each direction needs a zone-pair whose policy passes or inspects the protected networks' traffic (an ACL of the two networks in a class with \`inspect\`). Check ${inspect} and \`show zone security\`.`;
  } else {
    const t = IPSEC_TRAFFIC[kind];
    message = `${router}The zone-based firewall dropped ${t.name} from ${formatIpv4(first.source)} to ${formatIpv4(first.destination)} ${where}${count}: ${t.effect}. A router's own IKE and ESP belong to the \`self\` zone, so when this router is the peer the zone-pair to or from \`self\` must let them through (IKE may be inspected; ESP and AH must be passed, both ways); IPsec that only crosses the router needs the zone-pair between the two zones to pass it. Check ${inspect}, then pass it in a class ahead of the one that drops it, with an ACL line such as \`${t.permit(formatIpv4(first.source), formatIpv4(first.destination))}\`.`;
  }
  return {
    code: CODE,
    range: messageRange(model, first.message),
    message,
    related: drops.slice(1, 1 + MAX_RELATED).map((d) => ({
      range: messageRange(model, d.message),
      message: `dropped again: ${sessionText(d)}`,
    })),
  };
}
