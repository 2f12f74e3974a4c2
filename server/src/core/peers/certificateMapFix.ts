import type { CertificateMap } from "../config/model";
import type { Fix } from "../diagnostics/finding";
import { insertAfterSection } from "./edits";
import type { RouterInfo } from "./router";

/**
 * A certificate map entry that takes the peer's certificate: the attributes of its subject that
 * the map's first refusing line names (`ou=sales` where the map wants `ou=vpn`), else its whole
 * subject, as a `subject-name co` line of a new entry after the map's last.
 */
export function certificateMapFix(
  holder: RouterInfo,
  name: string,
  subject: string,
  peer: string,
): Fix | undefined {
  const map = holder.model.certificateMaps.get(name);
  if (!map) {
    return undefined;
  }
  const value = subjectPartFor(map, subject);
  const sequence = Math.max(0, ...map.entries.map((e) => e.sequence)) + 10;
  const last = map.entries[map.entries.length - 1]!.node;
  const lines = [
    `crypto pki certificate map ${name} ${sequence}`,
    ` subject-name co ${value}`,
  ];
  return {
    title: `Take ${peer}'s certificate in certificate map ${name} (entry ${sequence})`,
    edits: [insertAfterSection(holder.uri, holder.model, last, lines)],
    cli: lines,
  };
}

/** The subject's own values of the attributes a refusing line of the map names. */
function subjectPartFor(map: CertificateMap, subject: string): string {
  const pairs = subject
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p.includes("="));
  for (const entry of map.entries) {
    for (const rule of entry.rules) {
      if (rule.field !== "subject-name") {
        continue;
      }
      const named = rule.value
        .split(",")
        .filter((p) => p.includes("="))
        .map((p) => p.slice(0, p.indexOf("=")).trim().toLowerCase());
      const own = pairs.filter((p) =>
        named.includes(p.slice(0, p.indexOf("=")).trim().toLowerCase()),
      );
      if (own.length && own.length === named.length) {
        return own.join(",").toLowerCase();
      }
    }
  }
  return subject.toLowerCase();
}
