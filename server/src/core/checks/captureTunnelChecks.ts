import { messageRange, routerAt } from "../capture/describe";
import {
  messagesWithEvents,
  type CaptureMessage,
  type CaptureModel,
} from "../capture/model";
import { captureRouters } from "../capture/workspace";
import { routerName, type ConfigModel } from "../config/model";
import { interfaceNamed } from "../config/routingView";
import { nodeRange } from "../config/tree";
import type { Finding, Fix, RelatedInfo } from "../diagnostics/finding";
import { formatIpv4 } from "../ipv4/address";
import type { CaptureCheck, CheckContext } from "./check";
import { tunnelRecursions } from "./routingChecks";

/**
 * Tunnel interfaces that IOS takes down in a capture: `%TUN-5-RECURDOWN` (the route to the
 * tunnel's destination leads into the tunnel), as `log-tunnel-recursive-routing`. One finding
 * per router and tunnel, on the first message. With the router's config known, the config's own
 * routes are judged as the config check judges them: a static route that sends the destination
 * into the tunnel is named and its fix offered; when none does, a routing protocol running over
 * the tunnel must be what learns the destination through it, and the finding says so.
 */

/** At most this many later messages are listed as related lines. */
const MAX_RELATED = 5;

/** The tunnel a RECURDOWN message names. */
const TUNNEL_NAME = /\b(Tunnel\d{1,6}(?:\.\d{1,6})?)\b/;

/** The routing processes of a config, as IOS writes them (`router eigrp 10`). */
function processesOf(model: ConfigModel): string[] {
  return model.routerProcesses.map((p) => p.node.text.trim());
}

/** The finding for the RECURDOWN messages of one router and tunnel. */
function recursiveFinding(
  model: CaptureModel,
  ctx: CheckContext,
  tunnel: string,
  messages: CaptureMessage[],
): Finding {
  const head = messages[0]!;
  const r = captureRouters(model, ctx, head.line);
  const self = (r.self && routerName(r.self.model)) ?? r.hostname;
  const who = self ? `${self}'s ${tunnel}` : tunnel;
  const related: RelatedInfo[] = messages
    .slice(1, 1 + MAX_RELATED)
    .map((m) => ({
      range: messageRange(model, m),
      message: "disabled again",
    }));
  const fixes: Fix[] = [];
  let why =
    " The usual cause is a routing protocol running over the tunnel that learns the tunnel's destination (the far end's outside network) through the tunnel itself, or a default or static route that points into it.";
  const config = r.self;
  const iface = config ? interfaceNamed(config.model, tunnel) : undefined;
  const written = iface?.tunnel.destination?.address;
  let destination =
    written !== undefined ? formatIpv4(written) : "<tunnel destination>";
  if (config && iface) {
    related.push({
      uri: config.uri,
      range: nodeRange(iface.node),
      message: `${self ?? "the router"}: ${tunnel}`,
    });
    const [recursion] = tunnelRecursions(config.model, iface);
    const printed = config.model.printedBy !== undefined;
    if (recursion) {
      const found = recursion.finding;
      destination = formatIpv4(recursion.destination);
      why = ` ${self ?? "The router"}'s config says why: the destination ${destination} is routed into ${tunnel} by ${recursion.route}. Route it through the outside interface instead (a host route), or narrow that route.`;
      for (const rel of found.related ?? []) {
        related.push({ ...rel, uri: rel.uri ?? config.uri });
      }
      for (const fix of found.fixes ?? []) {
        fixes.push({
          ...fix,
          edits: printed
            ? []
            : fix.edits.map((e) => ({ ...e, uri: e.uri ?? config.uri })),
        });
      }
    } else {
      const processes = processesOf(config.model);
      why = processes.length
        ? ` ${self ?? "The router"}'s static routes keep the destination out of the tunnel, so a routing protocol puts it there: ${processes.join(", ")} learns a route to the tunnel's destination through ${tunnel} (the far end advertises its outside network over the tunnel). Keep the outside networks out of that process: no \`network\` statement covering the outside interfaces on either end, or a distribute-list that filters them on the tunnel; a host route for the destination through the outside interface also holds (a static route wins over a learned one of the same length).`
        : ` ${self ?? "The router"}'s config shows no route into ${tunnel} for its destination: the route may have come and gone since (compare \`show ip route\` now), or the config is not the one that ran.`;
    }
  }
  const count =
    messages.length > 1
      ? ` IOS disabled it ${messages.length} times in this capture: each time it comes back, the route pulls it down again.`
      : "";
  return {
    code: "log-tunnel-recursive-routing",
    range: messageRange(model, head),
    message:
      `IOS disabled ${who} for recursive routing: the route to the tunnel's destination leads into the tunnel itself, so the tunnel cannot carry its own packets; IKE cannot complete over it, and routing neighbours across it flap.${count}${why} ` +
      `Verify: \`show ip route ${destination}\` (it must leave through the outside interface, not ${tunnel}), \`show interfaces ${tunnel}\`, \`show ip protocols\`.`,
    ...(related.length ? { related } : {}),
    ...(fixes.length ? { fixes } : {}),
  };
}

/** The tunnel capture check family. */
export const captureTunnelChecks: CaptureCheck = {
  id: "captureTunnelChecks",
  run(model: CaptureModel, ctx: CheckContext): Finding[] {
    const groups = new Map<
      string,
      { tunnel: string; list: CaptureMessage[] }
    >();
    for (const m of messagesWithEvents(
      model,
      [],
      (mnemonic) => mnemonic === "RECURDOWN",
    )) {
      const e = m.event;
      const tunnel = TUNNEL_NAME.exec(m.body)?.[1];
      if (e?.type !== "syslog" || e.facility !== "TUN" || !tunnel) {
        continue;
      }
      const key = `${routerAt(model, m.line) ?? ""}|${tunnel.toLowerCase()}`;
      const group = groups.get(key);
      if (group) {
        group.list.push(m);
      } else {
        groups.set(key, { tunnel, list: [m] });
      }
    }
    return [...groups.values()].map((g) =>
      recursiveFinding(model, ctx, g.tunnel, g.list),
    );
  },
};
