import type { CaptureModel } from "../../capture/model";
import { readIdentity } from "../../capture/show/identities";
import { accessListAcl } from "../../capture/show/asConfig";
import type {
  AclShowEntry,
  Cell,
  IpInterfaceShow,
  IpsecFlow,
  ShowBlock,
} from "../../capture/show/types";
import { interfaceKey } from "../../config/parser";
import { evaluateAcl } from "../../ipv4/acl";
import { sampleAddress, type WildcardMatch } from "../../ipv4/address";
import { SAMPLE_FLOWS } from "../../knowledge/ipsecTraffic";
import { nearestBlock } from "./showSupport";

/**
 * The decrypted traffic of a `show crypto ipsec sa` flow against the inbound ACL of its
 * interface, as the same router's `show ip interface` and `show ip access-lists` print them.
 * Releases before the crypto access check on clear-text packets apply that ACL again to the
 * packets they decrypt (the config check `acl-blocks-tunneled-traffic` asks the same of a
 * config); the show outputs prove it when the first entry that matches the inner traffic is a
 * deny whose counter has risen while the flow decrypts. The show check reports it, and the
 * one-way flow check leaves such a flow to it.
 */

/** A flow whose decrypted packets the interface's inbound ACL denies, by an entry that counts matches. */
export interface DeniedInnerTraffic {
  /** The interface row of `show ip interface`. */
  iface: IpInterfaceShow["interfaces"][number];
  /** The inbound ACL's name as `show ip interface` prints it. */
  inboundAcl: Cell;
  aclName: string;
  /** The deny entry of `show ip access-lists` that matches the inner traffic, its counter above zero. */
  deny: AclShowEntry;
  /** Its position in the list (for the sequence number of an entry before it). */
  index: number;
  /** The inner traffic, from the remote identity to the local one. */
  source: WildcardMatch;
  destination: WildcardMatch;
  /** The sample flow denied: "ICMP", "TCP", "UDP", or the identity's protocol. */
  flowName: string;
  /** The identity's protocol (0: all IP). */
  protocol: number;
}

const DENIED = new WeakMap<IpsecFlow, DeniedInnerTraffic | undefined>();

/** Whether the flow's decrypted traffic is denied by its interface's inbound ACL (once per flow). */
export function deniedInnerTraffic(
  model: CaptureModel,
  block: ShowBlock,
  flow: IpsecFlow,
): DeniedInnerTraffic | undefined {
  if (!DENIED.has(flow)) {
    DENIED.set(flow, judge(model, block, flow));
  }
  return DENIED.get(flow);
}

function judge(
  model: CaptureModel,
  block: ShowBlock,
  flow: IpsecFlow,
): DeniedInnerTraffic | undefined {
  const decaps = flow.counters["decaps"]?.value ?? 0;
  const local = flow.localIdent && readIdentity(flow.localIdent.text);
  const remote = flow.remoteIdent && readIdentity(flow.remoteIdent.text);
  if (decaps === 0 || !flow.interfaceName || !local || !remote) {
    return undefined;
  }
  const interfaces = nearestBlock(model, block, "ip-interface")?.data;
  const key = interfaceKey(flow.interfaceName);
  const iface =
    interfaces?.kind === "ip-interface"
      ? interfaces.interfaces.find((i) => interfaceKey(i.name.text) === key)
      : undefined;
  const inboundAcl = iface?.inboundAcl;
  const lists = nearestBlock(model, block, "access-lists")?.data;
  const list =
    inboundAcl && lists?.kind === "access-lists"
      ? lists.acls.find((a) => a.name.text === inboundAcl.text)
      : undefined;
  const shown = list && accessListAcl(list);
  if (!iface || !inboundAcl || !list || !shown) {
    return undefined;
  }
  const source = sampleAddress(remote.match);
  const destination = sampleAddress(local.match);
  const flows =
    remote.protocol === 0
      ? SAMPLE_FLOWS
      : [
          SAMPLE_FLOWS.find((f) => f.protocol === remote.protocol) ?? {
            protocol: remote.protocol,
            name: `protocol ${remote.protocol}`,
          },
        ];
  for (const sample of flows) {
    const verdict = evaluateAcl(shown.acl.entries, {
      protocol: sample.protocol,
      source,
      destination,
      sourcePort: remote.port || sample.sourcePort,
      destinationPort: local.port || sample.destinationPort,
    });
    if (verdict.action !== "deny" || !verdict.rule) {
      continue;
    }
    const cell = shown.lineOf(verdict.rule);
    const index = list.entries.findIndex((e) => e.text === cell);
    const deny = list.entries[index];
    if (deny?.matches && deny.matches.value > 0) {
      return {
        iface,
        inboundAcl,
        aclName: list.name.text,
        deny,
        index,
        source: remote.match,
        destination: local.match,
        flowName: sample.name,
        protocol: remote.protocol,
      };
    }
  }
  return undefined;
}
