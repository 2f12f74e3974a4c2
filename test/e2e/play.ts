import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { CATALOG } from "../../server/src/core/diagnostics/catalog";
import {
  lineOf,
  NEAR_LINES,
  resolvePosition,
  type AnnotationsScenario,
  type DiagnosticsScenario,
  type ExpectedDiagnostic,
  type HoverScenario,
  type QuickFixScenario,
  type Scenario,
} from "../scenarios/scenarios";
import { REPO_ROOT } from "../support/paths";
import { until, type PanelProblem, type Workbench } from "./workbench";

/** Where a scenario is played: its window, its folder, where its pictures go. */
export interface Stage {
  workbench: Workbench;
  folder: string;
  /** Saves a screenshot named after the scenario plus `suffix`; returns its path. */
  shoot(suffix?: string): Promise<string>;
}

/** The severity class of a squiggle, by the catalogue's default severity. */
const SQUIGGLE_OF: Record<string, string> = {
  error: "error",
  warning: "warning",
  information: "info",
  hint: "hint",
};

/** The names the status bar shows for our languages, from the manifest's aliases. */
const LANGUAGE_NAMES: ReadonlyMap<string, string> = (() => {
  const manifest = JSON.parse(
    fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"),
  ) as { contributes: { languages: { id: string; aliases?: string[] }[] } };
  return new Map(
    manifest.contributes.languages.map((language) => [
      language.id,
      language.aliases?.[0] ?? language.id,
    ]),
  );
})();

/** Plays one scenario in the browser workbench and asserts what the user sees. */
export async function playScenario(
  stage: Stage,
  scenario: Scenario,
): Promise<void> {
  const { workbench } = stage;
  await workbench.openFile(scenario.open);
  await workbench.waitForLanguage(
    LANGUAGE_NAMES.get(scenario.languageId) ?? scenario.languageId,
  );
  switch (scenario.kind) {
    case "diagnostics":
      return playDiagnostics(stage, scenario);
    case "hover":
      return playHover(stage, scenario);
    case "quickFix":
      return playQuickFix(stage, scenario);
    case "annotations":
      return playAnnotations(stage, scenario);
  }
}

/** An expected diagnostic with its line found in the document. */
interface Wanted {
  code: ExpectedDiagnostic["code"];
  line: number;
}

function locate(text: string, expected: ExpectedDiagnostic): Wanted {
  return { code: expected.code, line: lineOf(text, expected.on) };
}

function readOpened(stage: Stage, scenario: Scenario): string {
  return fs.readFileSync(path.join(stage.folder, scenario.open), "utf8");
}

function describeProblem(expected: Wanted): string {
  return `${expected.code} on line ${expected.line + 1}`;
}

function findProblem(
  problems: PanelProblem[],
  expected: Wanted,
): PanelProblem | undefined {
  return problems.find(
    (problem) =>
      problem.code === expected.code && problem.line === expected.line,
  );
}

async function waitForProblems(
  workbench: Workbench,
  expected: readonly Wanted[],
): Promise<PanelProblem[]> {
  await workbench.showProblems();
  return until(
    `the Problems panel to list ${expected.map(describeProblem).join(", ")}`,
    () => workbench.problems(),
    (problems) => expected.every((wanted) => findProblem(problems, wanted)),
    60_000,
  );
}

async function playDiagnostics(
  stage: Stage,
  scenario: DiagnosticsScenario,
): Promise<void> {
  const { workbench } = stage;
  const text = readOpened(stage, scenario);
  const wanted = scenario.expected.map((expected) => locate(text, expected));
  const problems = await waitForProblems(workbench, wanted);
  for (const expected of wanted) {
    const severity = SQUIGGLE_OF[CATALOG[expected.code].severity];
    assert.equal(
      findProblem(problems, expected)?.severity,
      severity,
      `severity of ${describeProblem(expected)} in the Problems panel`,
    );
    await workbench.goTo(expected.line, 0);
    await until(
      `a ${String(severity)} squiggle on line ${expected.line + 1} (${expected.code})`,
      () => workbench.squiggles(),
      (squiggles) =>
        squiggles.some(
          (squiggle) =>
            squiggle.line === expected.line && squiggle.severity === severity,
        ),
    );
  }
  await workbench.goTo(0, 0);
  await stage.shoot();
}

async function playHover(stage: Stage, scenario: HoverScenario): Promise<void> {
  const { workbench } = stage;
  const at = resolvePosition(readOpened(stage, scenario), scenario.at);
  await workbench.goTo(at.line, 0);
  const hover = await until(
    `the hover over ${scenario.at.token} to say ${scenario.expected.join(" and ")}`,
    () => workbench.hover(at.line, scenario.at.token),
    (shown) => scenario.expected.every((pattern) => pattern.test(shown)),
    60_000,
  );
  for (const pattern of scenario.expected) {
    assert.match(hover, pattern);
  }
  await stage.shoot();
}

async function playQuickFix(
  stage: Stage,
  scenario: QuickFixScenario,
): Promise<void> {
  const { workbench } = stage;
  const file = path.join(stage.folder, scenario.open);
  const before = fs.readFileSync(file, "utf8");
  assert.ok(
    !before.split(/\r?\n/).some((line) => scenario.inserted.test(line)),
    "the scenario's file must not hold the fix's text before the fix",
  );
  const finding = locate(before, scenario.finding);
  const problems = await waitForProblems(workbench, [finding]);
  const problem = findProblem(problems, finding);
  assert.ok(problem);
  await workbench.goTo(problem.line, problem.character);
  const titles = await until(
    `the quick-fix menu to offer ${String(scenario.fixTitle)}`,
    () => workbench.openQuickFixMenu(),
    (offered) => offered.some((title) => scenario.fixTitle.test(title)),
    60_000,
  );
  assert.ok(titles.length > 0);
  await stage.shoot("menu");
  await workbench.chooseQuickFix(scenario.fixTitle);
  await until(
    `the editor to show a line matching ${String(scenario.inserted)}`,
    () => workbench.visibleLines(),
    (lines) => [...lines.values()].some((line) => scenario.inserted.test(line)),
  );
  await workbench.save();
  const after = fs.readFileSync(file, "utf8");
  assert.ok(
    after.split(/\r?\n/).some((line) => scenario.inserted.test(line)),
    `the saved file holds a line matching ${String(scenario.inserted)}:\n${after}`,
  );
  await until(
    `${scenario.finding.code} to leave the Problems panel`,
    () => workbench.problems(),
    (shown) => !shown.some((p) => p.code === scenario.finding.code),
    60_000,
  );
  await stage.shoot();
}

async function playAnnotations(
  stage: Stage,
  scenario: AnnotationsScenario,
): Promise<void> {
  const { workbench } = stage;
  const text = readOpened(stage, scenario);
  for (const expected of scenario.expected) {
    assert.ok(
      !expected.label.test(text),
      `the file's own text must not match ${String(expected.label)}`,
    );
    const near = lineOf(text, expected.near);
    await workbench.goTo(near, 0);
    await until(
      `an annotation matching ${String(expected.label)} near line ${near + 1}`,
      () => workbench.annotatedLines(),
      (lines) =>
        lines.some(
          (line) =>
            Math.abs(line.line - near) <= NEAR_LINES &&
            expected.label.test(line.text),
        ),
      60_000,
    );
  }
  await workbench.goTo(0, 0);
  await stage.shoot();
}
