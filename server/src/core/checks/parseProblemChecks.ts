import type { ConfigModel, ParseProblem } from "../config/model";
import { nodeRange, startsWith } from "../config/tree";
import type { Code } from "../diagnostics/catalog";
import type { Finding, Fix } from "../diagnostics/finding";
import { replaceRange } from "../fixes/configEdits";
import { formatIpv4, parseIpv4, prefixToMask } from "../ipv4/address";
import type { ConfigCheck } from "./check";

/**
 * Lines the parser recorded as unusable: a netmask IOS would refuse, or a line whose reading
 * failed. The model leaves them out, so the other checks judge the config as the router runs it;
 * these findings say why an address or route is missing from that picture.
 */
export const parseProblemChecks: ConfigCheck = {
  id: "parseProblemChecks",
  run(model) {
    const out = model.problems.map(findingOf);
    const after = linesAfterEnd(model);
    if (after) {
      out.push(after);
    }
    return out;
  },
};

/**
 * The lines after a closing `end`, reported once over all of them (from the first's text to the
 * last's), so an editor fades them all as never read.
 */
function linesAfterEnd(model: ConfigModel): Finding | undefined {
  const end = model.closingEnd;
  const roots = model.tree.roots;
  const first = end && roots[roots.indexOf(end) + 1];
  if (!end || !first) {
    return undefined;
  }
  const lastLine = roots[roots.length - 1]!.lastLine;
  const count = lastLine - end.line;
  return {
    code: "lines-after-end",
    range: {
      start: nodeRange(first).start,
      end: {
        line: lastLine,
        character: (model.tree.lines[lastLine] ?? "").trimEnd().length,
      },
    },
    message: `IOS stops reading a configuration at \`end\` (line ${end.line + 1}): ${count === 1 ? "this line is" : `the ${count} lines from here on are`} not configured, and IPsec Lens leaves them out of the analysis. Move what belongs to the router above \`end\`, or delete the rest.`,
    fixes: [moveEndFix(model.tree.lines, model.tree.eol, end.line, lastLine)],
  };
}

/**
 * Moves `end` below the last line, so the lines after it become configuration: the likely intent
 * when commands were appended to a saved config. The console takes those lines as they are.
 */
function moveEndFix(
  lines: readonly string[],
  eol: string,
  endLine: number,
  lastLine: number,
): Fix {
  const after = lines.slice(endLine + 1, lastLine + 1);
  const count = after.length;
  const cli = after.filter((l) => l.trim() !== "");
  if (/^\s*end\s*$/i.test(after[after.length - 1]!)) {
    // The lines close with an `end` of their own: dropping the first one is the whole move.
    return {
      title: `Delete this \`end\`, so the router reads the ${count === 2 ? "line" : `${count - 1} lines`} after it`,
      edits: [
        replaceRange(
          {
            start: { line: endLine, character: 0 },
            end: { line: endLine + 1, character: 0 },
          },
          "",
        ),
      ],
      cli: cli.slice(0, -1),
    };
  }
  return {
    title: `Move \`end\` below the ${count === 1 ? "line" : `${count} lines`} after it, so the router reads them`,
    edits: [
      replaceRange(
        {
          start: { line: endLine, character: 0 },
          end: { line: lastLine, character: lines[lastLine]!.length },
        },
        [...after, lines[endLine]!].join(eol),
      ),
    ],
    cli,
  };
}

/** The code each kind of parse problem is reported under. */
const CODE_OF: Record<ParseProblem["kind"], Code> = {
  netmask: "invalid-netmask",
  unreadable: "unreadable-line",
};

function findingOf(problem: ParseProblem): Finding {
  const code = CODE_OF[problem.kind];
  if (problem.kind === "unreadable") {
    return {
      code,
      range: problem.range,
      message: `IPsec Lens ${problem.message}; what this line holds is left out of the analysis, so checks that need it may miss problems. The line itself may be valid IOS.`,
    };
  }
  const route = startsWith(problem.node, "ip", "route");
  const fix = contiguousMaskFix(problem, route);
  return {
    code,
    range: problem.range,
    message: `${problem.message}: its one bits are not contiguous. IOS refuses this ${route ? "route" : "address"} when it is entered, so the router does not have it; IPsec Lens leaves it out of the routing checks.`,
    fixes: fix ? [fix] : [],
  };
}

/**
 * Keeps the mask's leading run of one bits (`255.255.255.2` becomes `255.255.255.0`): the likely
 * intent of a typo in the last octets. Offered only for a prefix of at least /8 (a shorter one is
 * a guess, and /0 would turn a route into a default route) and, for a route, when the network has
 * no bits outside the new mask (IOS refuses that too).
 */
function contiguousMaskFix(
  problem: ParseProblem,
  route: boolean,
): Fix | undefined {
  const node = problem.node;
  const words = node.words;
  const at = words.findIndex(
    (w) =>
      w.start === problem.range.start.character &&
      w.end === problem.range.end.character,
  );
  const mask = parseIpv4(words[at]?.text ?? "");
  if (at < 1 || mask === undefined) {
    return undefined;
  }
  // The leading one bits of the mask are the leading zero bits of its complement.
  const length = Math.clz32(~mask);
  if (length < 8) {
    return undefined;
  }
  const fixed = prefixToMask(length);
  if (route) {
    const network = parseIpv4(words[at - 1]!.text);
    if (network === undefined || (network & ~fixed) >>> 0 !== 0) {
      return undefined;
    }
  }
  const text = formatIpv4(fixed);
  const line = node.text;
  const corrected = (
    line.slice(0, problem.range.start.character) +
    text +
    line.slice(problem.range.end.character)
  ).trim();
  const section = node.parent?.text.trim();
  return {
    title: `Use ${text} (/${length})`,
    edits: [replaceRange(problem.range, text)],
    cli: section ? [section, ` ${corrected}`] : [corrected],
  };
}
