import type { CATALOG } from "../../server/src/core/diagnostics/catalog";
import type { LanguageId } from "../../server/src/core/document";

/**
 * What a network engineer does with IPsec Lens in a real editor, written once as data. The
 * browser suite (`test/e2e/`, code-server + Chromium) plays each scenario with mouse and keyboard
 * and reads the screen; the desktop suite (`test/vscode/`) plays the same ones through the VS Code
 * API. Both run every scenario twice: in a trusted workspace and in Restricted Mode.
 */

/** A diagnostic code; the type keeps scenarios in step with the catalogue. */
export type Code = keyof typeof CATALOG;

/** A file copied from the repository into the scenario's throw-away workspace. */
export interface ScenarioFile {
  /** Path relative to the repository root. */
  from: string;
  /** Path relative to the workspace folder. */
  to: string;
}

/** A place in a document: a token on the line whose text is `on`, and how far into the token. */
export interface TokenPosition {
  on: string;
  token: string;
  /** Characters into the token (default: its middle, where a mouse would rest). */
  offset?: number;
}

/**
 * A diagnostic that must be reported: its code on the line whose text (without indentation) is
 * `on`. Lines are named by their text so that editing an example's comments keeps the data true.
 */
export interface ExpectedDiagnostic {
  code: Code;
  on: string;
}

interface ScenarioBase {
  /** Short name used for screenshots. */
  id: string;
  /** What the user does and sees, used as the test title. */
  title: string;
  files: ScenarioFile[];
  /** The workspace-relative file the user opens. */
  open: string;
  /** The language the editor must show for it (after detection, for a .txt file). */
  languageId: LanguageId;
}

/** Open a config: the codes appear in the Problems panel and squiggles sit on their lines. */
export interface DiagnosticsScenario extends ScenarioBase {
  kind: "diagnostics";
  expected: ExpectedDiagnostic[];
}

/** Hover a token: the explanation appears and says all of `expected`. */
export interface HoverScenario extends ScenarioBase {
  kind: "hover";
  at: TokenPosition;
  expected: RegExp[];
}

/** Apply a quick fix: the text is inserted and the finding goes away. */
export interface QuickFixScenario extends ScenarioBase {
  kind: "quickFix";
  /** The finding to fix; the cursor goes to its line. */
  finding: ExpectedDiagnostic;
  /** The title of the fix to choose in the quick-fix menu. */
  fixTitle: RegExp;
  /** A line the fix must insert (matched against each line of the fixed document). */
  inserted: RegExp;
}

/** An inlay hint or code lens that must be shown. */
export interface ExpectedAnnotation {
  /** The text of the line it explains; it must sit within `NEAR_LINES` of that line. */
  near: string;
  /** Its label must match (and the file's own text must not). */
  label: RegExp;
}

/** How far (in lines) an annotation may sit from the line it explains. */
export const NEAR_LINES = 3;

/** Open a file: its language is detected and annotations tell the story in place. */
export interface AnnotationsScenario extends ScenarioBase {
  kind: "annotations";
  expected: ExpectedAnnotation[];
}

/** One thing a user does in the editor. */
export type Scenario =
  DiagnosticsScenario | HoverScenario | QuickFixScenario | AnnotationsScenario;

/** The seed chapter's Tokyo router with the faults of the troubleshooting sections. */
const BROKEN_TOKYO: ScenarioFile = {
  from: "examples/broken/tokyo.ios",
  to: "broken/tokyo.ios",
};

/** The seed chapter's working Tokyo router: a policy and an entry that leave attributes to IOS. */
const TOKYO: ScenarioFile = {
  from: "examples/tokyo.ios",
  to: "tokyo.ios",
};

/** Tokyo's `debug crypto isakmp` of a tunnel coming up. */
const TOKYO_CAPTURE: ScenarioFile = {
  from: "examples/tokyo-success.ioslog",
  to: "tokyo-success.ioslog",
};

/** A router whose running config prints its certificates: its own expired on 2026-06-01. */
const PKI_TOKYO: ScenarioFile = {
  from: "test/fixtures/peers/certificate-chains/tokyo.ios",
  to: "pki/tokyo.ios",
};

/** Every scenario, in the order a user would meet them. */
export const SCENARIOS: readonly Scenario[] = [
  {
    kind: "diagnostics",
    id: "config-diagnostics",
    title:
      "the broken Tokyo config shows its faults in the Problems panel and as squiggles",
    files: [BROKEN_TOKYO],
    open: BROKEN_TOKYO.to,
    languageId: "cisco-ios",
    expected: [
      // The only key is for an address that is no peer.
      { code: "unused-psk", on: "crypto isakmp key cisco address 172.16.5.2" },
      // No key covers the peer.
      { code: "missing-psk-for-peer", on: "set peer 172.16.6.2" },
      // The map sits on FastEthernet0/0, while the peer is routed out of Serial4/0.
      { code: "crypto-map-wrong-interface", on: "crypto map mjlnetmap" },
    ],
  },
  {
    kind: "hover",
    id: "capture-hover",
    title: "hovering a state name in a capture explains it",
    files: [TOKYO_CAPTURE],
    open: TOKYO_CAPTURE.to,
    languageId: "cisco-ios-log",
    at: {
      on: "Old State = IKE_READY New State = IKE_I_MM1",
      token: "IKE_I_MM1",
    },
    // The hover names the state and places it: which message of which exchange, sent by whom.
    expected: [/IKE_I_MM1/, /main mode/i, /1\/6/, /initiator/i],
  },
  {
    kind: "hover",
    id: "config-certificate-hover",
    title:
      "hovering a certificate of a chain decodes it: whose, by whom, until when",
    files: [PKI_TOKYO],
    open: PKI_TOKYO.to,
    languageId: "cisco-ios",
    at: { on: "certificate 02", token: "02" },
    // Decoded from the hex below the line; the date is past, so the editor's clock says expired.
    expected: [/CN=tokyo\.lens\.lab/, /Lens Lab Root CA/, /expired/],
  },
  {
    kind: "quickFix",
    id: "config-quick-fix",
    title:
      "the quick fix for the missing pre-shared key inserts it and the finding goes away",
    files: [BROKEN_TOKYO],
    open: BROKEN_TOKYO.to,
    languageId: "cisco-ios",
    finding: { code: "missing-psk-for-peer", on: "set peer 172.16.6.2" },
    fixTitle: /crypto isakmp key/i,
    inserted: /^crypto isakmp key \S+ address 172\.16\.6\.2\s*$/,
  },
  {
    kind: "annotations",
    id: "capture-as-txt",
    title:
      "a capture saved as .txt switches to cisco-ios-log and shows annotations",
    files: [{ from: TOKYO_CAPTURE.from, to: "ticket-4711/capture.txt" }],
    open: "ticket-4711/capture.txt",
    languageId: "cisco-ios-log",
    expected: [
      // A lens above the exchange: who with whom, and how it ended.
      {
        near: "Mar 7 16:14:29.027 GMT: ISAKMP: received ke message (1/1)",
        label: /main mode .*complete in \d+ ms/i,
      },
      // Inlay hints at the end of packet lines and of the line that completed phase 1.
      {
        near: "Mar 7 16:14:29.103 GMT: ISAKMP (0:1): sending packet to 172.16.6.2 (I) MM_SA_SETUP",
        label: /main mode 3\/6 sent/i,
      },
      {
        near: "Old State = UNKNOWN New State = IKE_P1_COMPLETE",
        label: /phase 1 complete/i,
      },
    ],
  },
  {
    kind: "annotations",
    id: "config-defaults",
    title:
      "a config shows the IOS defaults its policy and crypto map entry leave unwritten",
    files: [TOKYO],
    open: TOKYO.to,
    languageId: "cisco-ios",
    expected: [
      // Inlay hints at the end of the sections' first lines, each short enough to show whole.
      { near: "crypto isakmp policy 10", label: /encr des/ },
      { near: "crypto isakmp policy 10", label: /group 1/ },
      {
        near: "crypto map mjlnetmap 10 ipsec-isakmp",
        label: /lifetime 3600 s \/ 4608000 KB/,
      },
      { near: "crypto map mjlnetmap 10 ipsec-isakmp", label: /no PFS/ },
    ],
  },
];

/** The two ways a folder opens; every scenario runs in both. */
export const TRUST_MODES = ["trusted", "restricted"] as const;

/** A trust mode. */
export type TrustMode = (typeof TRUST_MODES)[number];

/** The 0-based line of the document whose text, without indentation, is `on`; it must be unique. */
export function lineOf(text: string, on: string): number {
  const lines = text.split(/\r\n|\r|\n/);
  const found = lines.flatMap((line, index) =>
    line.trim() === on ? [index] : [],
  );
  if (found.length !== 1) {
    throw new Error(
      `scenario data is stale: ${found.length} lines read "${on}" (exactly one must)`,
    );
  }
  return found[0]!;
}

/** Resolves a token position against the document's text (0-based line and character). */
export function resolvePosition(
  text: string,
  at: TokenPosition,
): { line: number; character: number } {
  const line = lineOf(text, at.on);
  const index = at.on.indexOf(at.token);
  if (index < 0) {
    throw new Error(
      `scenario data is stale: "${at.token}" is not in "${at.on}"`,
    );
  }
  const indent = (text.split(/\r\n|\r|\n/)[line] ?? "").indexOf(at.on);
  return {
    line,
    character: indent + index + (at.offset ?? Math.floor(at.token.length / 2)),
  };
}
