import {
  CHOICE_TABLES,
  CRYPTO_COMMANDS,
  SECTION_HEADS,
  type ChoiceValue,
  type CommandContext,
  type CommandSpec,
} from "../knowledge/cryptoCommands";
import type { ObjectKind } from "./model";
import type { ConfigNode } from "./tree";

/**
 * Matches the words of a line against the command table of knowledge/cryptoCommands.ts. Lines can
 * be ambiguous while typed (an optional mask, a repeated name), so matching runs all paths at
 * once, as a small automaton, and keeps every state that survives the words.
 */

/** One element of a compiled syntax. */
export type SyntaxElement =
  | {
      type: "keyword";
      word: string;
      aliases: readonly string[];
      optional: boolean;
    }
  /** `<label>`; `<label...>` takes every word to the end of the line (a description, a remark). */
  | { type: "value"; label: string; repeat: boolean; optional: boolean }
  | { type: "name"; kind: ObjectKind; repeat: boolean; optional: boolean }
  | {
      type: "choice";
      table: string;
      values: readonly ChoiceValue[];
      repeat: boolean;
      optional: boolean;
    };

/** A command with its syntax compiled. */
export interface CompiledCommand extends CommandSpec {
  elements: readonly SyntaxElement[];
}

/** A place the matcher can stand after some words. */
export interface MatchState {
  /** The element the next word is matched against. */
  element: number;
  /** For a multi-word choice value begun but not finished: the words still expected. */
  pending?: readonly (readonly string[])[];
  /** True when the current (repeatable) element has taken at least one word. */
  satisfied?: boolean;
  /** The element each word matched, in order. */
  assignment: readonly number[];
}

const ELEMENT =
  /^(?:<([^>]+)>|\{([a-z0-9-]+?)(\.\.\.)?\}|\(([a-z0-9-]+?)(\.\.\.)?\)|([^\s?]+))(\?)?$/;

/** Compiles one syntax string; unknown tables compile to empty choices (a table bug must not throw). */
export function compileSyntax(syntax: string): SyntaxElement[] {
  const out: SyntaxElement[] = [];
  for (const part of syntax.split(" ")) {
    const m = ELEMENT.exec(part);
    if (!m) {
      continue;
    }
    const optional = m[7] === "?";
    if (m[1] !== undefined) {
      const repeat = m[1].endsWith("...");
      out.push({
        type: "value",
        label: repeat ? m[1].slice(0, -3) : m[1],
        repeat,
        optional,
      });
    } else if (m[2] !== undefined) {
      out.push({
        type: "name",
        kind: m[2] as ObjectKind,
        repeat: !!m[3],
        optional,
      });
    } else if (m[4] !== undefined) {
      out.push({
        type: "choice",
        table: m[4],
        values: CHOICE_TABLES[m[4]] ?? [],
        repeat: !!m[5],
        optional,
      });
    } else if (m[6] !== undefined) {
      const [word = "", ...aliases] = m[6].split("|");
      out.push({ type: "keyword", word, aliases, optional });
    }
  }
  return out;
}

/** Every command, compiled once. */
export const COMPILED_COMMANDS: readonly CompiledCommand[] =
  CRYPTO_COMMANDS.map((c) => ({ ...c, elements: compileSyntax(c.syntax) }));

/** The commands of one mode. */
export function commandsOf(context: CommandContext): CompiledCommand[] {
  return COMPILED_COMMANDS.filter((c) => c.context === context);
}

/** The mode a section head opens, if it is one we know. */
export function sectionContext(head: ConfigNode): CommandContext | undefined {
  const words = head.words.map((t) => t.text.toLowerCase());
  let best: (typeof SECTION_HEADS)[number] | undefined;
  for (const h of SECTION_HEADS) {
    if (
      words.length >= h.minWords &&
      h.keywords.every((k, i) => words[i] === k) &&
      (!best || h.keywords.length > best.keywords.length) &&
      (!h.within ||
        (head.parent !== undefined && sectionContext(head.parent) === h.within))
    ) {
      best = h;
    }
  }
  if (best?.context === "crypto-map" && words[3] === "local-address") {
    return undefined;
  }
  return best?.context;
}

/** The mode a node's line is in: its parent's mode, or the top level. */
export function contextOf(node: ConfigNode): CommandContext | undefined {
  return node.parent ? sectionContext(node.parent) : "top";
}

function isKeyword(element: SyntaxElement, word: string): boolean {
  return (
    element.type === "keyword" &&
    (element.word === word || element.aliases.includes(word))
  );
}

/** Adds the states reachable without a word: past optional elements and satisfied repeats. */
function closure(
  elements: readonly SyntaxElement[],
  state: MatchState,
  out: MatchState[],
): void {
  out.push(state);
  if (state.pending) {
    return;
  }
  const element = elements[state.element];
  if (element && (element.optional || state.satisfied)) {
    closure(
      elements,
      { element: state.element + 1, assignment: state.assignment },
      out,
    );
  }
}

function step(
  elements: readonly SyntaxElement[],
  state: MatchState,
  word: string,
  out: MatchState[],
): void {
  const assignment = [...state.assignment, state.element];
  const element = elements[state.element];
  if (!element) {
    return;
  }
  const repeat = element.type !== "keyword" && element.repeat;
  const advance = (): void => {
    closure(elements, { element: state.element + 1, assignment }, out);
    if (repeat) {
      out.push({ element: state.element, satisfied: true, assignment });
    }
  };
  if (state.pending) {
    const rests = state.pending
      .filter((rest) => rest[0] === word)
      .map((rest) => rest.slice(1));
    if (rests.some((r) => r.length === 0)) {
      advance();
    }
    const unfinished = rests.filter((r) => r.length > 0);
    if (unfinished.length) {
      out.push({ element: state.element, pending: unfinished, assignment });
    }
    return;
  }
  switch (element.type) {
    case "keyword":
      if (isKeyword(element, word)) {
        advance();
      }
      return;
    case "value":
    case "name":
      advance();
      return;
    case "choice": {
      const rests = element.values
        .map((v) => v.value.split(" "))
        .filter((words) => words[0] === word)
        .map((words) => words.slice(1));
      if (rests.some((r) => r.length === 0)) {
        advance();
      }
      const unfinished = rests.filter((r) => r.length > 0);
      if (unfinished.length) {
        out.push({ element: state.element, pending: unfinished, assignment });
      }
      return;
    }
  }
}

/** Longest a line may be for matching; longer lines are not commands of this table. */
const MAX_WORDS = 32;

/** The states after matching words (lower-case) from the start of a command; empty when they do not fit. */
export function matchWords(
  command: CompiledCommand,
  words: readonly string[],
): MatchState[] {
  let states: MatchState[] = [];
  closure(command.elements, { element: 0, assignment: [] }, states);
  const limit = Math.min(words.length, MAX_WORDS);
  for (let i = 0; i < limit && states.length; i++) {
    const next: MatchState[] = [];
    for (const s of states) {
      step(command.elements, s, words[i]!, next);
    }
    states = dedupe(next);
  }
  return words.length > MAX_WORDS ? [] : states;
}

function dedupe(states: MatchState[]): MatchState[] {
  const seen = new Set<string>();
  const out: MatchState[] = [];
  for (const s of states) {
    const key = `${s.element}|${s.satisfied ? 1 : 0}|${s.pending?.map((p) => p.join(" ")).join(",") ?? ""}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(s);
    }
  }
  return out;
}

/**
 * The command of a mode that explains a line best: the one that matches the most leading words;
 * between two that match as far, the one that takes more of them as keywords (`crypto isakmp key
 * K address ipv6 X/LEN` is the IPv6 key, though `ipv6` would fit the IPv4 form's address).
 */
export function explainLine(
  context: CommandContext,
  words: readonly string[],
):
  | { command: CompiledCommand; matched: number; assignment: readonly number[] }
  | undefined {
  let best:
    | {
        command: CompiledCommand;
        matched: number;
        complete: boolean;
        keywords: number;
        assignment: readonly number[];
      }
    | undefined;
  let tied = false;
  for (const command of commandsOf(context)) {
    // Find the longest prefix of the words the command accepts.
    let states: MatchState[] = [];
    closure(command.elements, { element: 0, assignment: [] }, states);
    let matched = 0;
    let assignment: readonly number[] = [];
    for (let i = 0; i < Math.min(words.length, MAX_WORDS); i++) {
      const next: MatchState[] = [];
      for (const s of states) {
        step(command.elements, s, words[i]!, next);
      }
      if (!next.length) {
        break;
      }
      states = dedupe(next);
      matched = i + 1;
      assignment = states[0]!.assignment;
    }
    // A command explains a line only when all its leading keywords matched; an optional one
    // (`log` of `pass log?`) may be left out.
    const firstValue = command.elements.findIndex(
      (e) => e.type !== "keyword" || e.optional,
    );
    const needed = firstValue < 0 ? command.elements.length : firstValue;
    if (matched === 0 || matched < needed) {
      continue;
    }
    const complete =
      matched === words.length &&
      states.some((s) => !s.pending && s.element >= command.elements.length);
    const keywords = assignment.filter(
      (e) => command.elements[e]?.type === "keyword",
    ).length;
    if (
      !best ||
      matched > best.matched ||
      (matched === best.matched && complete && !best.complete) ||
      (matched === best.matched &&
        complete === best.complete &&
        keywords > best.keywords)
    ) {
      best = { command, matched, complete, keywords, assignment };
      tied = false;
    } else if (
      matched === best.matched &&
      complete === best.complete &&
      keywords === best.keywords
    ) {
      tied = true;
    }
  }
  // Two commands that fit equally far and neither to the end: the line is neither of them.
  if (tied && best && !best.complete) {
    return undefined;
  }
  return (
    best && {
      command: best.command,
      matched: best.matched,
      assignment: best.assignment,
    }
  );
}
