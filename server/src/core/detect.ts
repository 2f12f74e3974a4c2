import type { LanguageId } from "./document";
import { splitLines } from "./text/lines";

/**
 * Language detection shared by the client (which switches the language of .txt/.log/.cfg files when
 * it is confident) and the CLI (which must analyse a folder of such files the same way).
 */

/** How many leading lines are sniffed. */
export const SNIFF_LINES = 80;

const NAME_RULES: { pattern: RegExp; language: LanguageId }[] = [
  { pattern: /\.ios$/i, language: "cisco-ios" },
  { pattern: /-confg$/i, language: "cisco-ios" },
  {
    pattern: /(^|[\\/])(running|startup)-config[^\\/]*$/i,
    language: "cisco-ios",
  },
  { pattern: /\.ioslog$/i, language: "cisco-ios-log" },
];

/** File endings whose content is sniffed because configs and captures are commonly saved so. */
export const SNIFFED_EXTENSIONS = [
  ".txt",
  ".log",
  ".cfg",
  ".conf",
  ".raw",
  ".text",
  "",
];

/** Lines that only a config has. */
const CONFIG_SIGNALS: RegExp[] = [
  /^Building configuration\.\.\./,
  /^Current configuration\s*:/,
  /^version \d+\.\d+/,
  /^hostname \S+/,
  /^interface \S+/,
  /^ ip address \d+\.\d+\.\d+\.\d+ \d+\.\d+\.\d+\.\d+/,
  /^crypto (isakmp|ikev2|ipsec|map|dynamic-map|keyring|pki)\b/,
  /^ip route \d/,
  /^access-list \d+ (permit|deny|remark)/,
  /^ip access-list (standard|extended) /,
  /^(line (con|vty|aux)|router (ospf|eigrp|bgp|rip)|service |no service |boot-|end$)/,
];

/** Lines that only a capture (debug, console session, show output) has. */
const LOG_SIGNALS: RegExp[] = [
  /^\S+[#>]\s*(debug|show|sh|undebug|clear|conf(igure)?( t(erminal)?)?|ping|term(inal)? mon)\b/i,
  /^\*?(\w{3}\s+\d+\s+)?\d{1,2}:\d{2}:\d{2}(\.\d+)?( \w{2,5})?:\s/,
  /^\d+:\s+\*?\w{3}\s+\d+\s+\d{1,2}:\d{2}:\d{2}/,
  /\bISAKMP[\s:(.-]/,
  /\bIPSEC\(/,
  /\bIKEv2[:-]/,
  /%[A-Z0-9_]+-\d-[A-Z0-9_]+:/,
  /Crypto (ISAKMP|IPSEC) debugging is (on|off)/i,
  /^\s*dst\s+src\s+state\s+conn-id/,
  /^\s*IPv4 Crypto ISAKMP SA/,
  /^\s*(interface: \S+|Crypto map tag:)/,
  /#pkts (encaps|decaps)/,
  /^Crypto Map (IPv4 )?"[^"]+" \d+/,
  /^Interface: \S+$|^Session status: /,
  /^\s*IPv[46] Crypto (IKEv2|ISAKMP)\s+SA/,
  /^Tunnel-id\s+(Local\s+Remote\s+)?fvrf\/ivrf\s+Status/,
  /^\s*(Peer = \S|Security association lifetime: |Transform sets=|PFS \(Y\/N\): |Interfaces using crypto map )/,
  /^IKE Peer\s+Type\s+Dir\s+Rky\s+State/,
  /^\s*(Encr|Life\/Active Time|Local spi): /,
  // `show ip interface brief`: its header, and its rows (name, address, OK?, method, states).
  /^Interface\s+IP-Address\s+OK\?\s+Method\s+Status\s+Protocol/,
  /^[A-Za-z][\w./:-]{0,79}\s+(?:unassigned|\d{1,3}(?:\.\d{1,3}){3})\s+(?:YES|NO)\s+[A-Za-z]{2,12}\s+(?:up|down|administratively down|deleted)\s+(?:up|down)\s*$/,
];

/** The language a file name alone decides, if any. */
export function languageFromName(fileName: string): LanguageId | undefined {
  for (const rule of NAME_RULES) {
    if (rule.pattern.test(fileName)) {
      return rule.language;
    }
  }
  return undefined;
}

/** Scores of the sniffer, exported for tests and for explaining a decision. */
export interface SniffResult {
  language: LanguageId | undefined;
  configScore: number;
  logScore: number;
}

/**
 * Decides from the first lines whether text is a config or a capture. It answers only when one
 * side has at least two signals and at least twice the other's, so plain prose stays untouched.
 */
export function sniffLanguage(text: string): SniffResult {
  const lines = splitLines(
    text.length > 65536 ? text.slice(0, 65536) : text,
  ).slice(0, SNIFF_LINES);
  let configScore = 0;
  let logScore = 0;
  let separators = 0;
  for (const line of lines) {
    if (line.startsWith("!")) {
      // Comments mention ISAKMP and the like; only the bare separator says "config", and only weakly.
      if (line.trim() === "!" && separators < 2) {
        separators++;
        configScore++;
      }
      continue;
    }
    if (CONFIG_SIGNALS.some((r) => r.test(line))) {
      configScore++;
    }
    if (LOG_SIGNALS.some((r) => r.test(line))) {
      logScore++;
    }
  }
  let language: LanguageId | undefined;
  if (logScore >= 2 && logScore >= 2 * configScore) {
    language = "cisco-ios-log";
  } else if (configScore >= 2 && configScore >= 2 * logScore) {
    language = "cisco-ios";
  }
  return { language, configScore, logScore };
}

/** The language of a file: by name first, else by content when the ending is one that is sniffed. */
export function detectLanguage(
  fileName: string,
  text: string,
): LanguageId | undefined {
  const byName = languageFromName(fileName);
  if (byName) {
    return byName;
  }
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const dot = base.lastIndexOf(".");
  const ext = dot > 0 ? base.slice(dot).toLowerCase() : "";
  if (!SNIFFED_EXTENSIONS.includes(ext)) {
    return undefined;
  }
  return sniffLanguage(text).language;
}
