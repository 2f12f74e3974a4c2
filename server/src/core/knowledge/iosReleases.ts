/**
 * IOS behaviours that changed with a release. A running-config's `version` line shows only the
 * major.minor number (`version 12.4`), not the train, so 12.4 may be 12.4 mainline or 12.4(20)T:
 * each feature says from which major.minor every release has it and at which ones it depends on
 * the train.
 */

/** A behaviour introduced in a given release. */
export interface ReleaseFeature {
  /** What changed, for messages. */
  description: string;
  /** The first release with the behaviour, as Cisco names it. */
  introduced: string;
  /** From this major.minor on, every release has it. */
  certainFrom: number;
  /** At these major.minor numbers, only some trains have it. */
  dependsOnTrain: readonly number[];
}

/** The release-dependent behaviours the checks rely on. */
export const RELEASE_FEATURES = {
  /** A crypto map or profile without `set transform-set` proposes the built-in default transform sets. */
  defaultTransformSets: {
    description: "default IPsec transform sets",
    introduced: "12.4(20)T",
    certainFrom: 15.0,
    dependsOnTrain: [12.4],
  },
  /**
   * "Crypto access check on clear-text packets": before it, the inbound ACL of the crypto-map
   * interface was applied twice, to the ESP/AH packet and again to the decrypted packet.
   */
  clearTextAclCheckRemoved: {
    description:
      "the end of the second inbound ACL check on decrypted packets (crypto access check on clear-text packets)",
    introduced: "12.3(8)T",
    certainFrom: 12.4,
    dependsOnTrain: [12.3],
  },
  /**
   * Later IOS-XE releases are reported to treat `ip nhrp map multicast dynamic` as an mGRE
   * interface's default and to leave it out of the running-config; from which release is not
   * documented, so its absence on a hub is judged only in classic IOS (12.x, 15.x).
   */
  nhrpMulticastDynamicImplicit: {
    description:
      "`ip nhrp map multicast dynamic` as an mGRE interface's default",
    introduced: "IOS-XE 16",
    certainFrom: 16.0,
    dependsOnTrain: [],
  },
} as const satisfies Record<string, ReleaseFeature>;

/** The transform sets IOS proposes when an entry names none (releases with default transform sets). */
export const DEFAULT_TRANSFORM_SETS: readonly (readonly string[])[] = [
  ["esp-aes", "esp-sha-hmac"],
  ["esp-3des", "esp-sha-hmac"],
];

/** Why an entry that relies on the default transform sets matters (plain text, for hints). */
export const DEFAULT_TRANSFORM_SETS_EFFECT = `Without set transform-set, IOS ${RELEASE_FEATURES.defaultTransformSets.introduced} and later propose their ${RELEASE_FEATURES.defaultTransformSets.description}, ${DEFAULT_TRANSFORM_SETS.map((set) => `{ ${set.join(" ")} }`).join(" and ")}; the peer must accept one of them, or quick mode fails.`;

/** Whether a release has a feature: yes, no, maybe (depends on the train) or unknown (no version line). */
export type FeatureStatus = "yes" | "no" | "maybe" | "unknown";

/** Answers for a config's `version` line (major and minor as numbers). */
export function featureStatus(
  feature: ReleaseFeature,
  version: { major: number; minor: number } | undefined,
): FeatureStatus {
  if (!version) {
    return "unknown";
  }
  // 12.4 -> 12.4, 15.10 would read as 15.1: minor numbers above 9 only exist where every feature is old news.
  const value = version.major + Math.min(version.minor, 9) / 10;
  if (value >= feature.certainFrom) {
    return "yes";
  }
  return feature.dependsOnTrain.includes(value) ? "maybe" : "no";
}

/**
 * Whether an entry or IPsec profile without `set transform-set` proposes the default transform
 * sets: by the config's release, except that one negotiating with IKEv2 runs a release that has
 * them whatever its version line says (IKEv2 came with 15.1(1)T, after 12.4(20)T's defaults).
 */
export function defaultTransformSetsStatus(
  version: { major: number; minor: number } | undefined,
  ikev2: boolean,
): FeatureStatus {
  return ikev2
    ? "yes"
    : featureStatus(RELEASE_FEATURES.defaultTransformSets, version);
}
