import type { Finding } from "../diagnostics/finding";
import { CATALOG } from "../diagnostics/catalog";
import {
  exchangeSummary,
  packetLabel,
  promptOn,
  visibleExchanges,
} from "./describe";
import { dmvpnState } from "../knowledge/dmvpnStates";
import { showOutputTitle } from "../knowledge/iosCommands";
import type { CaptureModel, Exchange } from "./model";
import { resolutionOf } from "./resolution";
import { capturedConfigs, type CapturedConfig } from "./runningConfigs";
import { describeIdentity } from "./show/identities";
import { formatSpi, spiValue } from "./spi";
import type { ShowBlock } from "./show/types";

/**
 * "Explain Capture": the capture as plain text: a timeline of the exchanges with their packets,
 * what the show outputs say, the findings, and a verdict. Shared by the editor command and
 * `ipsec-lens explain`; pre-shared keys never appear (show output keys are masked).
 */

function lineNo(line: number): string {
  return `line ${line + 1}`;
}

function when(model: CaptureModel, ex: Exchange): string {
  const first = ex.messages.length
    ? model.messages[ex.messages[0]!]
    : undefined;
  return first?.timestamp?.text ?? lineNo(ex.startLine);
}

function exchangeLines(model: CaptureModel, ex: Exchange): string[] {
  const router = ex.router ? `${ex.router}: ` : "";
  const out = [`- ${when(model, ex)}  ${router}${exchangeSummary(model, ex)}`];
  for (const p of ex.packets) {
    const stamp = model.messages[p.message]?.timestamp?.text;
    out.push(`    ${packetLabel(ex, p)}  (${stamp ?? lineNo(p.line)})`);
  }
  for (const p of ex.proposals) {
    if (p.priority > 0 && p.mismatches.length) {
      out.push(
        `    ${p.priority === 65535 ? "default policy" : `policy ${p.priority}`} rejected: ${p.mismatches.map((m) => m.attribute.toLowerCase()).join(", ")}`,
      );
    }
  }
  for (const sa of ex.sas) {
    out.push(
      `    IPsec SA ${sa.direction} ${sa.from} -> ${sa.to}${sa.proxyFrom ? ` for ${sa.proxyFrom} -> ${sa.proxyTo}` : ""}${sa.spi ? `, SPI ${spiShown(sa.spi)}` : ""}`,
    );
  }
  return out;
}

/** "configuration of Osaka (lines 14-36): 1 interface, 1 ISAKMP policy, ..." */
function configSummary(config: CapturedConfig): string {
  const m = config.model;
  const keys =
    m.globalKeys.length + m.keyrings.reduce((n, k) => n + k.keys.length, 0);
  const entries = [...m.cryptoMaps.values()].reduce(
    (n, map) => n + map.entries.length,
    0,
  );
  const counts = (
    [
      [m.interfaces.length, "interface", "interfaces"],
      [m.isakmpPolicies.length, "ISAKMP policy", "ISAKMP policies"],
      [keys, "pre-shared key", "pre-shared keys"],
      [m.transformSets.length, "transform set", "transform sets"],
      [entries, "crypto map entry", "crypto map entries"],
      [m.ipsecProfiles.length, "IPsec profile", "IPsec profiles"],
    ] as const
  )
    .filter(([n]) => n > 0)
    .map(([n, one, many]) => `${n} ${n === 1 ? one : many}`);
  const whose = config.router ? ` of ${config.router}` : "";
  return `configuration${whose} (lines ${config.startLine + 1}-${config.endLine + 1}): ${counts.join(", ") || "no IPsec configuration"}; checked as a config`;
}

function showLines(model: CaptureModel, block: ShowBlock): string[] {
  const head =
    block.promptLine !== undefined
      ? `${promptOn(model, block.promptLine)?.hostname ?? ""}# ${promptOn(model, block.promptLine)?.command ?? ""}`.trim()
      : showOutputTitle(block.kind);
  const out = [`- ${lineNo(block.startLine)}  ${head}`];
  if (block.kind === "running-config") {
    const config = capturedConfigs(model).find((c) => c.block === block);
    if (config) {
      out.push(`    ${configSummary(config)}`);
    }
  }
  const data = block.data;
  switch (data?.kind) {
    case "isakmp-sa":
      if (data.turnedOffLine !== undefined) {
        out.push("    ISAKMP is turned off");
      }
      for (const r of data.rows) {
        out.push(`    IKE SA ${r.src.text} -> ${r.dst.text}: ${r.state.text}`);
      }
      break;
    case "ikev2-sa":
      for (const r of data.rows) {
        out.push(
          `    IKEv2 SA ${r.tunnelId.text} ${r.local?.text ?? "?"} <-> ${r.remote?.text ?? "?"}: ${r.status.text}`,
        );
      }
      break;
    case "ipsec-sa":
      for (const f of data.flows) {
        const encaps = f.counters["encaps"]?.value ?? 0;
        const decaps = f.counters["decaps"]?.value ?? 0;
        out.push(
          `    ${f.localIdent ? describeIdentity(f.localIdent.text) : "?"} <-> ${f.remoteIdent ? describeIdentity(f.remoteIdent.text) : "?"} with ${f.peer?.text ?? "?"}: ${f.sas.length} SAs, encaps ${encaps}, decaps ${decaps}`,
        );
      }
      break;
    case "crypto-map":
      for (const e of data.entries) {
        out.push(
          `    ${e.name.text} ${e.sequence}: peer ${e.peers.map((p) => p.text).join(", ") || "none"}, ACL ${e.acl?.text ?? "none"}, transform sets ${e.transformSets.map((t) => t.text).join(", ") || "none"}, on ${e.interfaces.map((i) => i.text).join(", ") || "no interface"}`,
        );
      }
      break;
    case "crypto-session":
      for (const x of data.sessions) {
        out.push(
          `    ${x.interfaceName?.text ?? "?"} with ${x.peer?.text ?? "?"}: ${x.status?.text ?? "no status"}, ${x.flows.reduce((n, f) => n + (f.activeSas?.value ?? 0), 0)} active IPsec SAs`,
        );
      }
      break;
    case "access-lists":
      for (const acl of data.acls) {
        const hits = acl.entries.filter(
          (e) => e.matches && e.matches.value > 0,
        );
        out.push(
          `    ACL ${acl.name.text}: ${acl.entries.length} entries${hits.length ? `, ${hits.map((e) => `${e.text.text} (${e.matches!.value})`).join("; ")}` : ""}`,
        );
      }
      break;
    case "ip-interface":
      for (const i of data.interfaces) {
        out.push(
          `    ${i.name.text} ${i.address?.text ?? ""} inbound ACL ${i.inboundAcl?.text ?? "none"}`,
        );
      }
      break;
    case "ip-interface-brief": {
      // The interfaces that are not up/up are what a reader looks for; the others are counted.
      const down = data.rows.filter(
        (r) => r.status.text !== "up" || r.protocol.text !== "up",
      );
      out.push(
        `    ${data.rows.length - down.length} of ${data.rows.length} interfaces up/up`,
      );
      for (const r of down) {
        out.push(
          `    ${r.name.text} ${r.address.text} ${r.status.text}/${r.protocol.text}`,
        );
      }
      break;
    }
    case "ip-route":
      out.push(
        `    ${data.routes.length} routes, default via ${data.gatewayOfLastResort?.text ?? "none"}`,
      );
      break;
    case "clock":
      out.push(
        `    clock ${data.flag ?? ""}${data.text.text}${data.flag ? " (not authoritative)" : ""}`,
      );
      break;
    case "certificates":
      for (const c of data.certificates) {
        out.push(
          `    ${c.type}${c.serial ? ` ${c.serial.text}` : ""}: valid ${c.start?.cell.text ?? "?"} to ${c.end?.cell.text ?? "?"}`,
        );
      }
      break;
    case "isakmp-policy":
      for (const s of data.suites) {
        out.push(
          `    ${s.priority === undefined ? "default" : `policy ${s.priority}`}: ${[s.encryption, s.hash, s.authentication, s.group].map((c) => c?.text ?? "?").join(", ")}`,
        );
      }
      break;
    case "isakmp-key":
      for (const k of data.keys) {
        out.push(`    key for ${k.address.text} (value hidden)`);
      }
      break;
    case "dmvpn":
      for (const i of data.interfaces) {
        const up = i.rows.filter((r) => dmvpnState(r.state.text)?.up).length;
        out.push(
          `    ${i.name?.text ?? "DMVPN tunnel"}${i.type ? ` (${i.type.text})` : ""}: ${i.rows.length} NHRP entr${i.rows.length === 1 ? "y" : "ies"}, ${up} up${i.rows
            .filter((r) => !dmvpnState(r.state.text)?.up)
            .map((r) => `; ${r.tunnel.text} ${r.state.text}`)
            .join("")}`,
        );
      }
      break;
    case "transform-set":
      for (const s of data.sets) {
        out.push(
          `    ${s.name.text}: ${s.transforms.map((t) => t.text).join(" ")}`,
        );
      }
      break;
    default:
      break;
  }
  return out;
}

/** How the capture ends, first word(s) of the verdict line. */
export type VerdictStatus =
  | "FAILED"
  | "RESOLVED"
  | "UP"
  | "PHASE 1 UP"
  | "WARNING"
  | "UNFINISHED"
  | "NO NEGOTIATION";

/** The verdict: its status and what it rests on. */
export interface Verdict {
  status: VerdictStatus;
  text: string;
}

function verdict(
  model: CaptureModel,
  findings: readonly Finding[],
  exchanges: readonly Exchange[],
): Verdict {
  const severityOf = (f: Finding) => f.severity ?? CATALOG[f.code].severity;
  // The earliest evidence first: in a capture, what went wrong first is usually the cause (an
  // NHRP refusal in the debug before the `show dmvpn` that shows its effect).
  const inOrder = [...findings].sort(
    (x, y) => x.range.start.line - y.range.start.line,
  );
  const errors = inOrder.filter((f) => severityOf(f) === "error");
  const warnings = inOrder.filter((f) => severityOf(f) === "warning");
  if (errors.length) {
    const more =
      errors.length > 1
        ? ` (${errors.length - 1} more error${errors.length > 2 ? "s" : ""} above)`
        : "";
    return { status: "FAILED", text: `${errors[0]!.message}${more}` };
  }
  const quick = exchanges.filter(
    (e) =>
      (e.kind === "quick" || e.kind === "ike-auth") && e.outcome === "complete",
  );
  // An IKEv2 IKE SA exists once IKE_AUTH completes (counted with quick modes above), not after
  // IKE_SA_INIT alone.
  const phase1 = exchanges.filter(
    (e) =>
      e.protocol === "ikev1" && e.messageId === 0 && e.outcome === "complete",
  );
  const qmIdle = model.shows.some(
    (b) =>
      b.data?.kind === "isakmp-sa" &&
      b.data.rows.some((r) => r.state.text === "QM_IDLE"),
  );
  const warn = warnings.length
    ? ` ${warnings.length} warning${warnings.length > 1 ? "s" : ""}: ${warnings[0]!.message}`
    : "";
  // Failures the capture shows overcome later (a key fixed, then QM_IDLE): the end is the verdict.
  const resolved = inOrder.flatMap((f) => {
    const r = resolutionOf(model, f);
    return r && !r.interface ? [{ f, r }] : [];
  });
  if (resolved.length) {
    const first = resolved[0]!;
    const last = resolved.reduce((a, b) => (b.r.line > a.r.line ? b : a));
    const tunnel = quick.length > 0 || resolved.some((x) => x.r.tunnel);
    const failures =
      resolved.length === 1
        ? `the failure at line ${first.f.range.start.line + 1} (${first.f.code}) was`
        : `${resolved.length} failures, the first at line ${first.f.range.start.line + 1} (${first.f.code}), were`;
    return {
      status: "RESOLVED",
      text: `${failures} overcome later in the capture: ${last.r.what} at line ${last.r.line + 1}, so ${tunnel ? "the tunnel" : "phase 1 (the IKE SA)"} came up in the end.${warn}`,
    };
  }
  if (quick.length) {
    const peers = [...new Set(quick.map((e) => e.peer).filter(Boolean))].join(
      ", ",
    );
    return {
      status: "UP",
      text: `phase 1 and phase 2 completed${peers ? ` with ${peers}` : ""}; IPsec SAs exist.${warn}`,
    };
  }
  if (phase1.length || qmIdle) {
    return {
      status: "PHASE 1 UP",
      text: `the IKE SA is established; the capture shows no completed quick mode.${warn}`,
    };
  }
  if (warnings.length) {
    return { status: "WARNING", text: warn.trimStart() };
  }
  // A failure no check explains is still a failure: the exchange's own reason says what the
  // capture shows.
  const failed = exchanges.find((e) => e.outcome === "failed");
  if (failed) {
    return { status: "FAILED", text: `${exchangeSummary(model, failed)}.` };
  }
  const initOnly = exchanges.some(
    (e) => e.kind === "ike-sa-init" && e.outcome === "complete",
  );
  return exchanges.length
    ? {
        status: "UNFINISHED",
        text: initOnly
          ? "IKE_SA_INIT completed, but the capture ends before IKE_AUTH did: no IKEv2 SA exists yet."
          : "the capture ends before any exchange completed or failed.",
      }
    : {
        status: "NO NEGOTIATION",
        text: "the capture holds no IKE exchange and no problem was found.",
      };
}

/** The capture explained in plain text, with the findings the checks reported on it. */
export function explainCapture(
  model: CaptureModel,
  findings: readonly Finding[],
): string {
  const exchanges = visibleExchanges(model);
  const routers = [...new Set(model.prompts.map((p) => p.hostname))];
  const out: string[] = ["IPsec Lens: capture explained", ""];
  if (routers.length) {
    out.push(`Routers: ${routers.join(", ")}`, "");
  }
  out.push("Timeline");
  if (exchanges.length) {
    for (const ex of exchanges) {
      out.push(...exchangeLines(model, ex));
    }
  } else {
    out.push("- no IKE exchange in the capture");
  }
  if (model.shows.length) {
    out.push("", "Show output");
    for (const block of model.shows) {
      out.push(...showLines(model, block));
    }
  }
  out.push("", "Findings");
  if (findings.length) {
    const sorted = [...findings].sort(
      (a, b) => a.range.start.line - b.range.start.line,
    );
    for (const f of sorted) {
      out.push(
        `- ${lineNo(f.range.start.line)}  ${f.severity ?? CATALOG[f.code].severity} ${f.code}: ${f.message}`,
      );
      for (const fix of f.fixes ?? []) {
        if (fix.cli?.length) {
          out.push(
            `    fix (${fix.title}):`,
            ...fix.cli.map((c) => `      ${c}`),
          );
        }
      }
    }
  } else {
    out.push("- none");
  }
  const v = verdict(model, findings, exchanges);
  out.push("", "Verdict", `${v.status}: ${v.text}`, "");
  return out.join("\n");
}

/** One exchange of the timeline, for tools (0-based lines, as the findings' ranges). */
export interface ExplainedExchange {
  startLine: number;
  endLine: number;
  /** The router whose debug prints it, when the prompt says. */
  router?: string;
  peer?: string;
  kind: Exchange["kind"];
  outcome: Exchange["outcome"];
  /** The timeline's sentence for it. */
  summary: string;
}

/** What `explainCapture` prints, as data: the routers, the exchanges and the verdict. */
export function explainData(
  model: CaptureModel,
  findings: readonly Finding[],
): {
  routers: string[];
  exchanges: ExplainedExchange[];
  verdict: Verdict;
} {
  const exchanges = visibleExchanges(model);
  return {
    routers: [...new Set(model.prompts.map((p) => p.hostname))],
    exchanges: exchanges.map((ex) => ({
      startLine: ex.startLine,
      endLine: ex.endLine,
      ...(ex.router ? { router: ex.router } : {}),
      ...(ex.peer ? { peer: ex.peer } : {}),
      kind: ex.kind,
      outcome: ex.outcome,
      summary: exchangeSummary(model, ex),
    })),
    verdict: verdict(model, findings, exchanges),
  };
}

/** An SPI in hex, as show output prints it: old IOS debug writes some as signed decimals. */
function spiShown(text: string): string {
  const value = spiValue(text);
  return value === undefined || /^0x/i.test(text) ? text : formatSpi(value);
}
