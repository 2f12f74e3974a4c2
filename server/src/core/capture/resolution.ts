import { copyFinding, type Finding } from "../diagnostics/finding";
import type { Code } from "../diagnostics/catalog";
import { formatIpv4 } from "../ipv4/address";
import { messageAt, routerAt } from "./describe";
import { capturedConfigs } from "./runningConfigs";
import type { CaptureModel, Exchange } from "./model";
import type { ShowData } from "./show/types";

/**
 * Failures a capture shows overcome later in the same capture: an engineer debugs, fixes the key
 * and pastes the whole session, so a main mode that failed at line 8 is followed by a phase 1
 * that completes, or `show crypto isakmp sa` with the peer in QM_IDLE. Such a failure is history,
 * not the verdict: its finding becomes information and says where the capture shows it resolved.
 */

/** How far a failure got the tunnel when it is resolved: phase 1 only, or IPsec SAs too. */
type Level = "phase1" | "tunnel";

/** The negotiation failures that a later success resolves, with the level that resolves each. */
const RESOLVABLE: ReadonlyMap<Code, Level> = new Map<Code, Level>([
  ["log-peer-not-responding", "phase1"],
  ["log-no-psk-for-peer", "phase1"],
  // IKEv1 goes on through phase 1 without the profile and fails at quick mode.
  ["log-profile-not-matched", "tunnel"],
  ["log-ike-policy-mismatch", "phase1"],
  ["log-psk-mismatch", "phase1"],
  ["log-cert-invalid", "phase1"],
  ["log-phase2-rejected", "tunnel"],
  ["log-identity-rejected", "tunnel"],
]);

/** What shows a failure overcome: the line, and the words for it. */
export interface Resolution {
  line: number;
  /** "`show crypto isakmp sa` shows 172.16.6.2 in QM_IDLE" */
  what: string;
  /** True when IPsec SAs exist (the tunnel is up), false when only phase 1 is shown up. */
  tunnel: boolean;
  /**
   * True when what came up is an interface, not a negotiation: it says nothing of the tunnel,
   * so the capture's verdict does not rest on it.
   */
  interface?: boolean;
}

const IPV4 = /\bfrom (\d{1,3}(?:\.\d{1,3}){3})\b/;

/** A show cell's address without its port (`172.16.6.2/500`). */
const address = (text: string | undefined): string | undefined =>
  text?.replace(/\/\d+$/, "");

function isPhase1(ex: Exchange): boolean {
  return ex.protocol === "ikev1"
    ? ex.messageId === 0
    : ex.kind === "ike-sa-init" || ex.kind === "ike-auth";
}

function isTunnel(ex: Exchange): boolean {
  return ex.protocol === "ikev1"
    ? ex.kind === "quick"
    : ex.kind === "ike-auth" || ex.kind === "create-child-sa";
}

/** A row of show output that shows a peer up, with the words for it. */
interface PeerUp {
  line: number;
  peer: string | undefined;
  tunnel: boolean;
  what: (peer: string) => string;
}

/** The rows of a show output that show their peer up: IKE SAs in QM_IDLE or READY, IPsec SAs, active sessions. */
function peersShownUp(data: ShowData | undefined): PeerUp[] {
  switch (data?.kind) {
    case "isakmp-sa":
      return data.rows
        .filter((r) => r.state.text === "QM_IDLE")
        .flatMap((r) =>
          [r.dst.text, r.src.text].map((peer) => ({
            line: r.line,
            peer,
            tunnel: false,
            what: (p: string) =>
              `\`show crypto isakmp sa\` shows ${p} in QM_IDLE`,
          })),
        );
    case "ikev2-sa":
      return data.rows
        .filter((r) => r.status.text === "READY")
        .map((r) => ({
          line: r.line,
          peer: address(r.remote?.text),
          tunnel: false,
          what: (p: string) =>
            `\`show crypto ikev2 sa\` shows the SA with ${p} READY`,
        }));
    case "ipsec-sa":
      return data.flows
        .filter((f) => f.sas.length > 0)
        .map((f) => ({
          line: f.line,
          peer: address(f.peer?.text),
          tunnel: true,
          what: (p: string) =>
            `\`show crypto ipsec sa\` shows IPsec SAs with ${p}`,
        }));
    case "crypto-session":
      return data.sessions
        .filter((x) => x.status?.text === "UP-ACTIVE")
        .map((x) => ({
          line: x.line,
          peer: address(x.peer?.text),
          tunnel: true,
          what: (p: string) =>
            `\`show crypto session\` shows the session with ${p} UP-ACTIVE`,
        }));
    default:
      return [];
  }
}

/** One piece of evidence that a router reached a peer, at a line. */
type Evidence = Resolution;

/**
 * Every piece of evidence of the capture, by router and peer, in line order: built once per model,
 * since a long capture holds thousands of failures and thousands of exchanges.
 */
function evidenceIndex(model: CaptureModel): Map<string, Evidence[]> {
  let index = EVIDENCE.get(model);
  if (index) {
    return index;
  }
  index = new Map();
  const add = (router: string | undefined, peer: string, e: Evidence) => {
    const key = `${router ?? ""}|${peer}`;
    const list = index!.get(key);
    if (list) {
      list.push(e);
    } else {
      index!.set(key, [e]);
    }
  };
  for (const ex of model.exchanges) {
    if (
      ex.outcome !== "complete" ||
      ex.outcomeLine === undefined ||
      ex.peer === undefined
    ) {
      continue;
    }
    const tunnel = isTunnel(ex);
    if (tunnel || isPhase1(ex)) {
      add(ex.router, ex.peer, {
        line: ex.outcomeLine,
        what: `${tunnel ? "phase 2" : "phase 1"} with ${ex.peer} completes`,
        tunnel,
      });
    }
  }
  for (const block of model.shows) {
    for (const row of peersShownUp(block.data)) {
      if (row.peer !== undefined) {
        add(block.router, row.peer, {
          line: row.line,
          what: row.what(row.peer),
          tunnel: row.tunnel,
        });
      }
    }
  }
  for (const list of index.values()) {
    list.sort((x, y) => x.line - y.line);
  }
  EVIDENCE.set(model, index);
  return index;
}
const EVIDENCE = new WeakMap<CaptureModel, Map<string, Evidence[]>>();

const ONLY_PEER = new WeakMap<CaptureModel, string | null>();

/**
 * The one peer the whole capture knows, when it is one router's and knows exactly one: a failure
 * that names no peer (a refusal line, `show logging`) can then only be with it, and its success
 * later resolves the failure. Every place that names a peer counts: the exchanges (whatever their outcome), the
 * peers of `show crypto map` and of the configurations the capture prints, the flows, sessions
 * and IKEv2 SAs of show output, and `show crypto isakmp sa`, whose rows do not say which end is
 * the peer: a row neither of whose addresses is a known peer names one more, so it keeps the rule
 * off. Undefined when there is none, or more than one.
 */
function onlyPeer(model: CaptureModel): string | undefined {
  const known = ONLY_PEER.get(model);
  if (known !== undefined) {
    return known ?? undefined;
  }
  // Of one router only: with two, a peer named by one router's lines is the other router itself.
  const routers = new Set<string>();
  for (const prompt of model.prompts) {
    routers.add(prompt.hostname.toLowerCase());
  }
  const peers = new Set<string>();
  for (const ex of model.exchanges) {
    if (ex.peer !== undefined) {
      peers.add(ex.peer);
    }
    if (ex.router !== undefined) {
      routers.add(ex.router.toLowerCase());
    }
  }
  if (routers.size > 1) {
    ONLY_PEER.set(model, null);
    return undefined;
  }
  const ambiguous: [string, string][] = [];
  for (const block of model.shows) {
    const data = block.data;
    switch (data?.kind) {
      case "crypto-map":
        for (const entry of data.entries) {
          for (const p of entry.peers) {
            peers.add(p.text);
          }
        }
        break;
      case "ipsec-sa":
        for (const flow of data.flows) {
          const p = address(flow.peer?.text ?? flow.remoteEndpoint?.text);
          if (p !== undefined) {
            peers.add(p);
          }
        }
        break;
      case "crypto-session":
        for (const session of data.sessions) {
          if (session.peer) {
            peers.add(session.peer.text);
          }
        }
        break;
      case "ikev2-sa":
        for (const row of data.rows) {
          const p = address(row.remote?.text);
          if (p !== undefined) {
            peers.add(p);
          }
        }
        break;
      case "isakmp-sa":
        for (const row of data.rows) {
          ambiguous.push([row.dst.text, row.src.text]);
        }
        break;
      default:
        break;
    }
  }
  for (const config of capturedConfigs(model)) {
    for (const map of [
      ...config.model.cryptoMaps.values(),
      ...config.model.cryptoMaps6.values(),
    ]) {
      for (const entry of map.entries) {
        for (const p of entry.peers) {
          peers.add(
            p.address !== undefined
              ? formatIpv4(p.address)
              : (p.hostname ?? String(p.address6)),
          );
        }
      }
    }
  }
  for (const [dst, src] of ambiguous) {
    if (!peers.has(dst) && !peers.has(src)) {
      peers.add(`${dst}|${src}`);
    }
  }
  const only = peers.size === 1 ? [...peers][0]! : undefined;
  ONLY_PEER.set(model, only ?? null);
  return only;
}

/**
 * The first evidence after a finding's line that the same router reached the same peer: an
 * exchange with it that completes (phase 1, or phase 2 for a phase 2 failure), or show output
 * with the peer up. A finding that names no peer is taken as with the capture's only peer, when
 * it has one (`onlyPeer`). Undefined for other codes, when the peer is not known, or when nothing
 * later shows it up.
 */
export function resolutionOf(
  model: CaptureModel,
  finding: Finding,
): Resolution | undefined {
  if (INTERFACE_CODES.has(finding.code)) {
    return interfaceUpLater(model, finding.range.start.line);
  }
  const level = RESOLVABLE.get(finding.code);
  if (!level) {
    return undefined;
  }
  const line = finding.range.start.line;
  const message = messageAt(model, line);
  const ex =
    message && message.exchange >= 0
      ? model.exchanges[message.exchange]
      : undefined;
  const router = ex?.router ?? routerAt(model, line);
  const peer =
    ex?.peer ??
    (message ? IPV4.exec(message.body)?.[1] : undefined) ??
    onlyPeer(model);
  if (peer === undefined) {
    return undefined;
  }
  const list = evidenceIndex(model).get(`${router ?? ""}|${peer}`);
  if (!list) {
    return undefined;
  }
  // The first evidence after the line: binary search, then on to one of the level needed.
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (list[mid]!.line <= line) {
      low = mid + 1;
    } else {
      high = mid;
    }
  }
  for (let i = low; i < list.length; i++) {
    const e = list[i]!;
    if (e.tunnel || level === "phase1") {
      return { line: e.line, what: e.what, tunnel: e.tunnel };
    }
  }
  return undefined;
}

/** The findings on a row of `show ip interface brief` that a later output of it shows up/up resolves. */
const INTERFACE_CODES: ReadonlySet<Code> = new Set<Code>([
  "show-crypto-interface-down",
  "show-tunnel-protocol-down",
]);

/**
 * The first later `show ip interface brief` of the same router that shows up/up the interface
 * whose row is on `line` (an engineer types `no shutdown` and looks again).
 */
function interfaceUpLater(
  model: CaptureModel,
  line: number,
): Resolution | undefined {
  const block = model.shows[model.lineShow[line] ?? -1];
  const data = block?.data;
  if (data?.kind !== "ip-interface-brief") {
    return undefined;
  }
  const row = data.rows.find((r) => line >= r.line && line <= r.endLine);
  if (!row) {
    return undefined;
  }
  const name = row.name.text.toLowerCase();
  for (let i = block!.index + 1; i < model.shows.length; i++) {
    const later = model.shows[i]!;
    if (
      later.data?.kind !== "ip-interface-brief" ||
      later.router !== block!.router
    ) {
      continue;
    }
    const again = later.data.rows.find(
      (r) => r.name.text.toLowerCase() === name,
    );
    if (again) {
      return again.status.text === "up" && again.protocol.text === "up"
        ? {
            line: again.line,
            what: `\`show ip interface brief\` shows ${row.name.text} up/up`,
            tunnel: false,
            interface: true,
          }
        : undefined;
    }
  }
  return undefined;
}

/**
 * The findings with each failure the capture shows overcome later turned into information that
 * says so; the others as they are.
 */
export function markResolved(
  model: CaptureModel,
  findings: readonly Finding[],
): Finding[] {
  return findings.map((f) => {
    const resolved = resolutionOf(model, f);
    return resolved
      ? copyFinding(f, {
          severity: "information",
          message: `Resolved later in the capture (line ${resolved.line + 1}: ${resolved.what}). ${f.message}`,
        })
      : f;
  });
}
