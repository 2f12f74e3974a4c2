import { detailsOf, ikeTrustpoints, utcText } from "../certificates/chain";
import type {
  ChainCertificate,
  ConfigModel,
  Reference,
  VolumeLifetime,
  WrittenLifetime,
} from "../config/model";
import { foreignPlatform } from "../config/platform";
import { nodeRange, startsWith, type ConfigNode } from "../config/tree";
import type { Annotation } from "../document";
import {
  IKEV2_DEFAULT_EFFECTS,
  IKEV2_DEFAULT_LIFETIME,
} from "../knowledge/ikev2Defaults";
import { DEFAULT_EFFECTS } from "../knowledge/iosDefaults";
import {
  DEFAULT_TRANSFORM_SETS_EFFECT,
  defaultTransformSetsStatus,
} from "../knowledge/iosReleases";
import { POLICY_ATTRIBUTES } from "../knowledge/isakmpAttributes";
import { PFS_RULES } from "../knowledge/negotiation";
import { proposalPrfs } from "../peers/ikev2Negotiation";
import {
  ipsecLifetime,
  pfsSetting,
  volumeText,
  type Lifetime,
} from "../peers/phase2";

/**
 * What IOS uses where a config is silent. `show running-config` never prints an attribute left at
 * its default, and many IPsec mismatches hide there (a policy without `group` negotiates group 1,
 * an entry without `set pfs` offers no PFS). At the end of a section's first line, one inlay per
 * default that decides its negotiation, worded as the missing line would be (`group 1`, `no PFS`);
 * at the end of a bare `set pfs`, its group. One short hint each, not one list: VS Code cuts a
 * label at 43 characters (`editor.inlayHints.maximumLength`), and each default gets a tooltip of
 * its own saying why it matters. Values come from the model (which filled the defaults in) and the
 * knowledge tables. Only what IOS reads gets hints: the model leaves out the lines after a closing
 * `end`, and a config of another platform gets none. A trustpoint IKE uses without a
 * `revocation-check` line gets the CRL check IOS then makes. A certificate of a chain, whose hex says
 * nothing to a reader, gets whose it is and until when (the hover has the rest).
 */

/** The parts of a crypto map entry or IPsec profile that decide its phase 2. */
interface Phase2Lines {
  transformSets: readonly Reference[];
  pfs?: { group: string; node: ConfigNode };
  /** The section's own lifetime lines. */
  seconds?: WrittenLifetime<number>;
  kilobytes?: WrittenLifetime<VolumeLifetime>;
  /** Negotiated with IKEv2 (`set ikev2-profile`), where PFS and lifetimes work differently. */
  ikev2: boolean;
}

const CACHE = new WeakMap<ConfigModel, Annotation[]>();

/**
 * The hints of a config, in position order. Computed once per model: the editor asks again on
 * every scroll, and every edit gives a new model.
 */
export function configAnnotations(model: ConfigModel): Annotation[] {
  let out = CACHE.get(model);
  if (!out) {
    out = foreignPlatform(model) ? [] : collect(model);
    CACHE.set(model, out);
  }
  return out;
}

function collect(model: ConfigModel): Annotation[] {
  const out: Annotation[] = [];
  for (const policy of model.isakmpPolicies) {
    for (const a of POLICY_ATTRIBUTES) {
      if (!policy.explicit[a.attribute]) {
        const value = `${a.printed} ${policy[a.attribute]}`;
        const rule =
          a.attribute === "lifetime"
            ? DEFAULT_EFFECTS.isakmpPolicy.lifetime
            : DEFAULT_EFFECTS.isakmpPolicy.match;
        out.push(
          hintAt(
            policy.node,
            value,
            `Without a${/^[aeiou]/.test(a.printed) ? "n" : ""} ${a.printed} line, IOS uses ${value}, which show running-config never prints. ${rule}`,
          ),
        );
      }
    }
  }
  for (const profile of model.isakmpProfiles) {
    if (!profile.keepalive && !model.isakmpKeepalive) {
      out.push(hintAt(profile.node, "no DPD", DEFAULT_EFFECTS.isakmpDpd));
    }
  }
  for (const proposal of model.ikev2Proposals) {
    // An AEAD proposal has no integrity to fall back on: IOS wants its PRF written.
    if (!proposal.lines.prf && proposal.integrity.length) {
      out.push(
        hintAt(
          proposal.node,
          `prf ${proposalPrfs(proposal).join(" ")}`,
          IKEV2_DEFAULT_EFFECTS.prf,
        ),
      );
    }
  }
  for (const profile of model.ikev2Profiles) {
    if (!profile.lifetime) {
      out.push(
        hintAt(
          profile.node,
          `lifetime ${IKEV2_DEFAULT_LIFETIME}`,
          IKEV2_DEFAULT_EFFECTS.lifetime,
        ),
      );
    }
    if (!profile.dpd && !model.ikev2Dpd) {
      out.push(hintAt(profile.node, "no DPD", IKEV2_DEFAULT_EFFECTS.dpd));
    }
  }
  for (const set of model.transformSets) {
    if (!set.modeNode) {
      out.push(
        hintAt(set.node, `mode ${set.mode}`, DEFAULT_EFFECTS.transformMode),
      );
    }
  }
  for (const maps of [model.cryptoMaps, model.cryptoMaps6, model.dynamicMaps]) {
    for (const map of maps.values()) {
      for (const entry of map.entries) {
        // Manual and GDOI entries negotiate nothing with a peer (their keys are written or come
        // from the key server); one that points at a dynamic map takes its settings from the
        // dynamic map's entries, which get their own hints.
        if (entry.mode !== "ipsec-isakmp") {
          continue;
        }
        out.push(
          ...phase2Hints(model, entry.node, {
            transformSets: entry.transformSets,
            pfs: entry.pfs,
            seconds: entry.lifetimeSeconds,
            kilobytes: entry.lifetimeKilobytes,
            ikev2: entry.ikev2Profile !== undefined,
          }),
        );
      }
    }
  }
  for (const profile of model.ipsecProfiles) {
    out.push(
      ...phase2Hints(model, profile.node, {
        transformSets: profile.transformSets,
        pfs: profile.pfs,
        seconds: profile.lifetimeSeconds,
        kilobytes: profile.lifetimeKilobytes,
        ikev2: profile.ikev2Profile !== undefined,
      }),
    );
  }
  for (const { trustpoint } of ikeTrustpoints(model)) {
    if (
      !trustpoint.node.children.some(
        (c) => !c.negated && startsWith(c, "revocation-check"),
      )
    ) {
      out.push(
        hintAt(
          trustpoint.node,
          "revocation-check crl",
          DEFAULT_EFFECTS.trustpointRevocation,
        ),
      );
    }
  }
  for (const tp of model.trustpoints) {
    for (const cert of tp.certificates) {
      const hint = certificateHint(cert);
      if (hint) {
        out.push(hint);
      }
    }
  }
  return out.sort(
    (a, b) =>
      a.position.line - b.position.line ||
      a.position.character - b.position.character,
  );
}

/**
 * The phase 2 defaults of a crypto map entry or IPsec profile, at its first line: the release's
 * transform sets, the lifetimes (the global ones when set), no PFS; and a bare `set pfs`'s group at
 * that line.
 */
function phase2Hints(
  model: ConfigModel,
  head: ConfigNode,
  lines: Phase2Lines,
): Annotation[] {
  const out: Annotation[] = [];
  const version = lines.ikev2 ? "ikev2" : "ikev1";
  if (
    !lines.transformSets.length &&
    defaultTransformSetsStatus(model.version, lines.ikev2) === "yes"
  ) {
    out.push(
      hintAt(head, "default transform sets", DEFAULT_TRANSFORM_SETS_EFFECT),
    );
  }
  const kilobytes = ipsecLifetime(model, "kilobytes", lines.kilobytes);
  const lifetime = lifetimeText(
    ipsecLifetime(model, "seconds", lines.seconds),
    kilobytes,
  );
  if (lifetime) {
    // A global `kilobytes disable` is why the hint shows no volume: the tooltip says so.
    const disabled =
      kilobytes.origin === "global" && kilobytes.value === "disabled";
    out.push(
      hintAt(
        head,
        lifetime,
        `${DEFAULT_EFFECTS.ipsecLifetime[version]}${disabled ? ` ${DEFAULT_EFFECTS.ipsecVolumeDisabled}` : ""}`,
      ),
    );
  }
  const pfs = pfsSetting(lines.pfs);
  if (!pfs) {
    out.push(hintAt(head, "no PFS", PFS_RULES.absentEffect[version]));
  } else if (!pfs.explicit) {
    out.push(hintAt(pfs.node, pfs.group, PFS_RULES.implicitEffect));
  }
  return out;
}

/**
 * The lifetimes a section does not write, in at most 43 characters: `lifetime 3600 s / 4608000
 * KB` (`KB disabled` for a global `kilobytes disable`); `global lifetime ...` when every one shown
 * is the global command's, else `(global)` after each that is.
 */
function lifetimeText(
  seconds: Lifetime,
  kilobytes: Lifetime<VolumeLifetime>,
): string | undefined {
  const shown = [
    { lifetime: seconds, text: `${seconds.value} s` },
    { lifetime: kilobytes, text: volumeText(kilobytes.value) },
  ].filter((l) => l.lifetime.origin !== "entry");
  if (!shown.length) {
    return undefined;
  }
  const allGlobal = shown.every((l) => l.lifetime.origin === "global");
  const values = shown.map(
    ({ lifetime, text }) =>
      `${text}${!allGlobal && lifetime.origin === "global" ? " (global)" : ""}`,
  );
  return `${allGlobal ? "global " : ""}lifetime ${values.join(" / ")}`;
}

/** The longest label VS Code shows whole (`editor.inlayHints.maximumLength`). */
const MAX_LABEL = 43;

/** `CN=tokyo.lens.lab, until 2026-06-01` after a chain's `certificate` line. */
function certificateHint(cert: ChainCertificate): Annotation | undefined {
  const d = detailsOf(cert);
  if (!d) {
    return undefined;
  }
  const until = `until ${utcText(d.notAfter).slice(0, 10)}`;
  const cn = /(?:^|,\s*)CN=([^,]+)/i.exec(d.subject)?.[1]?.trim();
  const room = MAX_LABEL - until.length - ", CN=".length;
  const name =
    cn === undefined
      ? undefined
      : cn.length > room
        ? `${cn.slice(0, room - 1)}…`
        : cn;
  return hintAt(
    cert.node,
    name ? `CN=${name}, ${until}` : until,
    `${d.subject}\nissued by ${d.issuer}\nvalid ${utcText(d.notBefore)} to ${utcText(d.notAfter)}`,
  );
}

/** An inlay at the end of a line. */
function hintAt(node: ConfigNode, label: string, tooltip: string): Annotation {
  return {
    position: nodeRange(node).end,
    label,
    tooltip,
    placement: "inlay",
  };
}
