import * as fs from "node:fs";
import * as path from "node:path";
import * as oniguruma from "vscode-oniguruma";
import * as vsctm from "vscode-textmate";
import { REPO_ROOT } from "./lspClient";

/** A grammar the manifest contributes. */
export interface GrammarEntry {
  scopeName: string;
  language: string;
  /** Absolute path of the grammar file. */
  file: string;
}

/** The grammars listed in package.json's contributes.grammars (what VS Code will load). */
export function manifestGrammars(): GrammarEntry[] {
  const manifest = JSON.parse(
    fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"),
  ) as {
    contributes: {
      grammars: { scopeName: string; language: string; path: string }[];
    };
  };
  return manifest.contributes.grammars.map((g) => ({
    scopeName: g.scopeName,
    language: g.language,
    file: path.join(REPO_ROOT, g.path),
  }));
}

let onig: Promise<vsctm.IOnigLib> | undefined;

/** Oniguruma (the regex engine VS Code runs grammars with), loaded once per process. */
export function onigLib(): Promise<vsctm.IOnigLib> {
  onig ??= (async () => {
    const wasm = fs.readFileSync(
      path.join(path.dirname(require.resolve("vscode-oniguruma")), "onig.wasm"),
    );
    await oniguruma.loadWASM(
      wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength),
    );
    return {
      createOnigScanner: (patterns: string[]) =>
        new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    };
  })();
  return onig;
}

/** Loads a grammar of the manifest by scope name, as VS Code would. */
export async function loadGrammar(scopeName: string): Promise<vsctm.IGrammar> {
  const registry = new vsctm.Registry({
    onigLib: onigLib(),
    loadGrammar: async (scope) => {
      const entry = manifestGrammars().find((g) => g.scopeName === scope);
      if (!entry) {
        return null;
      }
      return vsctm.parseRawGrammar(
        fs.readFileSync(entry.file, "utf8"),
        entry.file,
      );
    },
  });
  const grammar = await registry.loadGrammar(scopeName);
  if (!grammar) {
    throw new Error(`grammar ${scopeName} could not be loaded`);
  }
  return grammar;
}

/** Tokenizes lines one after another carrying the rule stack, as the editor does. */
export function tokenizeLines(
  grammar: vsctm.IGrammar,
  lines: readonly string[],
): number {
  let stack = vsctm.INITIAL;
  let tokens = 0;
  for (const line of lines) {
    const result = grammar.tokenizeLine(line, stack);
    stack = result.ruleStack;
    tokens += result.tokens.length;
  }
  return tokens;
}
