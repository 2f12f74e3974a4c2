// Turns lists of TextMate match rules into fewer regexes that produce the same tokens.
//
// vscode-textmate hands all the patterns of the current rule to one Oniguruma scanner, which tries
// every pattern at every position until one matches, and prepares each pattern again at every
// search. A context of sixty patterns therefore costs sixty times over at each token. The rules
// are kept one per concern in the grammar sources; the helpers here merge them where they are
// used, grouped by the characters their matches can start with, so that a position only tries
// the rules that can start there, in their order.

/** Classes of first characters, each with the regex class that tests for it. */
export const FIRST_CLASSES = {
  upper: "[A-Z]",
  lower: "[a-z]",
  digit: "[0-9]",
  nonAscii: String.raw`[^\x00-\x7F]`,
  space: String.raw`[\t-\r ]`,
  "%": "%",
  "(": String.raw`\(`,
  "#": "#",
  '"': '"',
  "-": "-",
  ":": ":",
  _: "_",
  "=": "=",
};

/** Classes of word characters: a token starting with one of them starts a word. */
const WORD_CLASSES = ["upper", "lower", "digit", "nonAscii"];

const FIRST = new WeakMap();
const GUARD = new WeakMap();
const BY_CLASS = new WeakMap();

/**
 * Records what a rule's matches can start with, as names of FIRST_CLASSES. A merged rule is
 * tried only where a line holds one of its classes, so a class left out loses matches: list every
 * character a match can begin with, including non-ASCII ones (`\d` and `\s` match non-ASCII
 * digits and spaces, and case folding turns `ſ` into `s` in case-insensitive rules).
 * `byClass` may give, per class, a smaller regex that matches the same as the rule wherever the
 * character at hand is of that class (a case-insensitive word list without the part that only
 * non-ASCII characters reach, say): merged regexes are compiled once per context that uses them.
 */
export function first(classes, rule, byClass) {
  FIRST.set(rule, classes);
  if (byClass) {
    for (const regex of Object.values(byClass)) {
      if (groupCount(regex) !== groupCount(rule.match)) {
        throw new Error(`groups differ from ${rule.match}: ${regex}`);
      }
    }
    BY_CLASS.set(rule, byClass);
  }
  return rule;
}

/**
 * Records a test that the rule needs to match, shared with its neighbours in a merged regex:
 * where the test fails, all of them are skipped at once.
 */
export function guarded(guard, rule) {
  GUARD.set(rule, guard);
  return rule;
}

/** Whether a rule matches only where no word character precedes (`\b`, `(?<![\w...])`). */
function startsWord(regex) {
  return /^(?:\\b|\(\?<!\[\\w|\(\?i:\\b)/.test(regex);
}

/** The number of capturing groups of a regex (named groups and backreferences are refused). */
export function groupCount(regex) {
  let count = 0;
  for (let i = 0; i < regex.length; i++) {
    const c = regex[i];
    if (c === "\\") {
      if (/[1-9k]/.test(regex[i + 1])) {
        throw new Error(`backreference in ${regex}`);
      }
      i++;
    } else if (c === "[") {
      // A character class, possibly nested (`[a-z&&[^x]]`): parentheses inside are literal.
      let depth = 1;
      for (i++; depth > 0; i++) {
        if (regex[i] === "\\") {
          i++;
        } else if (regex[i] === "[") {
          depth++;
        } else if (regex[i] === "]") {
          depth--;
        }
      }
      i--;
    } else if (c === "(") {
      if (regex[i + 1] !== "?") {
        count++;
      } else if (/^\(\?(?:<[A-Za-z]|')/.test(regex.slice(i, i + 4))) {
        throw new Error(`named group in ${regex}`);
      }
    }
  }
  return count;
}

/**
 * A rule's captures, those read again by other rules (`patterns`) carrying the rule's name: a
 * re-read capture gets the scopes of the rule that holds it, not of the groups around it, so once
 * the name sits on a group rather than on the rule, such a capture must name it again.
 */
export function namedCaptures(rule) {
  return Object.fromEntries(
    Object.entries(rule.captures ?? {}).map(([index, capture]) => [
      index,
      rule.name && capture.patterns
        ? {
            ...capture,
            name: [rule.name, capture.name].filter(Boolean).join(" "),
          }
        : capture,
    ]),
  );
}

/**
 * Match rules as one regex: their matches as alternatives in the rules' order, each rule's groups
 * numbered after those of the rules before it, a rule's name on a group around its alternative.
 * `source` gives the regex to use for a rule (by default its match).
 */
export function mergeRules(rules, source = (rule) => rule.match) {
  const alternatives = [];
  const captures = {};
  let offset = 0;
  let guard;
  let guardedAlternatives = [];
  const closeGuard = () => {
    if (guardedAlternatives.length > 0) {
      alternatives.push(`${guard}(?:${guardedAlternatives.join("|")})`);
      guardedAlternatives = [];
    }
  };
  for (const rule of rules) {
    if (rule.match === undefined) {
      throw new Error(`cannot merge ${JSON.stringify(rule)}`);
    }
    const regex = source(rule);
    if (rule.name) {
      offset++;
      captures[offset] = { name: rule.name };
    }
    for (const [index, capture] of Object.entries(namedCaptures(rule))) {
      captures[offset + Number(index)] = capture;
    }
    if (GUARD.get(rule) !== guard) {
      closeGuard();
      guard = GUARD.get(rule);
    }
    (guard ? guardedAlternatives : alternatives).push(
      rule.name ? `(${regex})` : `(?:${regex})`,
    );
    offset += groupCount(regex);
  }
  closeGuard();
  return { regex: `(?:${alternatives.join("|")})`, captures };
}

/**
 * Rules merged per class of first characters (see first): for each class that some rule can
 * start with, the class test and the merged rules that can start with it, in their order.
 * `wordStart` says that all of them need a word start, when the class holds word characters.
 * The classes are disjoint except where a non-ASCII character is also a space; both classes then
 * hold their rules in the same order. So whichever class a position's character falls in, the
 * rule that wins there is the one that would win among all the rules.
 */
export function byFirstCharacter(rules, source = (rule) => rule.match) {
  const out = [];
  for (const [name, test] of Object.entries(FIRST_CLASSES)) {
    const sourceHere = (rule) => {
      const special = BY_CLASS.get(rule)?.[name];
      return special === undefined
        ? source(rule)
        : source({ ...rule, match: special });
    };
    const members = rules.filter((rule) => {
      const classes = FIRST.get(rule);
      if (!classes) {
        throw new Error(`no first characters for ${rule.match}`);
      }
      return classes.includes(name);
    });
    if (members.length > 0) {
      out.push({
        test,
        wordStart:
          WORD_CLASSES.includes(name) &&
          members.every((rule) => startsWord(sourceHere(rule))),
        ...mergeRules(members, sourceHere),
      });
    }
  }
  return out;
}
