/**
 * Adversarial inputs for a regular expression, derived from its shape: long runs of the characters
 * it repeats, runs that almost match (a wrong last character forces every backtracking path to be
 * tried), alternations of two repeated characters, and the pattern's own literal words repeated.
 * A regex with nested or overlapping quantifiers takes exponential or high-polynomial time on at
 * least one of them; a safe one stays linear.
 */

/** Characters tried against each repeated atom to find what it repeats. */
const POOL = [
  ..." \t",
  ..."aAzZ09_-.:/,;=()[]{}<>!?#%*+@$^&|~'\"\\",
  ..."ISAKMPsecrt",
  "\u00e9",
  "\u3000",
];

/** A piece of a pattern: its text, and whether a quantifier lets it repeat. */
interface Atom {
  text: string;
  repeated: boolean;
  group: boolean;
}

/** Splits a pattern into top-level-and-nested atoms (escapes, classes, groups, characters). */
export function atoms(source: string): Atom[] {
  const out: Atom[] = [];
  const walk = (s: string): void => {
    let i = 0;
    while (i < s.length) {
      const start = i;
      let group = false;
      const c = s[i]!;
      if (c === "\\") {
        i +=
          s[i + 1] === "u"
            ? 6
            : s[i + 1] === "x"
              ? 4
              : s[i + 1] === "p" || s[i + 1] === "P"
                ? s.indexOf("}", i) + 1 || s.length
                : 2;
      } else if (c === "[") {
        i++;
        if (s[i] === "^") {
          i++;
        }
        if (s[i] === "]") {
          i++;
        }
        while (i < s.length && s[i] !== "]") {
          i += s[i] === "\\" ? 2 : 1;
        }
        i++;
      } else if (c === "(") {
        let depth = 0;
        for (; i < s.length; i++) {
          if (s[i] === "\\") {
            i++;
            continue;
          }
          if (s[i] === "[") {
            while (i < s.length && s[i] !== "]") {
              i += s[i] === "\\" ? 2 : 1;
            }
            continue;
          }
          if (s[i] === "(") {
            depth++;
          } else if (s[i] === ")" && --depth === 0) {
            break;
          }
        }
        i++;
        group = true;
        const inner = s
          .slice(start + 1, i - 1)
          .replace(/^\?(?::|=|!|<=|<!|<[A-Za-z_]\w*>)/, "");
        walk(inner);
      } else {
        i++;
      }
      const text = s.slice(start, Math.min(i, s.length));
      let repeated = false;
      const q = /^(?:[*+]|\{\d*,\d*\})/.exec(s.slice(i));
      if (q) {
        const bounds = /\{(\d*),(\d*)\}/.exec(q[0]);
        repeated = !bounds || bounds[2] === "" || Number(bounds[2]) >= 2;
        i += q[0].length;
        if (s[i] === "?" || s[i] === "+") {
          i++;
        }
      } else if (s[i] === "?") {
        i++;
      }
      if (!["|", "^", "$"].includes(text)) {
        out.push({ text, repeated, group });
      }
    }
  };
  walk(source);
  return out;
}

/** Characters of the pool that one atom matches. */
function members(atom: Atom, flags: string): string[] {
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${atom.text})$`, flags.replace(/[gy]/g, ""));
  } catch {
    return [];
  }
  return POOL.filter((c) => re.test(c));
}

/** Literal words of the pattern (runs of plain characters), longest first. */
function literals(source: string): string[] {
  const found = source
    .replace(/\\[dDwWsSbB]|\[[^\]]*\]|[()*+?{}|^$.]/g, "\u0001")
    .replace(/\\(.)/g, "$1")
    .split("\u0001")
    .filter((w) => w.length >= 2);
  return [...new Set(found)].sort((a, b) => b.length - a.length).slice(0, 3);
}

/** The adversarial inputs of one pattern, each about `length` characters. */
export function adversarialInputs(
  source: string,
  flags: string,
  length: number,
): string[] {
  const parts = atoms(source);
  const reps = new Set<string>();
  for (const atom of parts.filter((a) => a.repeated)) {
    const m = members(atom, flags);
    // A few representatives: the first, a letter, a digit and a space when the atom takes them.
    for (const pick of [
      m[0],
      m.find((c) => /[a-z]/i.test(c)),
      m.find((c) => /\d/.test(c)),
      m.find((c) => /\s/.test(c)),
      m[m.length - 1],
    ]) {
      if (pick !== undefined) {
        reps.add(pick);
      }
    }
    if (atom.group) {
      // A repeated group: its first characters in order form a unit worth repeating too.
      const unit = atoms(atom.text.slice(1, -1))
        .map((a) => members(a, flags)[0] ?? "")
        .join("");
      if (unit.length > 1) {
        reps.add(unit);
      }
    }
  }
  const words = literals(source);
  const units = [...reps].slice(0, 6);
  const inputs = new Set<string>();
  const run = (unit: string): string =>
    unit.repeat(Math.max(1, Math.floor(length / unit.length)));
  for (const u of units) {
    // A run alone, a run that fails at its very end, and one cut by a line break (`.` stops there).
    inputs.add(run(u));
    inputs.add(run(u) + "\u0000");
    inputs.add(run(u) + "\n!");
    // The pattern's own words in front get a run past the literal part of the pattern.
    for (const w of words.slice(0, 2)) {
      inputs.add(w + run(u) + "\u0000");
    }
  }
  for (let a = 0; a < units.length; a++) {
    for (let b = a + 1; b < units.length && b < a + 3; b++) {
      inputs.add(run(units[a]! + units[b]!) + "\u0000");
    }
  }
  for (const w of words) {
    inputs.add(run(w + " ") + "\u0000");
    inputs.add(run(w));
  }
  for (const generic of ["a", " ", "1", "1.", "a ", "A:"]) {
    inputs.add(run(generic) + "\u0000");
  }
  return [...inputs];
}
