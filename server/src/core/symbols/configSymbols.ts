import type { ConfigModel } from "../config/model";
import { nodeRange, type ConfigNode } from "../config/tree";
import type { OutlineSymbol, SymbolKindName } from "../document";
import { formatIpv4 } from "../ipv4/address";
import { lineRange, type Range } from "../text/position";

function sectionRange(node: ConfigNode, lines: readonly string[]): Range {
  return {
    start: { line: node.line, character: 0 },
    end: { line: node.lastLine, character: lines[node.lastLine]?.length ?? 0 },
  };
}

function symbol(
  name: string,
  kind: SymbolKindName,
  node: ConfigNode,
  nameRange: Range,
  lines: readonly string[],
  detail?: string,
): OutlineSymbol {
  return {
    name,
    kind,
    detail,
    range: sectionRange(node, lines),
    selectionRange: nameRange,
  };
}

/** The outline of a config: interfaces, ACLs, policies, keys, transform sets, crypto maps with their entries. */
export function configOutline(model: ConfigModel): OutlineSymbol[] {
  const lines = model.tree.lines;
  const out: OutlineSymbol[] = [];
  for (const iface of model.interfaces) {
    const address = iface.addresses.find((a) => !a.secondary);
    out.push(
      symbol(
        iface.name,
        "interface",
        iface.node,
        iface.nameRange,
        lines,
        address ? formatIpv4(address.address) : undefined,
      ),
    );
  }
  for (const acl of model.acls.values()) {
    const first = acl.nodes[0]!;
    const last = acl.nodes[acl.nodes.length - 1]!;
    out.push({
      name: `access-list ${acl.name}`,
      kind: "array",
      detail: `${acl.kind}, ${acl.entries.length} entries`,
      range: {
        start: { line: first.line, character: 0 },
        end: {
          line: last.lastLine,
          character: lines[last.lastLine]?.length ?? 0,
        },
      },
      selectionRange: acl.nameRange,
    });
  }
  for (const policy of model.isakmpPolicies) {
    out.push(
      symbol(
        `isakmp policy ${policy.priority}`,
        "struct",
        policy.node,
        nodeRange(policy.node),
        lines,
        `${policy.encryption} ${policy.hash} ${policy.authentication} group ${policy.group}`,
      ),
    );
  }
  for (const key of model.globalKeys) {
    out.push(
      symbol(
        `isakmp key ${key.address ? formatIpv4(key.address.address) : (key.hostname ?? "")}`,
        "key",
        key.node,
        key.targetRange,
        lines,
      ),
    );
  }
  for (const keyring of model.keyrings) {
    out.push({
      ...symbol(
        `keyring ${keyring.name}`,
        "namespace",
        keyring.node,
        keyring.nameRange,
        lines,
      ),
      children: keyring.keys.map((k) =>
        symbol(
          `key ${k.address ? formatIpv4(k.address.address) : (k.hostname ?? "")}`,
          "key",
          k.node,
          k.targetRange,
          lines,
        ),
      ),
    });
  }
  for (const profile of model.isakmpProfiles) {
    out.push(
      symbol(
        `isakmp profile ${profile.name}`,
        "object",
        profile.node,
        profile.nameRange,
        lines,
      ),
    );
  }
  for (const set of model.transformSets) {
    out.push(
      symbol(
        `transform-set ${set.name}`,
        "enumMember",
        set.node,
        set.nameRange,
        lines,
        set.transforms.map((t) => t.name).join(" "),
      ),
    );
  }
  for (const profile of model.ipsecProfiles) {
    out.push(
      symbol(
        `ipsec profile ${profile.name}`,
        "object",
        profile.node,
        profile.nameRange,
        lines,
      ),
    );
  }
  for (const [label, maps] of [
    ["crypto map", model.cryptoMaps],
    ["dynamic-map", model.dynamicMaps],
  ] as const) {
    for (const map of maps.values()) {
      const first = map.entries[0]?.node ?? map.node;
      const lastLine = Math.max(
        map.node.lastLine,
        ...map.entries.map((e) => e.node.lastLine),
      );
      out.push({
        name: `${label} ${map.name}`,
        kind: "module",
        range: {
          start: { line: Math.min(first.line, map.node.line), character: 0 },
          end: { line: lastLine, character: lines[lastLine]?.length ?? 0 },
        },
        selectionRange: map.nameRange,
        children: map.entries.map((e) =>
          symbol(
            `${e.sequence}`,
            "method",
            e.node,
            lineRange(e.node.line, e.node.indent, e.node.text.trimEnd().length),
            lines,
            e.peers
              .map((p) =>
                p.address !== undefined ? formatIpv4(p.address) : p.hostname,
              )
              .join(", ") || e.mode,
          ),
        ),
      });
    }
  }
  out.sort((a, b) => a.range.start.line - b.range.start.line);
  return out;
}
