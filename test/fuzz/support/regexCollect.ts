import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";

/** A regular expression found in the sources, with where it is written. */
export interface FoundRegex {
  source: string;
  flags: string;
  /** `file:line` relative to the repository. */
  where: string;
}

/** Every .ts file under a folder. */
export function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      out.push(...tsFiles(p));
    } else if (entry.name.endsWith(".ts")) {
      out.push(p);
    }
  }
  return out.sort();
}

/**
 * Regex literals and `new RegExp("...")` / `RegExp("...")` with literal arguments, read with the
 * TypeScript parser (a text search would trip over `/` in comments and division).
 */
export function collectRegexes(
  files: readonly string[],
  root: string,
): FoundRegex[] {
  const out: FoundRegex[] = [];
  for (const file of files) {
    const text = fs.readFileSync(file, "utf8");
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
    const where = (node: ts.Node): string =>
      `${path.relative(root, file)}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`;
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const literal = (node as ts.RegularExpressionLiteral).text;
        const end = literal.lastIndexOf("/");
        out.push({
          source: literal.slice(1, end),
          flags: literal.slice(end + 1),
          where: where(node),
        });
      } else if (
        (ts.isNewExpression(node) || ts.isCallExpression(node)) &&
        ts.isIdentifier(node.expression) &&
        node.expression.text === "RegExp"
      ) {
        const [pattern, flags] = node.arguments ?? [];
        if (pattern && ts.isStringLiteralLike(pattern)) {
          out.push({
            source: pattern.text,
            flags: flags && ts.isStringLiteralLike(flags) ? flags.text : "",
            where: where(node),
          });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return out;
}
