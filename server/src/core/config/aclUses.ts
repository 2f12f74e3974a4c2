import {
  keywordAt,
  startsWithWords,
  type ConfigNode,
  type Token,
} from "./tree";

/**
 * ACLs named by commands outside the crypto configuration: who may open a vty session, poll SNMP,
 * talk NTP or reach the HTTP server, and which routes a routing process accepts. The parser
 * records each as a use of the ACL, so references and rename follow them, and a missing ACL is
 * reported where it is named.
 *
 * Where the name sits is a fact of each command's syntax, so the commands are a table: the
 * keywords that open the command, where it is written, and how to find the ACL among its words.
 */

/** Where a command is written. */
export type AclUseContext =
  /** A global command. */
  | "global"
  /** Under `line vty|con|aux ...`. */
  | "line"
  /** Under `router ...`, or under one of its `address-family` sections. */
  | "router";

/** One command that names an IPv4 ACL. */
export interface AclUseCommand {
  context: AclUseContext;
  /** The opening keywords, lower case. */
  keywords: readonly string[];
  /** The syntax, for people reading the table. */
  syntax: string;
  /**
   * The index of the ACL among the words, or undefined when this form names none (a prefix
   * list, a route-map or an IPv6 ACL, which the model does not hold).
   */
  aclAt(words: readonly string[]): number | undefined;
  /** The index of a secret written on the line (the SNMP community), to be masked wherever the line is echoed. */
  secretAt?(words: readonly string[]): number | undefined;
}

/** Words of `distribute-list` that introduce something other than an ACL. */
const DISTRIBUTE_NON_ACL = new Set(["prefix", "route-map", "gateway"]);

/** The ntp access-group kinds of access. */
const NTP_ACCESS = new Set(["peer", "serve", "serve-only", "query-only"]);

/** The commands, one entry per syntax. */
export const ACL_USE_COMMANDS: readonly AclUseCommand[] = [
  {
    context: "line",
    keywords: ["access-class"],
    syntax: "access-class <acl> {in | out} [vrf-also]",
    aclAt: () => 1,
  },
  {
    context: "global",
    keywords: ["snmp-server", "community"],
    syntax:
      "snmp-server community <string> [view <view>] [ro | rw] [ipv6 <acl6>] [<acl>]",
    aclAt(words) {
      let i = 3;
      if (words[i] === "view") {
        i += 2;
      }
      if (words[i] === "ro" || words[i] === "rw") {
        i++;
      }
      if (words[i] === "ipv6") {
        i += 2;
      }
      return i < words.length ? i : undefined;
    },
    secretAt: (words) => (words.length > 2 ? 2 : undefined),
  },
  {
    context: "global",
    keywords: ["ntp", "access-group"],
    syntax:
      "ntp access-group [ipv4 | ipv6] [peer | serve | serve-only | query-only] <acl> [kod]",
    aclAt(words) {
      let i = 2;
      if (words[i] === "ipv6") {
        return undefined;
      }
      if (words[i] === "ipv4") {
        i++;
      }
      // Old releases take the list without a kind of access (it then covers every kind).
      if (NTP_ACCESS.has(words[i] ?? "")) {
        i++;
      }
      return i < words.length ? i : undefined;
    },
  },
  {
    context: "global",
    keywords: ["ip", "http", "access-class"],
    syntax: "ip http access-class {<acl> | ipv4 <acl> | ipv6 <acl6>}",
    aclAt(words) {
      if (words[3] === "ipv6") {
        return undefined;
      }
      const i = words[3] === "ipv4" ? 4 : 3;
      return i < words.length ? i : undefined;
    },
  },
  {
    context: "router",
    keywords: ["distribute-list"],
    syntax:
      "distribute-list {<acl> | prefix <list> | route-map <map> | gateway <list>} {in | out} [<interface> | <protocol>]",
    aclAt: (words) =>
      words.length > 1 && !DISTRIBUTE_NON_ACL.has(words[1]!) ? 1 : undefined,
  },
];

/** The commands of each context by their first keyword, so a line costs one lookup. */
// By context, then by first keyword: every top-level line of a config is looked up, so the miss
// must cost a map lookup and no string building.
const BY_FIRST = new Map<AclUseContext, Map<string, AclUseCommand[]>>();
for (const command of ACL_USE_COMMANDS) {
  const byWord = BY_FIRST.get(command.context) ?? new Map();
  BY_FIRST.set(command.context, byWord);
  const first = command.keywords[0]!;
  byWord.set(first, [...(byWord.get(first) ?? []), command]);
}

const NO_USES: readonly AclUse[] = Object.freeze([]);

/** The first words of the top-level lines `aclUsesOf` reads: its global commands, `line` and `router`. */
export const ACL_USE_FIRST_WORDS: readonly string[] = [
  "line",
  "router",
  ...(BY_FIRST.get("global")?.keys() ?? []),
];

/** What one line holds: the ACL it names, and a secret to mask (either may be absent). */
export interface AclUse {
  node: ConfigNode;
  acl?: Token;
  secret?: Token;
}

/** The ACL use on one line of that context, if it holds one. */
function matchLine(
  context: AclUseContext,
  node: ConfigNode,
  first?: string,
): AclUse | undefined {
  if (node.negated) {
    return undefined;
  }
  const commands = BY_FIRST.get(context)?.get(first ?? keywordAt(node, 0));
  if (!commands) {
    return undefined;
  }
  for (const command of commands) {
    if (!startsWithWords(node, command.keywords)) {
      continue;
    }
    const words = node.words.map((t) => t.text.toLowerCase());
    const at = command.aclAt(words);
    const secretAt = command.secretAt?.(words);
    const acl = at === undefined ? undefined : node.words[at];
    const secret = secretAt === undefined ? undefined : node.words[secretAt];
    // A community without an ACL still holds a secret to mask.
    return acl || secret
      ? { node, ...(acl ? { acl } : {}), ...(secret ? { secret } : {}) }
      : undefined;
  }
  return undefined;
}

/**
 * The ACL uses of one top-level command and its section: a global command, the lines of a
 * `line` section, or the lines of a `router` section and its address families.
 */
export function aclUsesOf(
  node: ConfigNode,
  first = keywordAt(node, 0),
): readonly AclUse[] {
  if (
    first !== "line" &&
    first !== "router" &&
    !BY_FIRST.get("global")?.has(first)
  ) {
    // Most top-level lines: no list made for them.
    return NO_USES;
  }
  if (first !== "line" && first !== "router") {
    // A global command: `ip ...` lines come here by the thousand and hold none.
    const use = matchLine("global", node, first);
    return use ? [use] : NO_USES;
  }
  const out: AclUse[] = [];
  const add = (child: ConfigNode, context: AclUseContext): void => {
    const use = matchLine(context, child);
    if (use) {
      out.push(use);
    }
  };
  if (first === "line") {
    for (const child of node.children) {
      add(child, "line");
    }
  } else {
    const visit = (section: ConfigNode): void => {
      for (const child of section.children) {
        add(child, "router");
        visit(child);
      }
    };
    visit(node);
  }
  return out;
}
