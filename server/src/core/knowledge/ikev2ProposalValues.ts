import { CHOICE_TABLES } from "./cryptoCommands";
import { DH_GROUPS } from "./dhGroups";

/**
 * The values a `crypto ikev2 proposal` line takes on IOS and IOS-XE, and the spellings of other
 * platforms (or of IKEv1 and ESP) that engineers write in their place. IOS refuses a line with
 * any word it does not know (`% Invalid input detected`), so the attribute is not set at all.
 *
 * Source: Cisco's command reference for `encryption (IKEv2 proposal)`, `integrity (IKEv2
 * proposal)`, `prf` and `group (IKEv2 proposal)`.
 */

/** The attributes of an IKEv2 proposal that list values. */
export type Ikev2ProposalAttribute =
  "encryption" | "integrity" | "prf" | "group";

/**
 * The keywords each attribute takes (groups are DH_GROUPS' numbers): the values the command
 * table offers for completion and hovers, so one list serves all three.
 */
export const IKEV2_PROPOSAL_CHOICES: Readonly<
  Record<Exclude<Ikev2ProposalAttribute, "group">, readonly string[]>
> = {
  encryption: CHOICE_TABLES["ikev2-encryption"]!.map((c) => c.value),
  integrity: CHOICE_TABLES["ikev2-integrity"]!.map((c) => c.value),
  prf: CHOICE_TABLES["ikev2-integrity"]!.map((c) => c.value),
};

const HASH_SPELLINGS: readonly { pattern: RegExp; write: string }[] = [
  { pattern: /^(?:hmac-)?sha-?1?(?:-hmac|-96)?$/, write: "sha1" },
  { pattern: /^(?:hmac-)?sha-?2?-?(256|384|512)(?:-hmac)?$/, write: "sha$1" },
  { pattern: /^(?:hmac-)?md-?5(?:-hmac|-96)?$/, write: "md5" },
];

/** Other spellings of each attribute's keywords, and the IOS keyword they mean. */
export const IKEV2_PROPOSAL_SPELLINGS: Readonly<
  Record<
    Exclude<Ikev2ProposalAttribute, "group">,
    readonly { pattern: RegExp; write: string }[]
  >
> = {
  encryption: [
    { pattern: /^aes$/, write: "aes-cbc-128" },
    { pattern: /^aes-?(?:cbc-?)?(128|192|256)$/, write: "aes-cbc-$1" },
    { pattern: /^aes-?gcm-?(128|256)$/, write: "aes-gcm-$1" },
    { pattern: /^(3?des)-cbc$/, write: "$1" },
  ],
  integrity: HASH_SPELLINGS,
  prf: HASH_SPELLINGS,
};

/** A proposal line IOS refuses: the words it does not know, and the line's IOS spelling when known. */
export interface Ikev2ValueProblem {
  /** The values as IOS writes them, when every refused word has a known spelling. */
  meant?: string;
  /** The values IOS takes, for the message. */
  accepted: string;
  /** The written words IOS does not know. */
  unknown: string[];
}

/** Whether IOS refuses the values of a proposal line (lower case, as written); undefined when it takes them. */
export function ikev2ValueProblem(
  attribute: Ikev2ProposalAttribute,
  values: readonly string[],
): Ikev2ValueProblem | undefined {
  if (!values.length) {
    return undefined;
  }
  if (attribute === "group") {
    const unknown = values.filter(
      (v) => !/^\d{1,3}$/.test(v) || !DH_GROUPS[Number(v)],
    );
    // The groups it does know are what the line meant to offer.
    const known = values.filter((v) => !unknown.includes(v));
    return unknown.length
      ? {
          unknown,
          accepted: `groups ${Object.keys(DH_GROUPS).join(", ")}`,
          ...(known.length ? { meant: known.join(" ") } : {}),
        }
      : undefined;
  }
  const choices = IKEV2_PROPOSAL_CHOICES[attribute];
  const unknown = values.filter((v) => !choices.includes(v));
  if (!unknown.length) {
    return undefined;
  }
  const written = values.map((v) => {
    if (choices.includes(v)) {
      return v;
    }
    const spelling = IKEV2_PROPOSAL_SPELLINGS[attribute].find((s) =>
      s.pattern.test(v),
    );
    const meant = spelling ? v.replace(spelling.pattern, spelling.write) : "";
    return choices.includes(meant) ? meant : undefined;
  });
  const meant = written.every((w) => w !== undefined)
    ? [...new Set(written)].join(" ")
    : undefined;
  return {
    unknown,
    accepted: choices.join(", "),
    ...(meant ? { meant } : {}),
  };
}
