import type { Ikev2Algorithms } from "../knowledge/ikev2Defaults";
import { IKEV2_AEAD_CIPHERS } from "../knowledge/ikev2Defaults";
import { IKEV2_DEBUG_KEYWORDS } from "../knowledge/ikev2DebugTransforms";
import type { CaptureMessage, CaptureModel } from "./model";

/**
 * The proposals an IKEv2 responder prints when none of the initiator's is acceptable:
 * `Received Policies:` (the initiator's) and `Expected Policies:` (its own), each followed by
 * `Proposal N: ...` lines, either positional (`AES-CBC-256 SHA512 SHA512 DH_GROUP_256_ECP/Group 19`:
 * encryption, PRFs, integrity algorithms, groups, as under `IKE Proposal:`) or labelled
 * (`ENCRYPTION: AES-CBC-128 PRF: SHA512 INTEGRITY: SHA512 DH GROUP: DH_GROUP_384_ECP/Group 20`).
 * Some releases print the first proposal on the heading's own line.
 */

/** One `Proposal N:` of a printed policy list, with its algorithms as configuration keywords. */
export interface PrintedIkev2Proposal extends Ikev2Algorithms {
  number: number;
  /** The algorithms as printed. */
  text: string;
  line: number;
}

const PROPOSAL = /Proposal\s+(\d+)\s*:\s*/g;
const TRANSFORM = /DH_GROUP_\w+\/Group \d+|\S+/g;
const LABELS = /(ENCRYPTION|PRF|INTEGRITY|DH GROUP)\s*:\s*/gi;
/** More lines than a policy list has proposals: the reading stops there on odd input. */
const MAX_LINES = 64;

/** Which list a message heads: `received`, `expected`, or undefined for any other message. */
export function policyListKind(
  message: CaptureMessage,
): "received" | "expected" | undefined {
  const m = /^(Received|Expected) Policies\b/.exec(message.body);
  return m ? (m[1] === "Received" ? "received" : "expected") : undefined;
}

/** The proposals of the list a `Received Policies:` or `Expected Policies:` message heads. */
export function readPolicyList(
  model: CaptureModel,
  message: CaptureMessage,
): PrintedIkev2Proposal[] {
  const out: PrintedIkev2Proposal[] = [];
  const first = model.lines[message.line] ?? "";
  const at = first.search(/Proposal\s+\d+\s*:/);
  if (at >= 0) {
    out.push(...proposalsOf(first.slice(at), message.line));
  }
  const end = Math.min(model.lines.length, message.endLine + 1 + MAX_LINES);
  for (let i = message.endLine + 1; i < end; i++) {
    const text = model.lines[i]!;
    if (!/^\s*Proposal\s+\d+\s*:/.test(text)) {
      break;
    }
    out.push(...proposalsOf(text, i));
  }
  return out;
}

/** The proposals written on one line (usually one). */
function proposalsOf(text: string, line: number): PrintedIkev2Proposal[] {
  const heads = [...text.matchAll(PROPOSAL)];
  return heads.map((head, k) => {
    const start = head.index + head[0].length;
    const end = heads[k + 1]?.index ?? text.length;
    const body = text.slice(start, end).trim();
    return {
      number: Number(head[1]),
      text: body,
      line,
      ...algorithmsOf(body),
    };
  });
}

/** The algorithms of one printed proposal, as configuration keywords. */
export function algorithmsOf(body: string): Ikev2Algorithms {
  if (/ENCRYPTION\s*:/i.test(body)) {
    return labelled(body);
  }
  const encryption: string[] = [];
  const hashes: string[] = [];
  const groups: number[] = [];
  for (const word of body.match(TRANSFORM) ?? []) {
    const group = /Group (\d+)$/.exec(word);
    if (group) {
      groups.push(Number(group[1]));
    } else if (/^(AES|3DES|DES|CHACHA|NULL)/i.test(word)) {
      encryption.push(word.toLowerCase());
    } else {
      hashes.push(word);
    }
  }
  // The PRFs come first, then the integrity algorithms (none for an AEAD cipher).
  const aead =
    encryption.length > 0 && encryption.every((e) => IKEV2_AEAD_CIPHERS.has(e));
  const half = aead || hashes.length % 2 ? hashes.length : hashes.length / 2;
  return {
    encryption,
    prf: hashes.slice(0, half).map(keyword),
    integrity: aead
      ? []
      : (hashes.length % 2 ? hashes : hashes.slice(half)).map(keyword),
    groups,
  };
}

/** `ENCRYPTION: X PRF: Y INTEGRITY: Z DH GROUP: W`. */
function labelled(body: string): Ikev2Algorithms {
  const values: Record<string, string[]> = {};
  const heads = [...body.matchAll(LABELS)];
  heads.forEach((head, k) => {
    const start = head.index + head[0].length;
    const end = heads[k + 1]?.index ?? body.length;
    values[head[1]!.toUpperCase()] =
      body.slice(start, end).match(TRANSFORM) ?? [];
  });
  return {
    encryption: (values["ENCRYPTION"] ?? []).map((w) => w.toLowerCase()),
    prf: (values["PRF"] ?? []).map(keyword),
    integrity: (values["INTEGRITY"] ?? []).map(keyword),
    groups: (values["DH GROUP"] ?? []).flatMap((w) => {
      const n = /Group (\d+)$/.exec(w) ?? /^(\d+)$/.exec(w);
      return n ? [Number(n[1])] : [];
    }),
  };
}

/** The configuration keyword of a printed hash (`SHA96` is `sha1` truncated). */
function keyword(word: string): string {
  return IKEV2_DEBUG_KEYWORDS[word.toUpperCase()] ?? word.toLowerCase();
}
