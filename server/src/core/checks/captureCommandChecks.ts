import {
  asConfigLines,
  modeHeaders,
  sameKeywords,
} from "../capture/configModes";
import type { CaptureModel, PromptLine } from "../capture/model";
import type { Finding, Fix, RelatedInfo } from "../diagnostics/finding";
import {
  ikev2ValueProblem,
  type Ikev2ProposalAttribute,
} from "../knowledge/ikev2ProposalValues";
import { policyValueProblem } from "../knowledge/isakmpAttributes";
import { iosTransformSpelling } from "../knowledge/transforms";
import type { IsakmpAttributes } from "../config/model";
import { lineRange, type Range } from "../text/position";
import type { CaptureCheck, CheckContext } from "./check";
import { parseConfig } from "../config/parser";
import { maskText, secretValues } from "../diagnostics/secretMasking";

/**
 * Configuration commands a console session shows the router refusing (`% Invalid input detected
 * at '^' marker.`, `% Incomplete command.`, `% Ambiguous command`, a crypto map entry naming a
 * transform set that does not exist), as `log-command-rejected`: what was typed is not in the
 * running config, so the tunnel the engineer is building lacks it. Where the refused word is
 * another platform's spelling of an IOS keyword (`aes-256`, `esp-aes-256`), the finding names
 * the IOS form. Exec commands (a mistyped `show`) are left alone: they change nothing.
 */

/** How far below a command IOS prints its refusal (the caret line, then the message). */
const REPLY_LINES = 4;

type Refusal =
  | { kind: "invalid"; caret?: number; messageLine: number }
  | { kind: "incomplete"; messageLine: number }
  | { kind: "ambiguous"; messageLine: number }
  | { kind: "no-transform-set"; name: string; messageLine: number }
  | { kind: "no-domain"; messageLine: number };

const REFUSALS: readonly {
  pattern: RegExp;
  make: (m: RegExpExecArray, line: number) => Refusal;
}[] = [
  {
    pattern: /^% Invalid input detected at '\^' marker/,
    make: (_m, line) => ({ kind: "invalid", messageLine: line }),
  },
  {
    pattern: /^% Incomplete command/,
    make: (_m, line) => ({ kind: "incomplete", messageLine: line }),
  },
  {
    pattern: /^% Ambiguous command/,
    make: (_m, line) => ({ kind: "ambiguous", messageLine: line }),
  },
  {
    // `crypto key generate rsa` names the key pair HOSTNAME.DOMAIN.
    pattern: /^% Please define a domain-name first/,
    make: (_m, line) => ({ kind: "no-domain", messageLine: line }),
  },
  {
    pattern: /^ERROR: transform set with tag "([^"]{1,64})" does not exist/,
    make: (m, line) => ({
      kind: "no-transform-set",
      name: m[1]!,
      messageLine: line,
    }),
  },
];

/** The ISAKMP policy attributes, as `crypto isakmp policy` mode takes them (abbreviated or not). */
const POLICY_WORDS: readonly (keyof IsakmpAttributes)[] = [
  "encryption",
  "hash",
  "authentication",
  "group",
  "lifetime",
];

/** The refusal IOS printed below the command of `prompt`, if any. */
function refusalAfter(
  model: CaptureModel,
  prompt: PromptLine,
  nextPromptLine: number,
): Refusal | undefined {
  const end = Math.min(
    nextPromptLine,
    prompt.line + 1 + REPLY_LINES,
    model.lines.length,
  );
  let caret: number | undefined;
  for (let line = prompt.line + 1; line < end; line++) {
    const text = model.lines[line]!;
    if (caret === undefined && /^\s*\^\s*$/.test(text)) {
      caret = text.indexOf("^");
      continue;
    }
    const trimmed = text.trim();
    for (const { pattern, make } of REFUSALS) {
      const m = pattern.exec(trimmed);
      if (m) {
        const refusal = make(m, line);
        return refusal.kind === "invalid" ? { ...refusal, caret } : refusal;
      }
    }
  }
  return undefined;
}

/** The word of the prompt line that the caret points at, with its range. */
function wordAt(
  model: CaptureModel,
  prompt: PromptLine,
  column: number,
): { text: string; range: Range } | undefined {
  const text = model.lines[prompt.line]!;
  if (column < prompt.commandStart || column >= text.length) {
    return undefined;
  }
  let start = column;
  while (start > prompt.commandStart && !/\s/.test(text[start - 1]!)) {
    start--;
  }
  let end = column;
  while (end < text.length && !/\s/.test(text[end]!)) {
    end++;
  }
  return end > start
    ? {
        text: text.slice(start, end),
        range: lineRange(prompt.line, start, end),
      }
    : undefined;
}

/**
 * The configuration modes whose lines set one attribute from a list of values, with the judge of
 * those values (the config checks' own): `crypto isakmp policy` and `crypto ikev2 proposal`.
 */
const VALUE_MODES: Readonly<
  Record<
    string,
    {
      attributes: readonly string[];
      judge: (
        attribute: string,
        values: readonly string[],
      ) => { meant?: string; accepted: string } | undefined;
    }
  >
> = {
  "config-isakmp": {
    attributes: POLICY_WORDS,
    judge: (a, v) => policyValueProblem(a as keyof IsakmpAttributes, v),
  },
  "config-ikev2-proposal": {
    attributes: ["encryption", "integrity", "prf", "group"],
    judge: (a, v) => ikev2ValueProblem(a as Ikev2ProposalAttribute, v),
  },
};

/** What IOS would have taken instead of a refused command, when the refused word is a known misspelling. */
function iosSpelling(
  command: string,
  mode: string | undefined,
): { command: string; problem?: { accepted: string } } | undefined {
  const words = command.split(/\s+/);
  const values =
    mode !== undefined && Object.hasOwn(VALUE_MODES, mode)
      ? VALUE_MODES[mode]
      : undefined;
  if (values && words.length > 1) {
    const typed = words[0]!.toLowerCase();
    const attribute = values.attributes.find(
      (a) => typed.length >= 2 && a.startsWith(typed),
    );
    const problem = attribute
      ? values.judge(
          attribute,
          words.slice(1).map((w) => w.toLowerCase()),
        )
      : undefined;
    return problem?.meant
      ? { command: `${words[0]} ${problem.meant}`, problem }
      : problem
        ? { command: "", problem }
        : undefined;
  }
  const set = /^crypto ipsec transform-set (\S+) (.+)$/i.exec(command);
  if (set) {
    const transforms = set[2]!.split(/\s+/);
    const written = transforms.map((t) => iosTransformSpelling(t) ?? t);
    return written.some((w, i) => w !== transforms[i])
      ? {
          command: `crypto ipsec transform-set ${set[1]} ${written.join(" ")}`,
        }
      : undefined;
  }
  return undefined;
}

/**
 * True when the next command, in the same mode of the same router, is the refused one typed
 * again and taken (`set p 10.0.0.1` refused as ambiguous, then `set peer 10.0.0.1`): the usual
 * typo at a console, already mended.
 */
function retypedAfter(
  model: CaptureModel,
  prompts: readonly PromptLine[],
  i: number,
): boolean {
  const prompt = prompts[i]!;
  const next = prompts[i + 1];
  if (
    !next?.command ||
    next.hostname !== prompt.hostname ||
    next.mode !== prompt.mode ||
    !sameKeywords(next.command, prompt.command)
  ) {
    return false;
  }
  return !refusalAfter(model, next, prompts[i + 2]?.line ?? model.lines.length);
}

function rejectedCommands(model: CaptureModel, reveal: boolean): Finding[] {
  const out: Finding[] = [];
  const allHeaders = modeHeaders(model);
  /** Refused transform set definitions, by router and name: the crypto map entry that names one explains itself. */
  const refusedSets = new Map<string, { line: number; written?: string }>();
  const prompts = model.prompts;
  for (let i = 0; i < prompts.length; i++) {
    const prompt = prompts[i]!;
    const headers = allHeaders[i]!;
    const header = headers[headers.length - 1];
    if (!prompt.command || !prompt.mode?.startsWith("config")) {
      continue;
    }
    const refusal = refusalAfter(
      model,
      prompt,
      prompts[i + 1]?.line ?? model.lines.length,
    );
    if (!refusal || retypedAfter(model, prompts, i)) {
      continue;
    }
    const text = model.lines[prompt.line]!;
    const commandRange = lineRange(
      prompt.line,
      prompt.commandStart,
      text.trimEnd().length,
    );
    const word =
      refusal.kind === "invalid" && refusal.caret !== undefined
        ? wordAt(model, prompt, refusal.caret)
        : undefined;
    const where = header ? ` (in \`${header}\`)` : "";
    const who = prompt.hostname;
    const typed = `\`${prompt.command}\``;
    const related: RelatedInfo[] = [
      {
        range: lineRange(
          refusal.messageLine,
          0,
          model.lines[refusal.messageLine]!.length,
        ),
        message: "the router's refusal",
      },
    ];
    const fixes: Fix[] = [];
    let message: string;
    const setMatch = /^crypto ipsec transform-set (\S+)/i.exec(prompt.command);
    if (setMatch) {
      refusedSets.set(`${who}|${setMatch[1]}`, {
        line: prompt.line,
        written: iosSpelling(prompt.command, prompt.mode)?.command,
      });
    }
    if (refusal.kind === "no-domain") {
      message = `${who} refused ${typed}${where}: IOS names an RSA key pair after the host name and the domain, and the router has no \`ip domain-name\`, so no key pair exists. Certificate enrollment and \`authentication rsa-sig\` fail (and SSH has no key) until one does: type \`ip domain-name <domain>\` first, then the command again.`;
      fixes.push({
        title: "Set a domain name, then generate the keys",
        edits: [],
        cli: ["ip domain-name <domain>", prompt.command],
      });
    } else if (refusal.kind === "no-transform-set") {
      const refused = refusedSets.get(`${who}|${refusal.name}`);
      if (refused) {
        related.push({
          range: lineRange(refused.line, 0, model.lines[refused.line]!.length),
          message: `transform set ${refusal.name}, refused here`,
        });
        if (refused.written && header) {
          fixes.push({
            title: `Define transform set ${refusal.name} as IOS spells it, then name it`,
            edits: [],
            isPreferred: true,
            cli: [
              refused.written,
              ...asConfigLines(headers, prompt.command).text.split("\n"),
            ],
          });
        }
      }
      message = `${who} refused ${typed}${where}: no transform set ${refusal.name} exists${refused ? ` (its definition on line ${refused.line + 1} was refused)` : ""}, so the entry has no transform set: it stays incomplete and negotiates no IPsec SA. Define the transform set first, then name it again.`;
    } else if (refusal.kind === "incomplete") {
      message = `${who} refused ${typed}${where}: the command is incomplete (IOS expects more words; \`?\` after it lists them), so the running config does not have it.`;
    } else if (refusal.kind === "ambiguous") {
      message = `${who} refused ${typed}${where}: an abbreviation in it matches several keywords, so IOS ran nothing. Type more letters of the keyword.`;
    } else {
      const spelling = iosSpelling(prompt.command, prompt.mode);
      const marked = word ? ` at \`${word.text}\` (the caret marks it)` : "";
      const hint = spelling?.command
        ? ` IOS spells it \`${spelling.command}\`.`
        : spelling?.problem
          ? ` IOS takes ${spelling.problem.accepted} there.`
          : " The word is a typo or a keyword this release does not have (`?` lists the ones it takes).";
      message = `${who} refused ${typed}${where}${marked}, so the running config does not have it${prompt.mode === "config-isakmp" ? " and the policy keeps that attribute's previous value (the default unless set before)" : prompt.mode === "config-ikev2-proposal" ? " and the proposal lacks what it lists (a proposal without encryption, integrity or group is not used)" : ""}.${hint}`;
      if (spelling?.command) {
        fixes.push({
          title: `Type \`${spelling.command}\``,
          edits: [],
          isPreferred: true,
          cli: asConfigLines(headers, spelling.command).text.split("\n"),
        });
      }
    }
    const finding: Finding = {
      code: "log-command-rejected",
      range: word?.range ?? commandRange,
      message,
      related,
      ...(fixes.length ? { fixes } : {}),
    };
    out.push(reveal ? finding : masked(finding, headers, prompt.command));
  }
  return out;
}

/**
 * The finding with the secrets of the command it quotes masked (a refused `crypto isakmp key`
 * line holds the key in clear): the command is read as the config line it stands for, whose
 * parse knows where keys and passwords sit, typos around them included.
 */
function masked(
  finding: Finding,
  headers: readonly string[],
  command: string,
): Finding {
  const secrets = secretValues([
    parseConfig(asConfigLines(headers, command).text),
  ]);
  if (!secrets.size) {
    return finding;
  }
  const mask = (text: string) => maskText(text, secrets);
  return {
    ...finding,
    message: mask(finding.message),
    fixes: finding.fixes?.map((f) => ({
      ...f,
      title: mask(f.title),
      cli: f.cli?.map(mask),
    })),
  };
}

/** The console-session check family. */
export const captureCommandChecks: CaptureCheck = {
  id: "captureCommandChecks",
  run(model: CaptureModel, ctx: CheckContext): Finding[] {
    return model.prompts.length
      ? rejectedCommands(model, ctx.settings.revealSecrets)
      : [];
  },
};
