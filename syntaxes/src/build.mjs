// Writes syntaxes/cisco-ios.tmLanguage.json and syntaxes/cisco-ios-log.tmLanguage.json from the
// grammar sources next to this file, formatted as Prettier formats them.
//
//   node syntaxes/src/build.mjs          regenerate the JSON files
//   node syntaxes/src/build.mjs --check  exit 1 when a JSON file differs from its source
//
// Every regex is compiled with Oniguruma (the engine VS Code runs) before anything is written,
// so a typo fails here rather than silently in the editor.

import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as prettier from "prettier";
import ciscoIos from "./ciscoIos.mjs";
import ciscoIosLog from "./ciscoIosLog.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, "..");
const require = createRequire(import.meta.url);

const GRAMMARS = [
  { file: "cisco-ios.tmLanguage.json", grammar: ciscoIos },
  { file: "cisco-ios-log.tmLanguage.json", grammar: ciscoIosLog },
];

/** Yields [path, regex] for every match/begin/end/while regex of a grammar. */
function* regexes(node, path) {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      yield* regexes(node[i], `${path}[${i}]`);
    }
    return;
  }
  if (node === null || typeof node !== "object") {
    return;
  }
  for (const [key, value] of Object.entries(node)) {
    if (
      ["match", "begin", "end", "while"].includes(key) &&
      typeof value === "string"
    ) {
      yield [`${path}.${key}`, value];
    } else {
      yield* regexes(value, `${path}.${key}`);
    }
  }
}

/**
 * Compiles every regex with vscode-oniguruma and throws on the first that does not compile.
 * vscode-oniguruma does not report a bad pattern: the scanner then matches the empty string at
 * any position. No pattern of ours does that on both probes below, so doing it means a typo.
 */
async function validate(name, grammar) {
  const onig = require("vscode-oniguruma");
  const wasm = readFileSync(
    require.resolve("vscode-oniguruma/release/onig.wasm"),
  );
  await onig.loadWASM(
    wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength),
  );
  const emptyAt = (scanner, text, position) => {
    const match = scanner.findNextMatchSync(text, position);
    return (
      match !== null &&
      match.captureIndices[0].start === position &&
      match.captureIndices[0].length === 0
    );
  };
  for (const [path, source] of regexes(grammar, name)) {
    if (source === "$") {
      continue;
    }
    // End patterns may hold back-references to begin captures; VS Code substitutes them first.
    const compilable = source.replace(/\\[1-9]/g, "x");
    const scanner = new onig.OnigScanner([compilable]);
    const broken = emptyAt(scanner, "", 0) && emptyAt(scanner, "\u0001~~~~", 2);
    scanner.dispose();
    if (broken) {
      throw new Error(`${path} does not compile:\n  ${source}`);
    }
  }
}

let stale = false;
const check = process.argv.includes("--check");
for (const { file, grammar } of GRAMMARS) {
  await validate(file, grammar);
  const target = join(outDir, file);
  const text = await prettier.format(JSON.stringify(grammar), {
    parser: "json",
    filepath: target,
  });
  let current = "";
  try {
    current = readFileSync(target, "utf8");
  } catch {
    current = "";
  }
  if (current === text) {
    continue;
  }
  if (check) {
    stale = true;
    process.stderr.write(
      `${file} is out of date: run npm run build:grammars\n`,
    );
  } else {
    writeFileSync(target, text);
    process.stdout.write(`wrote syntaxes/${file}\n`);
  }
}
process.exitCode = stale ? 1 : 0;
