import { pushAt } from "../collections/multiMap";
import type {
  AccessList,
  AclEntry,
  ConfigModel,
  NatRule,
  RouteMapClause,
} from "../config/model";
import type { ConfigTree } from "../config/tree";
import type { Fix, TextEdit } from "../diagnostics/finding";
import { describeWildcard, formatWildcard } from "../ipv4/address";
import type { AclRule, PortMatch } from "../ipv4/acl";
import {
  natLeaks,
  staticLocal,
  type AclView,
  type NatLeak,
  type ProtectedTraffic,
} from "../nat/exemption";
import { lineRange } from "../text/position";
import {
  deleteLine,
  indentOf,
  insertLinesBefore,
  replaceRange,
  rewriteNumberedAcl,
  freeName,
  type ConfigChange,
} from "./configEdits";

/**
 * Edits behind the NAT quick fixes: exempting VPN traffic in a NAT ACL (named or numbered), a
 * deny clause in a NAT route-map, turning a NAT rule with a standard ACL into a route-map one,
 * policy static NAT, and turning NAT transparency back on. Each fix carries the same change as
 * console commands.
 */

/** Writes a port condition as IOS does: ` eq 80 443`, ` range 1 2`. */
function portText(match: PortMatch | undefined): string {
  return match ? ` ${match.op} ${match.ports.join(" ")}` : "";
}

/** The addresses and ports of an ACL rule as entry text after the action: `ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255`. */
export function trafficSpec(rule: AclRule & { protocolWord?: string }): string {
  const protocol =
    rule.protocolWord ??
    (rule.protocol === undefined ? "ip" : String(rule.protocol));
  return `${protocol} ${formatWildcard(rule.source)}${portText(rule.sourcePort)} ${formatWildcard(rule.destination)}${portText(rule.destinationPort)}`;
}

/** A name for a new ACL or route-map that the config does not use yet. */
export function uniqueName(model: ConfigModel, base: string): string {
  return freeName(
    (name) =>
      model.acls.has(name) || model.routeMaps.some((c) => c.name === name),
    base,
  );
}

/** True when a named ACL's lines carry their sequence numbers in the text. */
function writesSequences(acl: AccessList): boolean {
  const first = acl.entries[0]?.node;
  return !!first && /^\d+$/.test(first.words[0]?.text ?? "");
}

/**
 * Inserts several entries, in order, before one entry of an ACL. A numbered ACL is rewritten on
 * the console (IOS appends numbered entries at the end); a named ACL takes free sequence numbers
 * between the neighbours, after a resequence when there is no room.
 */
export function insertAclEntries(
  tree: ConfigTree,
  acl: AccessList,
  before: AclEntry,
  entryTexts: readonly string[],
): ConfigChange {
  if (acl.numbered) {
    const lines = [...acl.nodes].sort((a, b) => a.line - b.line);
    const added = entryTexts.map((t) => `access-list ${acl.name} ${t}`);
    const texts: string[] = [];
    for (const node of lines) {
      if (node === before.node) {
        texts.push(...added);
      }
      texts.push(node.text.trim());
    }
    const contiguous = lines.every(
      (n, i) => i === 0 || n.line === lines[i - 1]!.line + 1,
    );
    const cli = [`no access-list ${acl.name}`, ...texts];
    if (contiguous) {
      // The same text as a rewrite, with the smallest edit.
      return { edits: [insertLinesBefore(tree, before.node, added)], cli };
    }
    return { edits: rewriteNumberedAcl(tree, acl, texts).edits, cli };
  }
  // The line's first entry: a line with object groups gives several, all with its sequence.
  const at = acl.entries.findIndex((e) => e.node === before.node);
  const previous = at > 0 ? (acl.entries[at - 1]!.sequence ?? 0) : 0;
  const lines = [...new Set(acl.entries.map((e) => e.node))];
  const index = lines.indexOf(before.node);
  const next = before.sequence ?? previous + 10;
  const count = entryTexts.length;
  const cli = [`ip access-list ${acl.kind} ${acl.name}`];
  const edits: TextEdit[] = [];
  const explicit = writesSequences(acl);
  let numbers: number[];
  if (next - previous > count) {
    const step = Math.floor((next - previous) / (count + 1));
    numbers = entryTexts.map((_, i) => previous + step * (i + 1));
  } else {
    // No room between the neighbours: renumber first, with gaps wide enough for the new lines.
    const increment = Math.max(10, count + 1);
    cli.unshift(
      `ip access-list resequence ${acl.name} ${increment} ${increment}`,
    );
    const base = index * increment;
    const step = Math.floor(increment / (count + 1));
    numbers = entryTexts.map((_, i) => base + step * (i + 1));
    if (explicit) {
      lines.forEach((node, i) => {
        const word = node.words[0]!;
        edits.push(replaceRange(word.range, String((i + 1) * increment)));
      });
    }
  }
  const indent = indentOf(before.node);
  edits.push(
    insertLinesBefore(
      tree,
      before.node,
      entryTexts.map(
        (t, i) => `${indent}${explicit ? `${numbers[i]} ` : ""}${t}`,
      ),
    ),
  );
  cli.push(...entryTexts.map((t, i) => ` ${numbers[i]} ${t}`));
  return { edits, cli };
}

/** An ACL view with deny rules slotted in before given entries, to test a fix before offering it. */
function patchedView(
  patches: ReadonlyMap<AccessList, { before: AclEntry; denies: AclEntry[] }>,
): AclView {
  const built = new Map<AccessList, AclEntry[]>();
  return (acl) => {
    const patch = patches.get(acl);
    if (!patch) {
      return acl.entries;
    }
    let out = built.get(acl);
    if (!out) {
      out = [];
      // Before the line's first entry, where the fix writes them.
      let placed = false;
      for (const e of acl.entries) {
        if (!placed && e.node === patch.before.node) {
          out.push(...patch.denies);
          placed = true;
        }
        out.push(e);
      }
      built.set(acl, out);
    }
    return out;
  };
}

/** The distinct protected entries of a set of leaks, in order. */
function protectedRules(leaks: readonly NatLeak[]): AclEntry[] {
  const seen = new Set<string>();
  const out: AclEntry[] = [];
  for (const leak of leaks) {
    const key = trafficSpec(leak.traffic.rule);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(leak.traffic.rule);
    }
  }
  return out;
}

/** The earliest of the entries (by position in the ACL). */
function earliest(acl: AccessList, entries: readonly AclEntry[]): AclEntry {
  let best = entries[0]!;
  for (const e of entries) {
    if (acl.entries.indexOf(e) < acl.entries.indexOf(best)) {
      best = e;
    }
  }
  return best;
}

/** Text and console commands of a new extended ACL. */
function aclSection(name: string, entries: readonly string[]): string[] {
  return [`ip access-list extended ${name}`, ...entries.map((e) => ` ${e}`)];
}

/** A sequence number strictly between two, near the middle; undefined when none is free. */
function between(previous: number, next: number): number | undefined {
  return next - previous >= 2
    ? previous + Math.floor((next - previous) / 2)
    : undefined;
}

/** The whole line of a node, trimmed, as a console command. */
function commandOf(rule: NatRule): string {
  return rule.node.text.trim();
}

/**
 * Fixes for nat-not-exempted on one NAT rule: deny the VPN traffic ahead of the permits that
 * translate it (in the rule's ACL, or in the ACLs of the route-map clauses that decide), a deny
 * clause at the head of the route-map, or for a standard ACL, a route-map with an extended ACL.
 */
export function exemptionFixes(
  model: ConfigModel,
  rule: NatRule,
  leaks: readonly NatLeak[],
  traffic: readonly ProtectedTraffic[],
): Fix[] {
  const fixes: Fix[] = [];
  const denies = protectedRules(leaks);
  const tree = model.tree;
  const byAcl = new Map<AccessList, AclEntry[]>();
  for (const leak of leaks) {
    const { acl, entry } = leak.match;
    if (acl && entry) {
      pushAt(byAcl, acl, entry);
    }
  }
  const cryptoAcls = new Set(traffic.map((t) => t.acl.name));
  const patchable = [...byAcl.keys()].every(
    (acl) => acl.kind === "extended" && !cryptoAcls.has(acl.name),
  );
  if (byAcl.size && patchable) {
    const patches = new Map<
      AccessList,
      { before: AclEntry; denies: AclEntry[] }
    >();
    const edits: TextEdit[] = [];
    const cli: string[] = [];
    for (const [acl, entries] of byAcl) {
      const before = earliest(acl, entries);
      const change = insertAclEntries(
        tree,
        acl,
        before,
        denies.map((d) => `deny ${trafficSpec(d)}`),
      );
      edits.push(...change.edits);
      cli.push(...change.cli);
      patches.set(acl, {
        before,
        denies: denies.map((d) => ({ ...d, action: "deny" })),
      });
    }
    // Only offer an ACL edit that cures: a later route-map clause may still translate the traffic.
    const cured = !natLeaks(model, rule, traffic, patchedView(patches)).length;
    if (cured) {
      const names = [...byAcl.keys()].map((a) => a.name).join(", ");
      fixes.push({
        title: `Exempt the VPN traffic from NAT: deny it first in ACL ${names}`,
        edits,
        cli,
        isPreferred: true,
      });
    }
  }
  if (rule.routeMap) {
    const fix = routeMapDenyClauseFix(model, rule.routeMap.name, denies);
    if (fix) {
      fix.isPreferred = !fixes.length;
      fixes.push(fix);
    }
  } else if (rule.acl) {
    const acl = model.acls.get(rule.acl.name);
    if (acl?.kind === "standard") {
      fixes.push(standardToRouteMapFix(model, rule, acl, denies));
    }
  }
  return fixes;
}

/** A `route-map NAME deny N` clause ahead of every clause, matching a new ACL of the VPN traffic. */
function routeMapDenyClauseFix(
  model: ConfigModel,
  routeMap: string,
  denies: readonly AclEntry[],
): Fix | undefined {
  const clauses: RouteMapClause[] = model.routeMaps
    .filter((c) => c.name === routeMap)
    .sort((a, b) => a.sequence - b.sequence);
  const first = clauses[0];
  if (!first) {
    return undefined;
  }
  const sequence = between(0, first.sequence);
  if (sequence === undefined) {
    return undefined;
  }
  const aclName = uniqueName(model, `${routeMap}-VPN`);
  const lines = [
    ...aclSection(
      aclName,
      denies.map((d) => `permit ${trafficSpec(d)}`),
    ),
    `route-map ${routeMap} deny ${sequence}`,
    ` match ip address ${aclName}`,
  ];
  return {
    title: `Exempt the VPN traffic from NAT: add route-map ${routeMap} deny ${sequence} for it`,
    edits: [insertLinesBefore(model.tree, first.node, lines)],
    cli: lines,
  };
}

/** The range of `list ACL` in a NAT rule, which the route-map form replaces. */
function listRange(rule: NatRule): ReturnType<typeof lineRange> | undefined {
  const words = rule.node.words;
  const at = words.findIndex((t) => t.text.toLowerCase() === "list");
  const name = words[at + 1];
  return at >= 0 && name
    ? { start: words[at]!.range.start, end: name.range.end }
    : undefined;
}

/**
 * A standard ACL matches sources only, so it cannot leave out traffic by destination: the rule
 * moves to a route-map over an extended ACL that denies the VPN traffic, then permits what the
 * standard ACL permitted.
 */
function standardToRouteMapFix(
  model: ConfigModel,
  rule: NatRule,
  acl: AccessList,
  denies: readonly AclEntry[],
): Fix {
  const name = uniqueName(model, "NAT-NO-VPN");
  const entries = [
    ...denies.map((d) => `deny ${trafficSpec(d)}`),
    ...acl.entries.map((e) => `${e.action} ip ${formatWildcard(e.source)} any`),
  ];
  const lines = [
    ...aclSection(name, entries),
    `route-map ${name} permit 10`,
    ` match ip address ${name}`,
  ];
  const range = listRange(rule);
  const edits: TextEdit[] = [insertLinesBefore(model.tree, rule.node, lines)];
  let newRule = commandOf(rule);
  if (range) {
    edits.push(replaceRange(range, `route-map ${name}`));
    const text = rule.node.text;
    newRule = (
      text.slice(0, range.start.character) +
      `route-map ${name}` +
      text.slice(range.end.character)
    ).trim();
  }
  return {
    title: `Exempt the VPN traffic from NAT: translate through route-map ${name} (standard ACL ${acl.name} cannot match destinations)`,
    edits,
    cli: [...lines, `no ${commandOf(rule)}`, newRule],
    isPreferred: true,
  };
}

/** Keywords that IOS expects after `route-map NAME` in a static NAT rule. */
const AFTER_ROUTE_MAP = new Set([
  "reversible",
  "redundancy",
  "mapping-id",
  "match-in-vrf",
]);

/**
 * Policy static NAT: the static rule keeps translating the host toward everything except the
 * remote VPN networks, through a route-map over an ACL that denies those first.
 */
export function policyStaticFix(
  model: ConfigModel,
  rule: NatRule,
  leaks: readonly NatLeak[],
): Fix | undefined {
  const local = staticLocal(rule);
  if (!local || rule.routeMap) {
    return undefined;
  }
  const hostText = formatWildcard(local);
  const name = uniqueName(
    model,
    `NAT-${describeWildcard(local)
      .replace(/^host /, "")
      .replace(/[^0-9A-Za-z]+/g, "-")}-NO-VPN`,
  );
  const seen = new Set<string>();
  const entries: string[] = [];
  for (const leak of leaks) {
    const d = `deny ip ${hostText} ${formatWildcard(leak.traffic.rule.destination)}`;
    if (!seen.has(d)) {
      seen.add(d);
      entries.push(d);
    }
  }
  entries.push(`permit ip ${hostText} any`);
  const lines = [
    ...aclSection(name, entries),
    `route-map ${name} permit 10`,
    ` match ip address ${name}`,
  ];
  const words = rule.node.words;
  const stop = words.find((t) => AFTER_ROUTE_MAP.has(t.text.toLowerCase()));
  const text = rule.node.text.trimEnd();
  const at = stop ? stop.range.start.character : text.length;
  const insert = stop ? `route-map ${name} ` : ` route-map ${name}`;
  const newRule = (text.slice(0, at) + insert + text.slice(at)).trim();
  return {
    title: `Use policy NAT: translate ${hostText} except toward the VPN (route-map ${name})`,
    edits: [
      insertLinesBefore(model.tree, rule.node, lines),
      { range: lineRange(rule.node.line, at, at), newText: insert },
    ],
    cli: [...lines, `no ${commandOf(rule)}`, newRule],
    isPreferred: true,
  };
}

/** Turns NAT transparency back on by removing the line that turned it off. */
export function natTransparencyFix(model: ConfigModel): Fix | undefined {
  const node = model.natTransparencyDisabled;
  if (!node) {
    return undefined;
  }
  return {
    title: "Turn NAT transparency back on (remove this line)",
    edits: [deleteLine(model.tree, node)],
    cli: ["crypto ipsec nat-transparency udp-encapsulation"],
    isPreferred: true,
  };
}
