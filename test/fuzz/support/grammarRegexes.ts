import * as fs from "node:fs";
import * as path from "node:path";
import type { FoundRegex } from "./regexCollect";

/** Keys of a TextMate grammar rule whose values are Oniguruma patterns. */
const PATTERN_KEYS = new Set(["match", "begin", "end", "while"]);

/**
 * Every pattern of a TextMate grammar (JSON), wherever it sits in the repository of rules.
 * Backreferences to the begin captures (`\1` in an end pattern) are filled in by the tokenizer at
 * run time; here they become a plain letter so the pattern compiles alone.
 */
export function grammarRegexes(file: string, root: string): FoundRegex[] {
  const out: FoundRegex[] = [];
  const visit = (value: unknown, at: string): void => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => visit(v, `${at}[${i}]`));
    } else if (value && typeof value === "object") {
      for (const [key, v] of Object.entries(value)) {
        if (PATTERN_KEYS.has(key) && typeof v === "string") {
          out.push({
            source:
              key === "end" || key === "while" ? v.replace(/\\[1-9]/g, "A") : v,
            flags: "",
            where: `${path.relative(root, file)} ${at}.${key}`,
          });
        } else {
          visit(v, `${at}.${key}`);
        }
      }
    }
  };
  visit(JSON.parse(fs.readFileSync(file, "utf8")), "$");
  return out;
}
