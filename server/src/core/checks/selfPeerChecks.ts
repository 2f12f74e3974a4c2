import {
  cryptoView,
  endpointText,
  keyCovers,
  owningInterface,
  peerLabel,
  pointsAtItself,
  presharedKeys,
  type CryptoPeer,
} from "../config/cryptoPeers";
import type { ConfigModel, Interface } from "../config/model";
import type { Finding } from "../diagnostics/finding";
import { replaceRange } from "../fixes/configEdits";
import { choice, snippetToCli } from "../fixes/snippets";
import { formatIpv4 } from "../ipv4/address";
import { analysisFor, pairsWith } from "../peers/analysis";
import type { CheckContext, ConfigCheck } from "./check";
import { relatedLine } from "./support/checkSupport";

/**
 * A peer address that is the router's own: a crypto map's `set peer` or a protected tunnel's
 * `tunnel destination` copied from the other router's config, or typed as this end's address.
 * IKE then talks to itself: the tunnel never comes up, and no other check looks further (the
 * route to the peer is the router itself).
 */
export const selfPeerChecks: ConfigCheck = {
  id: "selfPeerChecks",
  run(model, ctx) {
    const peers = cryptoView(model).peers;
    const found = peers.flatMap((peer) => {
      const own = pointsAtItself(model, peer);
      return own ? [{ peer, own }] : [];
    });
    if (!found.length) {
      return [];
    }
    // Only now: the workspace's pairs cost an analysis, and almost no config needs them.
    const named = namedByWorkspace(model, ctx);
    const selves = found.filter(({ peer }) => !named(peer));
    if (!selves.length) {
      return [];
    }
    const candidates = remoteCandidates(
      model,
      peers.filter((p) => !selves.some((s) => s.peer === p)),
    );
    // The candidates are IPv4 host keys: an IPv6 peer gets a placeholder.
    return selves.map(({ peer, own }) =>
      selfPeer(peer, own, peer.address !== undefined ? candidates : []),
    );
  },
};

/**
 * True for a peer whose right address the workspace knows: a router there points back at this
 * one, and `peer-address-mismatch` names its address on the same line, which says more.
 */
function namedByWorkspace(
  model: ConfigModel,
  ctx: CheckContext,
): (peer: CryptoPeer) => boolean {
  if (!ctx.workspace) {
    return () => false;
  }
  const misdirected = pairsWith(
    analysisFor({ uri: ctx.uri, model }, ctx.workspace),
    ctx.uri,
  )
    .map(({ pair }) => pair)
    .filter(
      (pair) => pair.missing === "misdirected" && pair.a.router.uri === ctx.uri,
    );
  return (peer) =>
    misdirected.some((pair) =>
      peer.kind === "map"
        ? pair.a.peer?.node === peer.node
        : pair.a.tunnel === peer.tunnel,
    );
}

/**
 * Where the remote router probably is: the addresses of host keys that cover no other peer and
 * are not the router's own. A config copied with its peer line usually kept the right key.
 */
function remoteCandidates(
  model: ConfigModel,
  others: readonly CryptoPeer[],
): string[] {
  const out = new Set<string>();
  for (const key of presharedKeys(model)) {
    const a = key.address;
    if (
      a &&
      a.mask === 0xffffffff &&
      !others.some((p) => keyCovers(key, p)) &&
      !owningInterface(model, a.address)
    ) {
      out.add(formatIpv4(a.address));
    }
  }
  return [...out];
}

function selfPeer(
  peer: CryptoPeer,
  own: Interface,
  candidates: readonly string[],
): Finding {
  const address = endpointText(peer)!;
  const label = peerLabel(peer);
  const what =
    peer.kind === "map"
      ? `sets peer ${address}`
      : `has tunnel destination ${address}`;
  const keyword = peer.kind === "map" ? "set peer" : "tunnel destination";
  const head = peer.kind === "map" ? peer.entry!.node : peer.tunnel!.node;
  const cli = (value: string) => [
    head.text.trim(),
    ...(peer.kind === "map" ? [` no set peer ${address}`] : []),
    ` ${keyword} ${value}`,
  ];
  const keyHint = candidates.length
    ? ` The config's keys point at ${candidates.slice(0, 3).join(", ")}, which no crypto map entry or tunnel uses.`
    : "";
  const only = candidates.length === 1 ? candidates[0]! : undefined;
  const typed = choice(1, candidates, "peer address");
  // An HSRP virtual address: the router's own while it is the active one.
  const vip =
    peer.address !== undefined &&
    !own.addresses.some((a) => a.address === peer.address)
      ? own.standby?.find((g) => g.address === peer.address)
      : undefined;
  return {
    code: "peer-is-self",
    range: peer.range,
    message: `${label} ${what}, which is this router's own ${vip ? `HSRP virtual address (standby ${vip.group} on ${own.name}), its own while it is the active router` : `address (${own.name})`}: IKE would send to itself, never to the remote router, so the tunnel never comes up. The line was probably copied from the other router's config: write the remote router's address.${keyHint}`,
    related: [
      relatedLine(
        vip?.node ?? own.node,
        vip
          ? `${own.name}'s HSRP group ${vip.group} holds ${address}`
          : `${own.name} holds ${address}`,
      ),
    ],
    fixes: [
      only
        ? {
            title: `Point ${keyword} at ${only}, the address the config's key is for`,
            edits: [replaceRange(peer.range, only)],
            cli: cli(only),
            isPreferred: true,
          }
        : {
            title: `Type the remote router's address in ${keyword}`,
            edits: [replaceRange(peer.range, typed)],
            snippet: true,
            cli: cli(snippetToCli(typed)),
          },
    ],
  };
}
