import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import { CATALOG } from "../../../server/src/core/diagnostics/catalog";
import {
  lineOf,
  NEAR_LINES,
  resolvePosition,
  SCENARIOS,
  type AnnotationsScenario,
  type Code,
  type DiagnosticsScenario,
  type HoverScenario,
  type QuickFixScenario,
  type Scenario,
  type TrustMode,
} from "../../scenarios/scenarios";
import { prepareWorkspace } from "../../scenarios/workspace";

/**
 * The shared scenarios played through the VS Code API in desktop VS Code: what the browser suite
 * reads on screen, read here from the editor's own state (diagnostics, hover and code action
 * providers, inlay hints and code lenses).
 */

/** How long a condition may take (the language server starts with the first document). */
const TIMEOUT = 30_000;

/** Declares one mocha test per scenario (mocha's BDD globals must be installed). */
export function defineScenarioTests(repoRoot: string, mode: TrustMode): void {
  describe(`IPsec Lens in desktop VS Code (${mode})`, function () {
    this.timeout(120_000);
    let root: string;

    before(function () {
      const folder = vscode.workspace.workspaceFolders?.[0];
      assert.ok(folder, "VS Code was opened on a workspace folder");
      root = folder.uri.fsPath;
      assert.equal(
        vscode.workspace.isTrusted,
        mode === "trusted",
        `the workspace is ${mode === "trusted" ? "trusted" : "in Restricted Mode"}`,
      );
    });

    afterEach(async function () {
      await vscode.commands.executeCommand("workbench.action.closeAllEditors");
    });

    for (const scenario of SCENARIOS) {
      it(scenario.title, async function () {
        // Each scenario gets its own subfolder of the workspace, so a quick fix edits a copy.
        const folder = prepareWorkspace(repoRoot, scenario, root);
        const document = await openScenario(folder, scenario);
        await play(document, scenario);
      });
    }
  });
}

async function play(
  document: vscode.TextDocument,
  scenario: Scenario,
): Promise<void> {
  switch (scenario.kind) {
    case "diagnostics":
      return playDiagnostics(document, scenario);
    case "hover":
      return playHover(document, scenario);
    case "quickFix":
      return playQuickFix(document, scenario);
    case "annotations":
      return playAnnotations(document, scenario);
  }
}

/**
 * Re-checks `probe` whenever one of `events` fires (and every 250 ms, for answers that have no
 * event, such as a hover from a server still starting) until `accept` holds.
 */
async function eventually<T>(
  what: string,
  probe: () => T | Thenable<T>,
  accept: (value: T) => boolean,
  events: vscode.Event<unknown>[] = [],
  timeout = TIMEOUT,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let last: T | undefined;
    let settled = false;
    const subscriptions: vscode.Disposable[] = [];
    const finish = (error?: Error, value?: T): void => {
      if (settled) {
        return;
      }
      settled = true;
      clearInterval(interval);
      clearTimeout(timer);
      subscriptions.forEach((subscription) => subscription.dispose());
      if (error) {
        reject(error);
      } else {
        resolve(value as T);
      }
    };
    const check = async (): Promise<void> => {
      try {
        const value = await probe();
        last = value;
        if (accept(value)) {
          finish(undefined, value);
        }
      } catch (error) {
        finish(error instanceof Error ? error : new Error(String(error)));
      }
    };
    for (const event of events) {
      subscriptions.push(event(() => void check()));
    }
    const interval = setInterval(() => void check(), 250);
    const timer = setTimeout(
      () =>
        finish(
          new Error(
            `timed out waiting for ${what}; last seen: ${JSON.stringify(last, null, 1)}`,
          ),
        ),
      timeout,
    );
    void check();
  });
}

/** Opens the scenario's file in an editor and waits for the expected language. */
async function openScenario(
  folder: string,
  scenario: Scenario,
): Promise<vscode.TextDocument> {
  const uri = vscode.Uri.file(path.join(folder, scenario.open));
  await vscode.window.showTextDocument(
    await vscode.workspace.openTextDocument(uri),
  );
  // Detection replaces the document of a .txt file with one in our language.
  return eventually(
    `${scenario.open} to open as ${scenario.languageId}`,
    () =>
      vscode.workspace.textDocuments.find(
        (document) =>
          document.uri.toString() === uri.toString() &&
          document.languageId === scenario.languageId,
      ),
    (document) => document !== undefined,
    [
      vscode.workspace.onDidOpenTextDocument,
      vscode.window.onDidChangeActiveTextEditor,
    ],
  ) as Promise<vscode.TextDocument>;
}

/** The code of a diagnostic as a string, whether or not it carries a docs link. */
function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === "object" ? String(code.value) : String(code ?? "");
}

async function waitForDiagnostic(
  uri: vscode.Uri,
  code: Code,
  line: number,
): Promise<vscode.Diagnostic> {
  const found = await eventually(
    `${code} on line ${line + 1}`,
    () =>
      vscode.languages
        .getDiagnostics(uri)
        .find((d) => codeOf(d) === code && d.range.start.line === line),
    (diagnostic) => diagnostic !== undefined,
    [vscode.languages.onDidChangeDiagnostics],
  );
  return found as vscode.Diagnostic;
}

/** The catalogue's default severities as VS Code's. */
const SEVERITY: Record<string, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

async function playDiagnostics(
  document: vscode.TextDocument,
  scenario: DiagnosticsScenario,
): Promise<void> {
  const text = document.getText();
  for (const expected of scenario.expected) {
    const diagnostic = await waitForDiagnostic(
      document.uri,
      expected.code,
      lineOf(text, expected.on),
    );
    assert.equal(
      diagnostic.severity,
      SEVERITY[CATALOG[expected.code].severity],
    );
  }
}

async function playHover(
  document: vscode.TextDocument,
  scenario: HoverScenario,
): Promise<void> {
  const at = resolvePosition(document.getText(), scenario.at);
  const text = await eventually(
    `the hover over ${scenario.at.token}`,
    async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        "vscode.executeHoverProvider",
        document.uri,
        new vscode.Position(at.line, at.character),
      );
      return hovers
        .flatMap((hover) => hover.contents)
        .map((content) =>
          typeof content === "string" ? content : content.value,
        )
        .join("\n");
    },
    (shown) => scenario.expected.every((pattern) => pattern.test(shown)),
  );
  for (const pattern of scenario.expected) {
    assert.match(text, pattern);
  }
}

async function playQuickFix(
  document: vscode.TextDocument,
  scenario: QuickFixScenario,
): Promise<void> {
  const matches = (text: string): boolean =>
    text.split(/\r?\n/).some((line) => scenario.inserted.test(line));
  assert.ok(!matches(document.getText()), "the fix's text is not there before");
  const line = lineOf(document.getText(), scenario.finding.on);
  const diagnostic = await waitForDiagnostic(
    document.uri,
    scenario.finding.code,
    line,
  );
  const actions = await eventually(
    `a quick fix titled ${String(scenario.fixTitle)}`,
    () =>
      vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
        "vscode.executeCodeActionProvider",
        document.uri,
        diagnostic.range,
        vscode.CodeActionKind.QuickFix.value,
      ),
    (offered) => offered.some((action) => scenario.fixTitle.test(action.title)),
  );
  const action = actions.find((candidate) =>
    scenario.fixTitle.test(candidate.title),
  );
  assert.ok(action);
  if ("edit" in action && action.edit) {
    assert.ok(
      await vscode.workspace.applyEdit(action.edit),
      "the edit applies",
    );
  }
  const command = "command" in action ? action.command : undefined;
  if (typeof command === "string") {
    const plain = action as vscode.Command;
    await vscode.commands.executeCommand(
      plain.command,
      ...(plain.arguments ?? []),
    );
  } else if (command) {
    await vscode.commands.executeCommand(
      command.command,
      ...(command.arguments ?? []),
    );
  }
  await eventually(
    `a line matching ${String(scenario.inserted)}`,
    () => document.getText(),
    matches,
    [vscode.workspace.onDidChangeTextDocument],
  );
  await document.save();
  assert.ok(
    matches(fs.readFileSync(document.uri.fsPath, "utf8")),
    "the saved file",
  );
  await eventually(
    `${scenario.finding.code} to go away`,
    () =>
      vscode.languages
        .getDiagnostics(document.uri)
        .filter((d) => codeOf(d) === scenario.finding.code),
    (left) => left.length === 0,
    [vscode.languages.onDidChangeDiagnostics],
  );
}

async function playAnnotations(
  document: vscode.TextDocument,
  scenario: AnnotationsScenario,
): Promise<void> {
  const text = document.getText();
  const wanted = scenario.expected.map((expected) => {
    assert.ok(
      !expected.label.test(text),
      `the file's own text matches ${String(expected.label)}`,
    );
    return { line: lineOf(text, expected.near), label: expected.label };
  });
  const shown = await eventually(
    `annotations ${wanted.map((w) => `${String(w.label)} near line ${w.line + 1}`).join(", ")}`,
    async () => {
      const whole = new vscode.Range(0, 0, document.lineCount, 0);
      const hints =
        (await vscode.commands.executeCommand<vscode.InlayHint[]>(
          "vscode.executeInlayHintProvider",
          document.uri,
          whole,
        )) ?? [];
      const lenses =
        (await vscode.commands.executeCommand<vscode.CodeLens[]>(
          "vscode.executeCodeLensProvider",
          document.uri,
          100,
        )) ?? [];
      return [
        ...hints.map((hint) => ({
          line: hint.position.line,
          label:
            typeof hint.label === "string"
              ? hint.label
              : hint.label.map((part) => part.value).join(""),
        })),
        ...lenses.map((lens) => ({
          line: lens.range.start.line,
          label: lens.command?.title ?? "",
        })),
      ];
    },
    (found) =>
      wanted.every((w) =>
        found.some(
          (annotation) =>
            Math.abs(annotation.line - w.line) <= NEAR_LINES &&
            w.label.test(annotation.label),
        ),
      ),
  );
  assert.ok(shown.length >= wanted.length);
}
