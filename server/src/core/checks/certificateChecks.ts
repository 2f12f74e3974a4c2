import {
  coveringKey,
  cryptoView,
  keyIndexForPeer,
  type CryptoView,
} from "../config/cryptoPeers";
import type { ConfigModel, Ikev2Profile, IsakmpPolicy } from "../config/model";
import { ikev2ProfileOf } from "../config/profileSelection";
import { wordsRange, type ConfigNode } from "../config/tree";
import type { Finding, Fix, TextEdit } from "../diagnostics/finding";
import {
  appendTopLevel,
  indentOf,
  insertAfterLastOf,
  insertChild,
  insertLinesBefore,
  replaceLine,
} from "../fixes/configEdits";
import { placeholder, snippetToCli } from "../fixes/snippets";
import type { Range } from "../text/position";
import type { ConfigCheck } from "./check";
import { isWebServerTrustpoint, ownCertificate } from "../certificates/chain";
import { relatedLine } from "./support/checkSupport";

/**
 * Certificate authentication needs a trustpoint (the CA, the router's key pair and certificate)
 * and a correct clock: rsa-sig with neither cannot authenticate, and without NTP a clock reset by
 * a reboot puts every certificate outside its validity.
 */
export const certificateChecks: ConfigCheck = {
  id: "certificateChecks",
  run(model) {
    const view = cryptoView(model);
    if (!view.ikeInUse) {
      return [];
    }
    return [
      ...noTrustpoint(model, view),
      ...ikev2NoTrustpoint(model, view),
      ...ikev2ProfileWithoutTrustpoint(model, view),
      ...noNtp(model),
    ];
  },
};

/** Where a policy's authentication stands: its `authentication` line, or the policy head when it is the default. */
function authenticationRange(policy: IsakmpPolicy): Range {
  const line = policy.explicit.authentication;
  return line ? wordsRange(line, 0) : wordsRange(policy.node, 0);
}

function rsaSigPolicies(model: ConfigModel): IsakmpPolicy[] {
  return model.isakmpPolicies.filter((p) => p.authentication === "rsa-sig");
}

function noTrustpoint(model: ConfigModel, view: CryptoView): Finding[] {
  if (model.trustpoints.length) {
    return [];
  }
  const rsaSig = rsaSigPolicies(model);
  // With a pre-share (or rsa-encr) policy beside it, an rsa-sig policy without certificates is
  // only an unused proposal; peers without keys are reported by missing-psk-for-peer.
  const other = model.isakmpPolicies.some(
    (p) => p.authentication !== "rsa-sig",
  );
  if (!rsaSig.length || other) {
    return [];
  }
  const anyKeys =
    model.globalKeys.length > 0 ||
    model.keyrings.some((k) => k.keys.length > 0);
  const keyedPeers = view.peers.filter(
    (p) =>
      p.ike &&
      p.address !== undefined &&
      coveringKey(keyIndexForPeer(model, view, p), p),
  );
  return rsaSig.map((policy) => {
    const implicit = !policy.explicit.authentication;
    const fixes: Fix[] = [];
    if (anyKeys) {
      const edit = implicit
        ? insertChild(model.tree, policy.node, "authentication pre-share")
        : replaceLine(
            policy.explicit.authentication!,
            `${indentOf(policy.explicit.authentication!)}authentication pre-share`,
          );
      fixes.push({
        title: `Authenticate policy ${policy.priority} with the pre-shared keys (authentication pre-share)`,
        edits: [edit],
        isPreferred: implicit || undefined,
        cli: [
          `crypto isakmp policy ${policy.priority}`,
          " authentication pre-share",
        ],
      });
    }
    const policyNodes = model.isakmpPolicies.map((p) => p.node);
    fixes.push(
      trustpointFix((lines) =>
        policyNodes.length
          ? insertBeforeFirst(model, policyNodes, lines)
          : appendTopLevel(model.tree, lines),
      ),
    );
    const keyed = keyedPeers.length
      ? ` Pre-shared keys exist for ${keyedPeers.length === 1 ? "the peer" : `${keyedPeers.length} peers`}: ${implicit ? "`authentication pre-share` was probably forgotten, since rsa-sig is what IOS uses when the line is missing" : "did you mean `authentication pre-share`?"}`
      : "";
    return {
      code: "cert-auth-no-trustpoint",
      range: authenticationRange(policy),
      message: `ISAKMP policy ${policy.priority} authenticates with RSA signatures${implicit ? " (the IOS default when no authentication line is written)" : ""}, and every policy does, but no trustpoint or certificate is configured: the router has no certificate to offer, so phase 1 fails ("No Cert or pre-shared address key").${keyed}`,
      related: keyedPeers
        .slice(0, 3)
        .map((p) => relatedLine(p.node, "this peer has a pre-shared key")),
      fixes,
    };
  });
}

/**
 * IKEv2 profiles in use that sign or verify with RSA signatures in a config without any
 * trustpoint: the router has no certificate to sign its AUTH payload with, nor a CA to verify
 * the peer's, so IKE_AUTH fails. One finding per profile, on its authentication line.
 */
function ikev2NoTrustpoint(model: ConfigModel, view: CryptoView): Finding[] {
  if (model.trustpoints.length) {
    return [];
  }
  const seen = new Set<Ikev2Profile>();
  const out: Finding[] = [];
  for (const peer of view.peers) {
    const profile = ikev2ProfileOf(model, peer);
    if (!profile || seen.has(profile)) {
      continue;
    }
    seen.add(profile);
    const signs = profile.localAuthentication?.method === "rsa-sig";
    const verifies = profile.remoteAuthentication.find(
      (a) => a.method === "rsa-sig",
    );
    const line = signs ? profile.localAuthentication!.node : verifies?.node;
    if (!line) {
      continue;
    }
    out.push({
      code: "cert-auth-no-trustpoint",
      range: wordsRange(line, 0),
      message: `IKEv2 profile ${profile.name} ${signs ? "signs its AUTH payload" : "verifies the peer's AUTH payload"} with RSA signatures (\`${line.text.trim()}\`), but no trustpoint or certificate is configured: the router has no certificate ${signs ? "to sign with" : "authority to verify the peer's certificate with"}, so IKE_AUTH fails. Enroll in a CA (\`crypto pki trustpoint\`, then \`pki trustpoint\` in the profile), or authenticate with pre-shared keys (\`authentication local pre-share\` and a keyring).`,
      fixes: [
        trustpointFix(
          (lines) => insertLinesBefore(model.tree, profile.node, lines),
          [`crypto ikev2 profile ${profile.name}`, " pki trustpoint <CA>"],
        ),
      ],
    });
  }
  return out;
}

/**
 * IKEv2 profiles in use that sign or verify with certificates but name no `pki trustpoint`, in
 * a config that has trustpoints: unlike IKEv1, which may use any trustpoint, IKEv2 uses only those
 * its profile names (the line is mandatory for an initiator), so IKE_AUTH has no certificate to
 * sign with or no CA to verify the peer's with. One finding per profile, on its authentication
 * line; the fix names the config's trustpoint (the one holding the router's certificate when
 * several exist).
 */
function ikev2ProfileWithoutTrustpoint(
  model: ConfigModel,
  view: CryptoView,
): Finding[] {
  if (!model.trustpoints.length) {
    return [];
  }
  const seen = new Set<Ikev2Profile>();
  const out: Finding[] = [];
  for (const peer of view.peers) {
    const profile = ikev2ProfileOf(model, peer);
    if (!profile || seen.has(profile) || profile.pkiTrustpoints.length) {
      continue;
    }
    seen.add(profile);
    const local = profile.localAuthentication;
    const signs =
      local?.method === "rsa-sig" || local?.method === "ecdsa-sig"
        ? local
        : undefined;
    const verifies = profile.remoteAuthentication.find(
      (a) => a.method === "rsa-sig" || a.method === "ecdsa-sig",
    );
    const line = (signs ?? verifies)?.node;
    if (!line) {
      continue;
    }
    const candidates = model.trustpoints.filter(
      (t) => !isWebServerTrustpoint(t),
    );
    const enrolled = candidates.filter((t) => ownCertificate(t));
    const name =
      (enrolled.length === 1 ? enrolled[0] : undefined)?.name ??
      (candidates.length === 1 ? candidates[0]!.name : undefined);
    const text = `pki trustpoint ${name ?? placeholder(1, candidates[0]?.name ?? model.trustpoints[0]!.name)}`;
    out.push({
      code: "cert-auth-no-trustpoint",
      range: wordsRange(line, 0),
      message: `IKEv2 profile ${profile.name} ${signs ? "signs its AUTH payload" : "verifies the peer's AUTH payload"} with certificates (\`${line.text.trim()}\`) but names no trustpoint: unlike IKEv1, IKEv2 uses only the trustpoints its profile names (\`pki trustpoint NAME\`), so it has no certificate ${signs ? "to sign with" : "authority to verify the peer's certificate with"} and IKE_AUTH fails, though this config has ${model.trustpoints.length === 1 ? `trustpoint ${model.trustpoints[0]!.name}` : `${model.trustpoints.length} trustpoints`}.`,
      fixes: [
        {
          title: name
            ? `Name trustpoint ${name} in IKEv2 profile ${profile.name}`
            : `Name a trustpoint in IKEv2 profile ${profile.name}`,
          edits: [insertChild(model.tree, profile.node, text)],
          ...(name ? { isPreferred: true } : { snippet: true }),
          cli: [
            `crypto ikev2 profile ${profile.name}`,
            ` ${name ? text : snippetToCli(text)}`,
          ],
        },
      ],
    });
  }
  return out;
}

/**
 * A trustpoint skeleton inserted where `place` puts it, with the commands that authenticate the
 * CA and enroll (and `then`, what names the trustpoint where it is used).
 */
function trustpointFix(
  place: (lines: string[]) => TextEdit,
  then: readonly string[] = [],
): Fix {
  const trustpoint = [
    `crypto pki trustpoint ${placeholder(1, "CA")}`,
    ` enrollment url ${placeholder(2, "http://ca.example.com")}`,
    ` revocation-check ${placeholder(3, "none")}`,
  ];
  return {
    title: "Add a trustpoint (then authenticate the CA and enroll)",
    edits: [place(trustpoint)],
    snippet: true,
    cli: [
      ...trustpoint.map(snippetToCli),
      "exit",
      "crypto pki authenticate <CA>",
      "crypto pki enroll <CA>",
      ...then,
    ],
  };
}

function insertBeforeFirst(
  model: ConfigModel,
  nodes: ConfigNode[],
  lines: string[],
) {
  // Put the trustpoint just before the policies, the order show running-config uses.
  const first = nodes.reduce((a, b) => (b.line < a.line ? b : a));
  return insertLinesBefore(model.tree, first, lines);
}

function noNtp(model: ConfigModel): Finding[] {
  if (!model.trustpoints.length || model.ntpServers.length || model.ntpMaster) {
    return [];
  }
  const rsaSig = rsaSigPolicies(model);
  if (!rsaSig.length) {
    return [];
  }
  const line = `ntp server ${placeholder(1, "ntp-server-address")}`;
  const trustpointNodes = model.trustpoints.map((t) => t.node);
  return rsaSig.map((policy) => ({
    code: "cert-auth-no-ntp" as const,
    range: authenticationRange(policy),
    message: `ISAKMP policy ${policy.priority} authenticates with certificates, but no NTP server is configured: a router clock that is wrong (or reset by a reboot without a hardware clock) puts certificates outside their validity dates and authentication fails ("certificate invalid").`,
    related: model.trustpoints
      .slice(0, 2)
      .map((t) => relatedLine(t.node, `trustpoint ${t.name}`)),
    fixes: [
      {
        title: "Add an NTP server",
        edits: [insertAfterLastOf(model.tree, trustpointNodes, [line])],
        snippet: true,
        isPreferred: true,
        cli: [snippetToCli(line)],
      },
    ],
  }));
}
