import { liveRoots } from "../config/model";
import {
  coveringKey,
  cryptoView,
  hasAddress,
  keyCovers,
  keyIndexForPeer,
  keysForPeer,
  octetNeighbours,
  endpointText,
  pointsAtItself,
  presharedKeys,
  type CryptoPeer,
  type CryptoView,
} from "../config/cryptoPeers";
import type {
  ConfigModel,
  Ikev2Profile,
  Keyring,
  PresharedKey,
  Reference,
  Secret,
} from "../config/model";
import { startsWith, type ConfigNode } from "../config/tree";
import type { Finding, Fix, TextEdit } from "../diagnostics/finding";
import {
  appendTopLevel,
  deleteLine,
  ikev2KeyringPeerSection,
  insertAfterLastOf,
  insertChild,
  insertLinesAfterLine,
  insertTopLevelAfter,
  replaceLine,
  replaceRange,
} from "../fixes/configEdits";
import { placeholder, snippetToCli } from "../fixes/snippets";
import { isPlaceholderSecret } from "../peers/presharedKeys";
import { formatIpv4 } from "../ipv4/address";
import { formatIpv6Prefix } from "../ipv6/address";
import { ikev2KeyringPeer, inlineRemoteKey } from "../peers/ikev2Negotiation";
import type { CheckContext, ConfigCheck } from "./check";
import { cliSecret, editDistance, relatedLine } from "./support/checkSupport";

/**
 * Pre-shared keys against peers: a peer no key covers cannot authenticate ("No pre-shared key
 * with ..."), a key for an address that is no peer is usually the same mistake seen from the
 * other side (a typo in the address), and type 7 keys are only obfuscated.
 */
export const keyChecks: ConfigCheck = {
  id: "keyChecks",
  run(model, ctx) {
    const view = cryptoView(model);
    return [
      ...missingKeys(model, view, ctx),
      ...missingIkev2Keys(model, view),
      ...unusedKeys(model, view, ctx),
      ...unusedIpv6Keys(model, view, ctx),
      ...secretFindings(model),
    ];
  },
};

/**
 * The peer a key most likely meant: among the addresses that differ from it in one octet (found
 * through the index, so thousands of keys and peers stay cheap), the closest as text. One octet
 * off is how a mistyped address looks: 172.16.5.2 for 172.16.6.2.
 */
function nearestPeer(
  address: number,
  neighbours: (address: number) => number[],
): number | undefined {
  let best: { peer: number; distance: number } | undefined;
  for (const peer of neighbours(address)) {
    const distance = editDistance(formatIpv4(address), formatIpv4(peer), 15);
    if (distance > 2) {
      continue;
    }
    if (
      !best ||
      distance < best.distance ||
      (distance === best.distance &&
        Math.abs(peer - address) < Math.abs(best.peer - address))
    ) {
      best = { peer, distance };
    }
  }
  return best?.peer;
}

/** The address word of a key (without its mask), the part a typo fix rewrites. */
function addressWordRange(key: PresharedKey) {
  const r = key.targetRange;
  const text = formatIpv4(key.address!.address);
  const line = key.node.text;
  const at = line.indexOf(text, r.start.character);
  return at === r.start.character
    ? {
        start: r.start,
        end: { line: r.start.line, character: at + text.length },
      }
    : r;
}

/** Console commands that replace a key's address (the key value is shown only when revealed). */
function retargetCli(
  key: PresharedKey,
  address: string,
  ctx: CheckContext,
): string[] {
  const old = formatIpv4(key.address!.address);
  const secret = cliSecret(key.secret, ctx);
  if (key.keyring) {
    return [
      `crypto keyring ${key.keyring}`,
      ` no pre-shared-key address ${old}`,
      ` pre-shared-key address ${address} key ${secret}`,
    ];
  }
  return [
    `no crypto isakmp key ${secret} address ${old}`,
    `crypto isakmp key ${secret} address ${address}`,
  ];
}

function retargetFix(
  key: PresharedKey,
  peer: number,
  ctx: CheckContext,
  preferred: boolean,
): Fix {
  const text = formatIpv4(peer);
  return {
    title: `Change the key's address ${formatIpv4(key.address!.address)} to peer ${text}`,
    edits: [replaceRange(addressWordRange(key), text)],
    isPreferred: preferred || undefined,
    cli: retargetCli(key, text, ctx),
  };
}

/** Host keys (mask /32) that cover no peer of this router. */
function strayKeys(model: ConfigModel, view: CryptoView): PresharedKey[] {
  const peers = new Set(view.peers.map((p) => p.address));
  return presharedKeys(model).filter(
    (k) =>
      k.address &&
      k.address.mask === 0xffffffff &&
      !peers.has(k.address.address) &&
      !profileMatches(view, k.address.address),
  );
}

/** True when an isakmp profile identifies this address as a peer (a responder-side definition). */
function profileMatches(view: CryptoView, address: number): boolean {
  for (const profile of view.isakmpProfiles.values()) {
    for (const m of profile.matches) {
      if (m.kind === "address" && m.address !== undefined) {
        const mask = m.mask ?? 0xffffffff;
        if ((m.address & mask) >>> 0 === (address & mask) >>> 0) {
          return true;
        }
      }
    }
  }
  return false;
}

function missingKeys(
  model: ConfigModel,
  view: CryptoView,
  ctx: CheckContext,
): Finding[] {
  const preShare = model.isakmpPolicies.filter(
    (p) => p.authentication === "pre-share",
  );
  if (!preShare.length) {
    return [];
  }
  // Certificates can authenticate a peer that has no key when an rsa-sig policy and a trustpoint exist.
  const certificates =
    model.isakmpPolicies.some((p) => p.authentication === "rsa-sig") &&
    model.trustpoints.length > 0;
  const strays = strayKeys(model, view);
  let strayIndex: ((address: number) => PresharedKey | undefined) | undefined;
  const out: Finding[] = [];
  const seen = new Set<string>();
  // Hostname peers are looked up by name only when the router identifies by hostname; otherwise
  // IOS resolves the name and uses address keys, which the config alone cannot match.
  const byHostname = model.isakmpIdentity?.kind === "hostname";
  for (const peer of view.peers) {
    if (
      !peer.ike ||
      (!hasAddress(peer) && !(byHostname && peer.hostname)) ||
      // IKEv2 takes its keys from the profile's keyring (missingIkev2Keys).
      ikev2ProfileOf(peer)
    ) {
      continue;
    }
    if (
      certificates ||
      (peer.isakmpProfile?.trustpoints.length ?? 0) > 0 ||
      // The address is wrong, not the keys: peer-is-self says so.
      pointsAtItself(model, peer)
    ) {
      continue;
    }
    const key = `${endpointText(peer)}|${peer.isakmpProfile?.name ?? ""}|${peer.vrf ?? ""}`;
    if (seen.has(key)) {
      continue;
    }
    if (coveringKey(keyIndexForPeer(model, view, peer), peer)) {
      continue;
    }
    seen.add(key);
    strayIndex ??= strayLookup(strays);
    out.push(
      missingKeyFinding(
        model,
        view,
        peer,
        strayIndex,
        preShare[0]!.explicit.authentication ?? preShare[0]!.node,
        ctx,
      ),
    );
  }
  return out;
}

/** The IKEv2 profile a peer's entry or IPsec profile names, if any. */
function ikev2ProfileOf(peer: CryptoPeer): Reference | undefined {
  return peer.kind === "map"
    ? peer.entry?.ikev2Profile
    : peer.ipsecProfile?.ikev2Profile;
}

/**
 * Peers negotiated with IKEv2 whose profile authenticates with pre-shared keys: the key comes
 * from the `peer` of the profile's keyring that covers the peer's address (or names it), and
 * must exist for each direction that uses pre-share (`local` to sign, `remote` to verify, or one
 * key for both). Without it IKE_AUTH fails.
 */
function missingIkev2Keys(model: ConfigModel, view: CryptoView): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const peer of view.peers) {
    const ref = ikev2ProfileOf(peer);
    if (
      !ref ||
      (!hasAddress(peer) && !peer.hostname) ||
      // The address is wrong, not the keys: peer-is-self says so.
      pointsAtItself(model, peer)
    ) {
      continue;
    }
    const profile = model.ikev2Profiles.find((p) => p.name === ref.name);
    if (!profile) {
      continue; // undefined-reference says so.
    }
    // A key written in the `authentication` line itself serves every peer of the profile.
    const signs =
      profile.localAuthentication?.method === "pre-share" &&
      !profile.localAuthentication.key;
    const verifies =
      profile.remoteAuthentication.some((a) => a.method === "pre-share") &&
      !inlineRemoteKey(profile);
    if (!signs && !verifies) {
      continue;
    }
    const text = endpointText(peer)!;
    const key = `${text}|${profile.name}`;
    if (seen.has(key)) {
      continue;
    }
    seen.add(key);
    const ring = profile.keyring
      ? model.ikev2Keyrings.find((k) => k.name === profile.keyring!.name)
      : undefined;
    if (profile.keyring && !ring) {
      continue; // undefined-reference says so.
    }
    const authLine = (
      signs
        ? profile.localAuthentication!.node
        : profile.remoteAuthentication.find((a) => a.method === "pre-share")!
            .node
    ) as ConfigNode;
    const related = [
      relatedLine(
        authLine,
        `IKEv2 profile ${profile.name} authenticates with pre-shared keys`,
      ),
    ];
    const found = ring
      ? ikev2KeyringPeer(
          model,
          profile,
          peer.address ?? peer.address6,
          peer.hostname ? [peer.hostname] : [],
        )
      : undefined;
    let problem: string | undefined;
    if (!ring) {
      problem = `IKEv2 profile ${profile.name} authenticates peer ${text} with pre-shared keys but names no keyring (\`keyring local\`)`;
    } else if (!found) {
      problem = `No peer of IKEv2 keyring ${ring.name} covers ${text}, and profile ${profile.name} authenticates with pre-shared keys`;
    } else if (signs && !found.local && !found.both) {
      problem = `Peer ${found.name} of IKEv2 keyring ${ring.name} holds no key for this router to sign with (\`pre-shared-key local\` or \`pre-shared-key\`)`;
      related.push(relatedLine(found.node, `keyring peer ${found.name}`));
    } else if (verifies && !found.remote && !found.both) {
      problem = `Peer ${found.name} of IKEv2 keyring ${ring.name} holds no key to verify ${text} with (\`pre-shared-key remote\` or \`pre-shared-key\`)`;
      related.push(relatedLine(found.node, `keyring peer ${found.name}`));
    }
    if (!problem) {
      continue;
    }
    // Peers found by their `identity` alone serve this router as responder (it knows the
    // identity when it looks the key up), not as initiator, which signs first.
    const byIdentity =
      ring && !found
        ? ring.peers.filter(
            (p) => p.identity && !p.address && !p.address6 && !p.hostname,
          )
        : [];
    if (byIdentity.length) {
      related.push(
        ...byIdentity.map((p) =>
          relatedLine(p.node, `keyring peer ${p.name}, found by its identity`),
        ),
      );
    }
    out.push({
      code: "missing-psk-for-peer",
      range: peer.range,
      ...(byIdentity.length
        ? {
            severity: "warning" as const,
            message: `No peer of IKEv2 keyring ${ring!.name} covers ${text} by address or name, and profile ${profile.name} authenticates with pre-shared keys: ${byIdentity.length > 1 ? "peers" : "peer"} ${byIdentity.map((p) => p.name).join(", ")} ${byIdentity.length > 1 ? "are" : "is"} found by identity alone, which IOS looks up only when the peer starts IKE_AUTH. When this router starts the tunnel it has no key to sign with, and IKE_AUTH with ${text} fails (AUTHENTICATION_FAILED): the tunnel comes up only when ${text} starts it. Add \`address ${text}\` to the peer that is meant for it.`,
          }
        : {
            message: `${problem}: IKE_AUTH with ${text} fails (AUTHENTICATION_FAILED), so the tunnel does not come up.`,
          }),
      related,
      fixes:
        ring && !found
          ? [
              addKeyringPeerFix(
                model,
                ring.name,
                ring.node,
                peer,
                text,
                profile,
              ),
            ]
          : [],
    });
  }
  return out;
}

/** Adds a `peer` with the peer's address and a key placeholder to an IKEv2 keyring. */
function addKeyringPeerFix(
  model: ConfigModel,
  ringName: string,
  ringNode: ConfigNode,
  peer: CryptoPeer,
  text: string,
  profile: Ikev2Profile,
): Fix {
  // An IPv6 peer's address is written with its prefix length.
  const match =
    peer.address !== undefined
      ? `address ${text}`
      : peer.address6 !== undefined
        ? `address ${text}/128`
        : `hostname ${text}`;
  const name = text.replace(/[^A-Za-z0-9_.-]/g, "-");
  const section = ikev2KeyringPeerSection(ringNode, ringName, name, [
    match,
    `pre-shared-key ${placeholder(1, "key")}`,
  ]);
  return {
    title: `Add peer ${text} with a key to IKEv2 keyring ${ringName} (profile ${profile.name})`,
    edits: [insertLinesAfterLine(model.tree, ringNode.lastLine, section.lines)],
    snippet: true,
    cli: section.cli.map(snippetToCli),
  };
}

/** Finds the stray key that looks like a typo of an address. */
function strayLookup(
  strays: PresharedKey[],
): (address: number) => PresharedKey | undefined {
  const byAddress = new Map(strays.map((k) => [k.address!.address, k]));
  const neighbours = octetNeighbours(byAddress.keys());
  return (address) => {
    const nearest = nearestPeer(address, neighbours);
    return nearest === undefined ? undefined : byAddress.get(nearest);
  };
}

/** Top-level lines placed after the last of `after` (keys), else after the last ISAKMP policy. */
function insertWithKeys(
  model: ConfigModel,
  after: readonly ConfigNode[],
  lines: string[],
): TextEdit {
  if (after.length) {
    return insertAfterLastOf(model.tree, after, lines);
  }
  const lastPolicy = model.isakmpPolicies.reduce<ConfigNode | undefined>(
    (last, p) => (!last || p.node.lastLine > last.lastLine ? p.node : last),
    undefined,
  );
  return lastPolicy
    ? insertTopLevelAfter(model.tree, lastPolicy, lines)
    : appendTopLevel(model.tree, lines);
}

/** A key that would cover the peer but sits outside its front-door VRF (global, or another VRF's keyring). */
function keyOutsideVrf(
  model: ConfigModel,
  peer: CryptoPeer,
  vrf: string,
): PresharedKey | undefined {
  for (const ring of model.keyrings) {
    if (ring.vrf !== vrf) {
      const key = ring.keys.find((k) => keyCovers(k, peer));
      if (key) {
        return key;
      }
    }
  }
  return model.globalKeys.find((k) => keyCovers(k, peer));
}

/**
 * The key for a peer in a front-door VRF: in the keyring bound to that VRF, or in a new keyring
 * bound to it when there is none.
 */
function vrfKeyFix(
  model: ConfigModel,
  vrf: string,
  ring: Keyring | undefined,
  target: string,
  text: string,
  preferred: boolean,
): Fix {
  if (ring) {
    return {
      title: `Add a key for ${text} to keyring ${ring.name} (VRF ${vrf})`,
      edits: [
        insertChild(
          model.tree,
          ring.node,
          `pre-shared-key ${target} key ${placeholder(1, "key")}`,
        ),
      ],
      snippet: true,
      isPreferred: preferred || undefined,
      cli: [
        `crypto keyring ${ring.name}`,
        ` pre-shared-key ${target} key <key>`,
      ],
    };
  }
  const taken = new Set(model.keyrings.map((r) => r.name));
  const base = `KR-${vrf.replace(/[^A-Za-z0-9_.-]/g, "-")}`;
  let name = base;
  for (let n = 2; taken.has(name); n++) {
    name = `${base}-${n}`;
  }
  const lines = [
    `crypto keyring ${name} vrf ${vrf}`,
    ` pre-shared-key ${target} key ${placeholder(1, "key")}`,
  ];
  return {
    title: `Add keyring ${name} for VRF ${vrf} with a key for ${text}`,
    edits: [
      insertWithKeys(
        model,
        [
          ...model.keyrings.map((r) => r.node),
          ...model.globalKeys.map((k) => k.node),
        ],
        lines,
      ),
    ],
    snippet: true,
    isPreferred: preferred || undefined,
    cli: [
      `crypto keyring ${name} vrf ${vrf}`,
      ` pre-shared-key ${target} key <key>`,
    ],
  };
}

function missingKeyFinding(
  model: ConfigModel,
  view: CryptoView,
  peer: CryptoPeer,
  strayFor: (address: number) => PresharedKey | undefined,
  policyNode: ConfigNode,
  ctx: CheckContext,
): Finding {
  const address = peer.address;
  const text = endpointText(peer)!;
  const target =
    address !== undefined
      ? `address ${text}`
      : peer.address6 !== undefined
        ? `address ipv6 ${text}/128`
        : `hostname ${text}`;
  const typo = address !== undefined ? strayFor(address) : undefined;
  const fixes: Fix[] = [];
  if (typo && address !== undefined) {
    fixes.push(retargetFix(typo, address, ctx, true));
  }
  const profileKeyring = peer.isakmpProfile?.keyrings
    .map((r) => view.keyrings.get(r.name))
    .find((k) => k !== undefined);
  // In a front-door VRF, IOS looks the key up only in the keyrings bound to that VRF: neither a
  // global key nor another VRF's keyring answers (unless a profile names the keyrings).
  const vrf = peer.isakmpProfile?.keyrings.length ? undefined : peer.vrf;
  const vrfKeyring =
    vrf === undefined ? undefined : model.keyrings.find((r) => r.vrf === vrf);
  const misplaced =
    vrf === undefined ? undefined : keyOutsideVrf(model, peer, vrf);
  if (vrf !== undefined && !profileKeyring) {
    fixes.push(vrfKeyFix(model, vrf, vrfKeyring, target, text, !typo));
  } else if (profileKeyring) {
    const line = `pre-shared-key ${target} key ${placeholder(1, "key")}`;
    fixes.push({
      title: `Add a key for ${text} to keyring ${profileKeyring.name}`,
      edits: [insertChild(model.tree, profileKeyring.node, line)],
      snippet: true,
      isPreferred: !typo || undefined,
      cli: [
        `crypto keyring ${profileKeyring.name}`,
        ` pre-shared-key ${target} key <key>`,
      ],
    });
  } else {
    const line = `crypto isakmp key ${placeholder(1, "key")} ${target}`;
    const edit = insertWithKeys(
      model,
      model.globalKeys.map((k) => k.node),
      [line],
    );
    fixes.push({
      title: `Add crypto isakmp key for ${text}`,
      edits: [edit],
      snippet: true,
      isPreferred: !typo || undefined,
      cli: [`crypto isakmp key <key> ${target}`],
    });
  }
  const where = peer.isakmpProfile?.keyrings.length
    ? ` in the keyrings of isakmp profile ${peer.isakmpProfile.name}`
    : vrf !== undefined
      ? ` in a keyring of VRF ${vrf}`
      : "";
  const typoText = typo
    ? ` The key for ${formatIpv4(typo.address!.address)} looks like a typo of this address.`
    : "";
  const vrfText =
    vrf === undefined
      ? ""
      : ` The crypto map's interface is in VRF ${vrf} (its front-door VRF), so IOS looks the peer's key up only in keyrings bound to it (\`crypto keyring <name> vrf ${vrf}\`)${misplaced ? `: the key for ${text} on line ${misplaced.node.line + 1} is ${misplaced.keyring ? `in keyring ${misplaced.keyring}, which is not bound to VRF ${vrf}` : "a global `crypto isakmp key`"}, so it is never used for this peer` : ""}.`;
  // Keys by host name the router does not resolve itself: DNS may map one to the peer.
  const named =
    address !== undefined
      ? keysForPeer(model, view, peer).filter(
          (k) =>
            k.hostname &&
            !model.staticHosts.some(
              (h) => h.name === k.hostname!.toLowerCase(),
            ),
        )
      : [];
  const namedText = named.length
    ? ` ${named.length === 1 ? "The key" : "The keys"} for host name ${named.map((k) => k.hostname).join(", ")} ${named.length === 1 ? "covers" : "cover"} the peer only if the router resolves ${named.length === 1 ? "that name" : "one of those names"} to ${text} (by DNS, or \`ip host NAME ${text}\`): in main mode IOS picks the key by the peer's address, before any identity is sent.`
    : "";
  return {
    code: "missing-psk-for-peer",
    range: peer.range,
    message: `No pre-shared key${where} covers peer ${text}, and a pre-share policy applies: IOS cannot authenticate the peer ("No pre-shared key with ${text}!"), so phase 1 fails.${vrfText}${typoText}${namedText}`,
    // Whether DNS resolves a key's host name to the peer is beyond the config.
    ...(named.length ? { severity: "warning" as const } : {}),
    related: [
      relatedLine(policyNode, "pre-shared key authentication"),
      ...(misplaced
        ? [relatedLine(misplaced.node, `a key for ${text} outside VRF ${vrf}`)]
        : []),
      ...(typo
        ? [
            relatedLine(
              typo.node,
              `key for ${formatIpv4(typo.address!.address)}`,
            ),
          ]
        : []),
    ],
    fixes,
  };
}

function unusedKeys(
  model: ConfigModel,
  view: CryptoView,
  ctx: CheckContext,
): Finding[] {
  // Without peers the router's intent is unknown; with a dynamic map or an mGRE tunnel, any
  // address may be a peer.
  const knownPeers = view.peers.filter((p) => p.address !== undefined);
  if (
    !knownPeers.length ||
    // A peer at the router's own address stands where the remote one belongs: a key that
    // matches nothing is likely that remote's, and peer-is-self offers it.
    knownPeers.some((p) => pointsAtItself(model, p)) ||
    view.dynamicMapInUse ||
    view.dynamicTunnelInUse ||
    hasRemoteAccess(model)
  ) {
    return [];
  }
  const peerAddresses = [...new Set(knownPeers.map((p) => p.address!))];
  const peerSet = new Set(peerAddresses);
  const neighbours = octetNeighbours(peerAddresses);
  const out: Finding[] = [];
  for (const key of presharedKeys(model)) {
    const a = key.address;
    if (!a || a.mask === 0) {
      continue;
    }
    const covers =
      a.mask === 0xffffffff
        ? peerSet.has(a.address)
        : view.peers.some((p) => keyCovers(key, p));
    if (covers || profileMatches(view, a.address)) {
      continue;
    }
    const nearest = nearestPeer(a.address, neighbours);
    const peersText = peerAddresses.slice(0, 4).map(formatIpv4).join(", ");
    const fixes: Fix[] = [];
    let message = `The pre-shared key for ${formatIpv4(a.address)}${a.mask === 0xffffffff ? "" : ` ${formatIpv4(a.mask)}`} matches no peer of this router (peers: ${peersText}${peerAddresses.length > 4 ? "..." : ""}), so it is never used.`;
    if (nearest !== undefined && a.mask === 0xffffffff) {
      const nearestHasKey = knownPeers
        .filter((p) => p.address === nearest)
        .every(
          (p) => coveringKey(keyIndexForPeer(model, view, p), p) !== undefined,
        );
      message += ` It looks like a typo of peer ${formatIpv4(nearest)}${nearestHasKey ? "" : ", which has no key"}.`;
      fixes.push(retargetFix(key, nearest, ctx, !nearestHasKey));
    }
    fixes.push({
      title: `Remove the key for ${formatIpv4(a.address)}`,
      edits: [deleteLine(model.tree, key.node)],
      cli: key.keyring
        ? [
            `crypto keyring ${key.keyring}`,
            ` no pre-shared-key address ${formatIpv4(a.address)}`,
          ]
        : [
            `no crypto isakmp key ${cliSecret(key.secret, ctx)} address ${formatIpv4(a.address)}`,
          ],
    });
    out.push({
      code: "unused-psk",
      range: key.targetRange,
      message,
      related: knownPeers
        .filter((p) => nearest === undefined || p.address === nearest)
        .slice(0, 3)
        .map((p) => relatedLine(p.node, `peer ${formatIpv4(p.address!)}`)),
      fixes,
    });
  }
  return out;
}

/**
 * IPv6 keys that cover none of the router's IPv6 peers, where those peers are all known (the
 * same conditions as for IPv4 keys). A key for all IPv6 peers (`::/0`) is never stray.
 */
function unusedIpv6Keys(
  model: ConfigModel,
  view: CryptoView,
  ctx: CheckContext,
): Finding[] {
  const peers = view.peers.filter((p) => p.address6 !== undefined);
  if (
    !peers.length ||
    view.dynamicMapInUse ||
    view.dynamicTunnelInUse ||
    hasRemoteAccess(model)
  ) {
    return [];
  }
  const peersText = [...new Set(peers.map((p) => endpointText(p)!))];
  const out: Finding[] = [];
  for (const key of presharedKeys(model)) {
    const prefix = key.address6;
    if (
      !prefix ||
      prefix.length === 0 ||
      peers.some((p) => keyCovers(key, p))
    ) {
      continue;
    }
    const text = formatIpv6Prefix(prefix);
    out.push({
      code: "unused-psk",
      range: key.targetRange,
      message: `The pre-shared key for ${text} matches no IPv6 peer of this router (peers: ${peersText.slice(0, 4).join(", ")}${peersText.length > 4 ? "..." : ""}), so it is never used.`,
      related: peers
        .slice(0, 3)
        .map((p) => relatedLine(p.node, `peer ${endpointText(p)!}`)),
      fixes: [
        {
          title: `Remove the key for ${text}`,
          edits: [deleteLine(model.tree, key.node)],
          cli: key.keyring
            ? [
                `crypto keyring ${key.keyring}`,
                ` no pre-shared-key address ipv6 ${text}`,
              ]
            : [
                `no crypto isakmp key ${cliSecret(key.secret, ctx)} address ipv6 ${text}`,
              ],
        },
      ],
    });
  }
  return out;
}

/** Remote-access (Easy VPN) groups authenticate clients from anywhere: no key is stray there. */
function hasRemoteAccess(model: ConfigModel): boolean {
  // Keywords compared in place: splitting every top-level line into words was this check's cost.
  return liveRoots(model).some(
    (n) => startsWith(n, "crypto", "isakmp", "client") && n.words.length >= 4,
  );
}

/** What a line holding a secret is, for the message (a group's `key` is a pre-shared key too). */
function secretOwner(line: string): string {
  const lower = line.trim().toLowerCase();
  if (
    lower.startsWith("crypto isakmp key") ||
    lower.startsWith("pre-shared-key") ||
    lower.startsWith("key ") ||
    lower.startsWith("set aggressive-mode password")
  ) {
    return "pre-shared key";
  }
  if (lower.startsWith("password")) {
    return "line password";
  }
  if (lower.startsWith("username")) {
    return "user password";
  }
  if (lower.startsWith("enable")) {
    return "enable password";
  }
  return "secret";
}

/**
 * What a secret's own text says: a type 7 secret is only obfuscated; a pre-shared key written as
 * `<key>` is the placeholder a quick fix left to replace (an editor without snippets, or console
 * commands pasted as copied), which IOS would store as the key itself, so the peer checks do not
 * compare it.
 */
function secretFindings(model: ConfigModel): Finding[] {
  const out: Finding[] = [];
  for (const secret of model.secrets) {
    const placeholder = isPlaceholderSecret(secret);
    if (secret.type !== 7 && !placeholder) {
      continue;
    }
    const line = model.tree.lines[secret.range.start.line] ?? "";
    // An Easy VPN client's lines (`crypto ipsec client ezvpn`): its group key, its XAUTH password.
    const ezvpn =
      secret.node.parent &&
      startsWith(secret.node.parent, "crypto", "ipsec", "client");
    const owner = ezvpn
      ? line.trim().toLowerCase().startsWith("group")
        ? "pre-shared key"
        : "Easy VPN XAUTH password"
      : secretOwner(line);
    if (secret.type === 7) {
      const fix = hashedSecretFix(model, secret, owner);
      out.push({
        code: "weak-secret-encoding",
        range: secret.range,
        message: `This ${owner} is stored as type 7, a reversible obfuscation that public tools undo in a second: anyone who sees the config has it. ${advice(owner)}`,
        ...(fix ? { fixes: [fix] } : {}),
      });
    } else if (owner === "pre-shared key") {
      out.push({
        code: "psk-placeholder",
        range: secret.range,
        message: `This pre-shared key is \`${secret.value}\`, a placeholder to replace with the real one: IOS would store the text as written, and the peer, which holds another key, would fail to authenticate this router. IPsec Lens does not compare it with the peer's key.`,
      });
    }
  }
  return out;
}

/**
 * A login password stored as type 7 becomes a hashed secret: the new password is typed over a
 * placeholder (the old one is known to anyone who saw the config, and a fix never prints it).
 * scrypt (type 9) from 15.3 on, as IOS hashes it, MD5 (type 5) before. IOS refuses a user's
 * secret while the user still has a password, so the console removes the user first; an enable
 * password beside an existing `enable secret` is only removed (the secret already wins).
 */
function hashedSecretFix(
  model: ConfigModel,
  secret: Secret,
  owner: string,
): Fix | undefined {
  const node = secret.node;
  const words = node.words;
  const v = model.version;
  const scrypt = !v || v.major > 15 || (v.major === 15 && v.minor >= 3);
  const hashed = `${scrypt ? "algorithm-type scrypt " : ""}secret`;
  const typed = placeholder(1, "new-password");
  if (
    owner === "user password" &&
    !node.parent &&
    words[0]?.text.toLowerCase() === "username"
  ) {
    const at = words.findIndex((w) => w.text.toLowerCase() === "password");
    if (at < 2) {
      return undefined;
    }
    const kept = node.text.slice(node.indent, words[at]!.start);
    return {
      title: `Store user ${words[1]!.text}'s password as a hashed secret${scrypt ? " (scrypt)" : ""}`,
      edits: [
        replaceRange(
          {
            start: { line: node.line, character: words[at]!.start },
            end: { line: node.line, character: node.text.trimEnd().length },
          },
          `${hashed} ${typed}`,
        ),
      ],
      snippet: true,
      cli: [`no username ${words[1]!.text}`, `${kept}${hashed} <new-password>`],
    };
  }
  if (owner === "enable password" && !node.parent) {
    const hasSecret = liveRoots(model).some((n) =>
      startsWith(n, "enable", "secret"),
    );
    if (hasSecret) {
      return {
        title: "Remove the enable password (the enable secret already applies)",
        edits: [deleteLine(model.tree, node)],
        cli: ["no enable password"],
      };
    }
    return {
      title: `Replace the enable password by a hashed enable secret${scrypt ? " (scrypt)" : ""}`,
      edits: [replaceLine(node, `enable ${hashed} ${typed}`)],
      snippet: true,
      cli: ["no enable password", `enable ${hashed} <new-password>`],
    };
  }
  return undefined;
}

function advice(owner: string): string {
  if (owner === "Easy VPN XAUTH password") {
    return "The client sends this password to the server, so it cannot be stored hashed: keep the config out of reach, or have the user type it (`xauth userid mode interactive`), and treat this one as known.";
  }
  return owner === "pre-shared key"
    ? "Store keys as type 6 (AES) instead: `key config-key password-encrypt` then `password encryption aes`."
    : owner === "line password"
      ? "Authenticate the line with `login local` and hashed user secrets (type 8 or 9), or at least store its password hashed where the release allows, and treat this one as known."
      : "Use a hashed `secret` (type 8 or 9) instead of `password`, and treat this one as known.";
}
