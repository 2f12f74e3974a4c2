import type { CaptureModel } from "../capture/model";
import {
  capturedConfigs,
  type CapturedConfig,
} from "../capture/runningConfigs";
import type {
  Cell,
  IpInterfaceBriefRow,
  IpInterfaceBriefShow,
  ShowBlock,
} from "../capture/show/types";
import { pushAt } from "../collections/multiMap";
import type { Interface } from "../config/model";
import { interfaceKey } from "../config/parser";
import type { Finding, Fix, RelatedInfo } from "../diagnostics/finding";
import { formatIpv4 } from "../ipv4/address";
import {
  interfaceState,
  isTunnelInterface,
} from "../knowledge/interfaceStates";
import type { Range } from "../text/position";
import type { CaptureCheck } from "./check";
import { lineSpan, nearestBlock } from "./support/showSupport";

/**
 * `show ip interface brief` against what the same router's other output says carries IPsec: an
 * interface that is not up/up while a crypto map is on it, its tunnel protection, its IPsec SAs or
 * sessions name it, or its address is the local end of an IKE or IPsec SA
 * (`show-crypto-interface-down`); and a protected tunnel whose line protocol is down
 * (`show-tunnel-protocol-down`), with its source's state when the capture prints the tunnel's
 * configuration. Each brief output is judged with the outputs of its router nearest to it.
 */

/** Something in the capture that says an interface carries IPsec. */
interface IpsecUse {
  /** What it says of the interface: "carries crypto map VPN". */
  says: string;
  /** Where. */
  range: Range;
  /** The output that says it: "`show crypto map`", "the printed configuration". */
  source: string;
  /**
   * For a crypto map: every interface it is applied to (keys). A map on two interfaces (two
   * providers, one kept shut as a backup) still works through the other one, so its use proves
   * nothing while another of them is up, or not shown.
   */
  mapInterfaces?: readonly string[];
}

/** The IPsec uses of a router's interfaces, by interface key and by address. */
interface IpsecUses {
  byInterface: Map<string, IpsecUse[]>;
  byAddress: Map<string, IpsecUse[]>;
  /** The interfaces of the router's printed configurations, by key. */
  printed: Map<string, PrintedInterface>;
}

/** The address of a show cell without its port or mask (`10.0.0.1/500`, `10.0.0.1/24`). */
function bareAddress(text: string): string {
  const slash = text.indexOf("/");
  return slash < 0 ? text : text.slice(0, slash);
}

/** An interface of a configuration the capture prints, with the printing it comes from. */
interface PrintedInterface {
  iface: Interface;
  config: CapturedConfig;
}

/**
 * The interfaces of the block's router that the capture prints, each from the printing nearest
 * before the block that has it (else the first after): a whole configuration, or parts of it
 * (`show running-config interface X` says what X carries), by interface key.
 */
function printedInterfaces(
  model: CaptureModel,
  block: ShowBlock,
): Map<string, PrintedInterface> {
  const out = new Map<string, PrintedInterface>();
  const router = block.router?.toLowerCase();
  if (router === undefined) {
    return out;
  }
  const printed = capturedConfigs(model).filter(
    (c) => c.router?.toLowerCase() === router && c.model.interfaces.length > 0,
  );
  // The printings after the block, the first last, then those before it, the nearest last.
  const after = printed.filter((c) => c.startLine >= block.startLine);
  const before = printed.filter((c) => c.startLine < block.startLine);
  for (const config of [...after.reverse(), ...before]) {
    for (const iface of config.model.interfaces) {
      out.set(iface.key, { iface, config });
    }
  }
  return out;
}

/** A key no interface has: the other interfaces of a map a part of a configuration cannot list. */
const UNKNOWN_INTERFACES = ["\n(not printed)"];

/** What the router's output nearest the brief block says carries IPsec. */
function ipsecUses(model: CaptureModel, block: ShowBlock): IpsecUses {
  const byInterface = new Map<string, IpsecUse[]>();
  const byAddress = new Map<string, IpsecUse[]>();
  const onInterface = (name: string, use: IpsecUse) =>
    pushAt(byInterface, interfaceKey(name), use);
  const atAddress = (address: string, use: IpsecUse) =>
    pushAt(byAddress, bareAddress(address), use);

  const maps = nearestBlock(model, block, "crypto-map")?.data;
  if (maps?.kind === "crypto-map") {
    // The interfaces of each map, over all its entries (each entry repeats the list).
    const mapInterfaces = new Map<string, string[]>();
    for (const entry of maps.entries) {
      const keys = mapInterfaces.get(entry.name.text) ?? [];
      for (const iface of entry.interfaces) {
        const key = interfaceKey(iface.text);
        if (!keys.includes(key)) {
          keys.push(key);
        }
      }
      mapInterfaces.set(entry.name.text, keys);
    }
    const seen = new Set<string>();
    for (const entry of maps.entries) {
      for (const iface of entry.interfaces) {
        const once = `${entry.name.text}\n${interfaceKey(iface.text)}`;
        if (seen.has(once)) {
          continue;
        }
        seen.add(once);
        onInterface(iface.text, {
          says: `carries crypto map ${entry.name.text}`,
          range: iface.range,
          source: "`show crypto map`",
          mapInterfaces: mapInterfaces.get(entry.name.text),
        });
      }
    }
  }
  const sas = nearestBlock(model, block, "ipsec-sa")?.data;
  if (sas?.kind === "ipsec-sa") {
    for (const flow of sas.flows) {
      const peer = flow.peer?.text ?? flow.remoteEndpoint?.text;
      const withPeer = peer ? ` with ${peer}` : "";
      if (flow.interfaceCell) {
        onInterface(flow.interfaceCell.text, {
          says: `is the interface of IPsec SAs${withPeer}`,
          range: flow.interfaceCell.range,
          source: "`show crypto ipsec sa`",
        });
      }
      if (flow.localEndpoint) {
        atAddress(flow.localEndpoint.text, {
          says: `holds ${bareAddress(flow.localEndpoint.text)}, the local end of IPsec SAs${withPeer}`,
          range: flow.localEndpoint.range,
          source: "`show crypto ipsec sa`",
        });
      }
    }
  }
  const sessions = nearestBlock(model, block, "crypto-session")?.data;
  if (sessions?.kind === "crypto-session") {
    for (const session of sessions.sessions) {
      if (session.interfaceName) {
        onInterface(session.interfaceName.text, {
          says: `has a crypto session${session.peer ? ` with ${session.peer.text}` : ""}`,
          range: session.interfaceName.range,
          source: "`show crypto session`",
        });
      }
    }
  }
  const ike = nearestBlock(model, block, "isakmp-sa")?.data;
  if (ike?.kind === "isakmp-sa") {
    for (const row of ike.rows) {
      // One of the two is this router's own address: only that one meets a row of the brief output.
      for (const [local, other] of [
        [row.src, row.dst],
        [row.dst, row.src],
      ] as const) {
        atAddress(local.text, {
          says: `holds ${local.text}, the local end of the IKE SA with ${other.text} (${row.state.text})`,
          range: local.range,
          source: "`show crypto isakmp sa`",
        });
      }
    }
  }
  const ikev2 = nearestBlock(model, block, "ikev2-sa")?.data;
  if (ikev2?.kind === "ikev2-sa") {
    for (const row of ikev2.rows) {
      if (row.local) {
        const local = bareAddress(row.local.text);
        atAddress(local, {
          says: `holds ${local}, the local end of the IKEv2 SA${row.remote ? ` with ${bareAddress(row.remote.text)}` : ""} (${row.status.text})`,
          range: row.local.range,
          source: "`show crypto ikev2 sa`",
        });
      }
    }
  }
  const printed = printedInterfaces(model, block);
  for (const { iface, config } of printed.values()) {
    if (iface.cryptoMap) {
      const name = iface.cryptoMap.name;
      onInterface(iface.name, {
        says: `carries crypto map ${name}`,
        range: iface.cryptoMap.range,
        source: "the configuration printed",
        // Only a whole configuration lists every interface the map is on.
        mapInterfaces:
          config.extent === "whole"
            ? config.model.interfaces
                .filter((i) => i.cryptoMap?.name === name)
                .map((i) => i.key)
            : UNKNOWN_INTERFACES,
      });
    }
    const protection = iface.tunnel.protection;
    if (!protection) {
      continue;
    }
    onInterface(iface.name, {
      says: `has tunnel protection (IPsec profile ${protection.name})`,
      range: protection.range,
      source: "the configuration printed",
    });
    const source = iface.tunnel.source;
    const use = {
      says: `is the tunnel source of ${iface.name}, which has tunnel protection`,
      range:
        source?.interface?.range ?? lineSpan(model, source?.node.line ?? 0),
      source: "the configuration printed",
    };
    if (source?.interface) {
      onInterface(source.interface.name, use);
    } else if (source?.address !== undefined) {
      atAddress(formatIpv4(source.address), use);
    }
  }
  return { byInterface, byAddress, printed };
}

const up = (row: IpInterfaceBriefRow) =>
  row.status.text === "up" && row.protocol.text === "up";

/** How a message says a row's state. */
function stateWords(row: IpInterfaceBriefRow): string {
  return (
    interfaceState(row.status.text, row.protocol.text)?.said ??
    `${row.status.text}/${row.protocol.text}`
  );
}

/** What brings the interface up, as a sentence and console commands (knowledge/interfaceStates.ts). */
function bringUp(row: IpInterfaceBriefRow): { text: string; fix?: Fix } {
  const name = row.name.text;
  // A state the table does not know (`reset`, `testing`) is read as its line protocol being down.
  const state =
    interfaceState(row.status.text, row.protocol.text) ??
    interfaceState("up", "down")!;
  return {
    text: state.remedy.replace(/<name>/g, name),
    ...(state.noShutdown
      ? {
          fix: {
            title: `Bring ${name} up (no shutdown)`,
            edits: [],
            isPreferred: true,
            cli: [`interface ${name}`, " no shutdown"],
          },
        }
      : {}),
  };
}

/** The first uses of an interface, related to a finding. */
function relatedUses(uses: readonly IpsecUse[]): RelatedInfo[] {
  return uses.slice(0, 3).map((u) => ({
    range: u.range,
    message: `${u.says} (${u.source}, line ${u.range.start.line + 1})`,
  }));
}

/**
 * The uses that make the row's interface necessary: a crypto map applied to other interfaces too
 * counts only when the output shows every other one not up/up.
 */
function usesOf(
  uses: IpsecUses,
  data: IpInterfaceBriefShow,
  row: IpInterfaceBriefRow,
): IpsecUse[] {
  const key = interfaceKey(row.name.text);
  const out = (uses.byInterface.get(key) ?? []).filter(
    (u) =>
      !u.mapInterfaces?.some((other) => {
        if (other === key) {
          return false;
        }
        const shown = data.rows.find(
          (r) => interfaceKey(r.name.text) === other,
        );
        return !shown || up(shown);
      }),
  );
  if (row.address.text !== "unassigned") {
    out.push(...(uses.byAddress.get(row.address.text) ?? []));
  }
  return out;
}

/** The row of the brief output for a configured interface (by name) or address. */
function rowFor(
  data: IpInterfaceBriefShow,
  name: string | undefined,
  address: number | undefined,
): IpInterfaceBriefRow | undefined {
  const key = name === undefined ? undefined : interfaceKey(name);
  const text = address === undefined ? undefined : formatIpv4(address);
  return data.rows.find(
    (r) =>
      (key !== undefined && interfaceKey(r.name.text) === key) ||
      (text !== undefined && r.address.text === text),
  );
}

const on = (block: ShowBlock) => (block.router ? ` on ${block.router}` : "");

/** A tunnel up with its line protocol down, while the capture shows it protected. */
function tunnelDown(
  block: ShowBlock,
  data: IpInterfaceBriefShow,
  row: IpInterfaceBriefRow,
  uses: readonly IpsecUse[],
  printed: Map<string, PrintedInterface>,
): Finding {
  const name = row.name.text;
  const tunnel = printed.get(interfaceKey(name))?.iface;
  const use = uses[0]!;
  const head = `${name} is up with its line protocol down in \`show ip interface brief\`${on(block)}, while it ${use.says} (${use.source}, line ${use.range.start.line + 1})`;
  const related = relatedUses(uses);
  const source = tunnel?.tunnel.source;
  const sourceRow = source
    ? rowFor(data, source.interface?.name, source.address)
    : undefined;
  const destination =
    tunnel?.tunnel.destination?.address !== undefined
      ? formatIpv4(tunnel.tunnel.destination.address)
      : undefined;
  const routeTo = destination
    ? `\`show ip route ${tunnel?.tunnel.vrf ? `vrf ${tunnel.tunnel.vrf.name} ` : ""}${destination}\``
    : "`show ip route <tunnel destination>`";
  if (sourceRow && sourceRow !== row && !up(sourceRow)) {
    const fix = bringUp(sourceRow);
    related.unshift({
      range: sourceRow.status.range,
      message: `${sourceRow.name.text}, the tunnel source, is ${sourceRow.status.text}/${sourceRow.protocol.text}`,
    });
    return {
      code: "show-tunnel-protocol-down",
      range: row.protocol.range,
      message: `${head}: its tunnel source ${sourceRow.name.text} is ${stateWords(sourceRow)} (line ${sourceRow.line + 1}), and a tunnel's line protocol is down while its source is. Nothing routed into ${name} is sent, so no GRE or IKE packet leaves for the peer and the tunnel cannot come up. ${fix.text.replace("Bring it up", `Bring ${sourceRow.name.text} up`)}`,
      related,
      ...(fix.fix ? { fixes: [fix.fix] } : {}),
    };
  }
  if (sourceRow && sourceRow.address.text === "unassigned") {
    return {
      code: "show-tunnel-protocol-down",
      range: row.protocol.range,
      message: `${head}: its tunnel source ${sourceRow.name.text} has no IPv4 address (\`unassigned\`, line ${sourceRow.line + 1}), so the tunnel has no address to send from and IOS keeps it down. Give ${sourceRow.name.text} an address (\`interface ${sourceRow.name.text}\`, \`ip address <address> <mask>\`) or source the tunnel from an interface that has one (\`interface ${name}\`, \`tunnel source <interface>\`).`,
      related,
    };
  }
  const vti = /^ipsec\b/.test(tunnel?.tunnel.mode ?? "");
  // The source is up/up here (a source down or without an address is the cause named above).
  const sourceUp = sourceRow !== undefined && sourceRow !== row;
  const sourceText = sourceUp
    ? ` Its source ${sourceRow.name.text} is up/up, so the cause is elsewhere.`
    : "";
  // The causes that fit what the capture shows of the tunnel: all of them when its
  // configuration is not printed.
  // A multipoint GRE tunnel has no destination of its own, and no keepalives.
  const multipoint = /multipoint/.test(tunnel?.tunnel.mode ?? "");
  const causes = [
    ...(sourceUp ? [] : ["its source is down or has no address"]),
    ...(multipoint
      ? []
      : [
          `its destination${destination ? ` ${destination}` : ""} has no route (or is routed through the tunnel itself)`,
          "its GRE keepalives go unanswered",
        ]),
    ...(tunnel
      ? []
      : ["it is a VTI (`tunnel mode ipsec`) whose IPsec SAs are not up"]),
    ...(!tunnel || tunnel.nhrp
      ? ["it is a DMVPN tunnel with `if-state nhrp` whose hubs do not answer"]
      : []),
  ];
  const last = causes.pop()!;
  const either = causes.length
    ? `${causes.join(", ")}${causes.length > 1 ? "," : ""} or ${last}`
    : last;
  const why = vti
    ? `${name} is a VTI (\`tunnel mode ${tunnel!.tunnel.mode}\`), whose line protocol comes up with its IPsec SAs: down says they are not up${destination ? ` with ${destination}` : ""}, or that its destination has no route. The negotiation's own findings (or \`show crypto isakmp sa\`, \`debug crypto isakmp\`) say why the SAs are missing; ${routeTo} shows the route.`
    : `IOS keeps a tunnel's line protocol down when ${either}. Packets routed into ${name} are dropped meanwhile. \`show interfaces ${name}\` and ${routeTo} say which.`;
  return {
    code: "show-tunnel-protocol-down",
    range: row.protocol.range,
    message: `${head}.${sourceText} ${why}`,
    related,
  };
}

/** The findings of one `show ip interface brief` output. */
function briefFindings(model: CaptureModel, block: ShowBlock): Finding[] {
  const data = block.data;
  if (data?.kind !== "ip-interface-brief" || data.rows.every(up)) {
    return [];
  }
  const uses = ipsecUses(model, block);
  const out: Finding[] = [];
  for (const row of data.rows) {
    if (up(row)) {
      continue;
    }
    const found = usesOf(uses, data, row);
    if (!found.length) {
      continue;
    }
    const tunnel = isTunnelInterface(row.name.text);
    if (tunnel && row.status.text === "up") {
      out.push(tunnelDown(block, data, row, found, uses.printed));
      continue;
    }
    const use = found[0]!;
    const fix = bringUp(row);
    const cell: Cell = row.status.text === "up" ? row.protocol : row.status;
    out.push({
      code: "show-crypto-interface-down",
      range: cell.range,
      message: `${row.name.text} is ${stateWords(row)} in \`show ip interface brief\`${on(block)}, and it ${use.says} (${use.source}, line ${use.range.start.line + 1})${found.length > 1 ? ` and ${found.length - 1} more` : ""}: an interface that is not up/up sends and receives nothing and its connected route is gone, so no IKE or ESP packet ${tunnel ? `goes through ${row.name.text}` : "reaches the peer from it"} and the tunnel cannot come up. ${fix.text}`,
      related: relatedUses(found),
      ...(fix.fix ? { fixes: [fix.fix] } : {}),
    });
  }
  return out;
}

/** The interface state check family. */
export const captureInterfaceChecks: CaptureCheck = {
  id: "captureInterfaceChecks",
  run(model: CaptureModel): Finding[] {
    const out: Finding[] = [];
    for (const block of model.shows) {
      if (block.kind === "ip-interface-brief") {
        out.push(...briefFindings(model, block));
      }
    }
    return out;
  },
};
