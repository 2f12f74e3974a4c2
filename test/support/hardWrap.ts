import * as fs from "node:fs";

/**
 * What a terminal `width` columns wide that does not remember its wraps (a console server's log,
 * a copy from such a terminal) makes of a capture: every line longer than the width cut at
 * exactly that column, wherever it falls, and the rest continued at the first column of the next
 * line. A line of exactly the width stays one line. Line endings are kept.
 *
 * Run it to make a fixture: `npx tsx --tsconfig test/tsconfig.tsx.json test/support/hardWrap.ts
 * FILE [WIDTH]` prints FILE hard-wrapped (at 80 columns by default).
 */
export function hardWrap(text: string, width: number): string {
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  return text
    .split(/\r\n|\n/)
    .map((line) => {
      const parts: string[] = [];
      for (let at = 0; at < line.length; at += width) {
        parts.push(line.slice(at, at + width));
      }
      return parts.length ? parts.join(eol) : line;
    })
    .join(eol);
}

if (require.main === module) {
  const [file, width] = process.argv.slice(2);
  if (!file) {
    process.stderr.write("usage: hardWrap.ts FILE [WIDTH]\n");
    process.exit(2);
  }
  process.stdout.write(
    hardWrap(fs.readFileSync(file, "utf8"), Number(width ?? 80)),
  );
}
