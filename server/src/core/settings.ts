import { DEFAULT_ANALYSIS_SETTINGS, type AnalysisSettings } from "./document";
import {
  parseSeverityOverrides,
  type SeverityOverrides,
} from "./diagnostics/severityOverrides";

/**
 * Every user setting, declared once with its default. The manifest's contributes.configuration
 * must say the same (a test compares them), and the server reads settings only through here.
 */
export const SETTINGS = {
  "ipsecLens.detectLanguage": {
    type: "boolean",
    default: true,
    description:
      "Switch .txt, .log and .cfg files to the Cisco IOS config or log language when their first lines clearly show one.",
  },
  "ipsecLens.diagnostics.severity": {
    type: "object",
    default: {},
    description:
      'Change the severity of diagnostic codes or turn them off, for example { "weak-crypto": "off", "crypto-acl-any": "error" }.',
  },
  "ipsecLens.revealSecrets": {
    type: "boolean",
    default: false,
    description:
      "Show pre-shared keys and passwords in messages and hovers instead of masking them.",
  },
  "ipsecLens.maxFileSize": {
    type: "number",
    default: DEFAULT_ANALYSIS_SETTINGS.maxFileSize,
    description:
      "Files larger than this many bytes are not analysed (you are told so).",
  },
  "ipsecLens.certificates.expiryWarningDays": {
    type: "number",
    default: DEFAULT_ANALYSIS_SETTINGS.certificateExpiryDays,
    description:
      "Warn of a certificate IKE uses this many days before it expires (certificate-expiring-soon); 0 turns the warning off.",
  },
  "ipsecLens.outline.maxItems": {
    type: "number",
    default: 5000,
    description:
      "The most symbols the outline and breadcrumbs of one file list (commands and exchanges before their packets; you are told when some are left out).",
  },
} as const;

/** The outline's symbol limit when the setting is absent or not a number of at least 1. */
export const DEFAULT_OUTLINE_MAX_ITEMS =
  SETTINGS["ipsecLens.outline.maxItems"].default;

/** The setting names. */
export type SettingName = keyof typeof SETTINGS;

/** The server-side view of the settings, validated. */
export interface ServerSettings {
  analysis: AnalysisSettings;
  overrides: SeverityOverrides;
  /** The most symbols an outline lists (`ipsecLens.outline.maxItems`). */
  outlineMaxItems: number;
  /** Problems found in the user's values, to log once. */
  problems: string[];
}

/** Reads the `ipsecLens` section as the client sends it (any shape: users edit JSON by hand). */
export function readSettings(section: unknown): ServerSettings {
  const s = (section && typeof section === "object" ? section : {}) as Record<
    string,
    unknown
  >;
  const diagnostics = (
    s["diagnostics"] && typeof s["diagnostics"] === "object"
      ? s["diagnostics"]
      : {}
  ) as Record<string, unknown>;
  const { overrides, problems } = parseSeverityOverrides(
    diagnostics["severity"],
  );
  const maxFileSize =
    typeof s["maxFileSize"] === "number" && s["maxFileSize"] > 0
      ? s["maxFileSize"]
      : DEFAULT_ANALYSIS_SETTINGS.maxFileSize;
  const outline = (
    s["outline"] && typeof s["outline"] === "object" ? s["outline"] : {}
  ) as Record<string, unknown>;
  const maxItems = outline["maxItems"];
  const certificates = (
    s["certificates"] && typeof s["certificates"] === "object"
      ? s["certificates"]
      : {}
  ) as Record<string, unknown>;
  return {
    analysis: {
      revealSecrets: s["revealSecrets"] === true,
      maxFileSize,
      certificateExpiryDays:
        expiryDays(certificates["expiryWarningDays"]) ??
        DEFAULT_ANALYSIS_SETTINGS.certificateExpiryDays,
    },
    overrides,
    outlineMaxItems:
      typeof maxItems === "number" && maxItems >= 1
        ? Math.floor(maxItems)
        : DEFAULT_OUTLINE_MAX_ITEMS,
    problems,
  };
}

/** A user's certificate expiry window: a number of days from 0; undefined for anything else. */
export function expiryDays(value: unknown): number | undefined {
  return typeof value === "number" && value >= 0 ? value : undefined;
}
