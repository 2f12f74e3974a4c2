import type { IsakmpAttributes, IsakmpPolicy } from "../config/model";
import { wordsRange } from "../config/tree";
import type { Finding } from "../diagnostics/finding";
import { replaceRange } from "../fixes/configEdits";
import { ISAKMP_POLICY_DEFAULTS } from "../knowledge/iosDefaults";
import {
  POLICY_ATTRIBUTES,
  policyValueProblem,
} from "../knowledge/isakmpAttributes";
import { choice, snippetToCli } from "../fixes/snippets";
import { DH_GROUP_CHOICES } from "../knowledge/dhGroups";
import type { ConfigCheck } from "./check";

/**
 * `crypto isakmp policy` lines IOS refuses: a cipher or hash IKEv1 does not have (often another
 * platform's spelling, `aes-256`, `sha-256`), a Diffie-Hellman group it does not know, a
 * lifetime out of range. The attribute keeps its default (DES, SHA-1, group 1...), so the policy
 * offers something else than what is written, and the peer's matching policy no longer matches.
 */
export const isakmpPolicyChecks: ConfigCheck = {
  id: "isakmpPolicyChecks",
  run(model) {
    return model.isakmpPolicies.flatMap(refusedLines);
  },
};

function refusedLines(policy: IsakmpPolicy): Finding[] {
  const out: Finding[] = [];
  for (const facts of POLICY_ATTRIBUTES) {
    const line = policy.invalid?.[facts.attribute];
    if (!line) {
      continue;
    }
    const values = line.words.slice(1).map((w) => w.text.toLowerCase());
    const problem = policyValueProblem(facts.attribute, values);
    if (!problem) {
      continue;
    }
    const range = wordsRange(line, 1);
    const written = line.text.slice(range.start.character, range.end.character);
    const keyword = line.words[0]!.text;
    const fallback = defaultText(facts.attribute);
    out.push({
      code: "isakmp-policy-invalid",
      range,
      message: `ISAKMP policy ${policy.priority}: IOS refuses \`${keyword} ${written}\`${problem.meant ? (facts.attribute === "lifetime" ? ` (the nearest it takes: \`${keyword} ${problem.meant}\`)` : ` (IOS writes \`${keyword} ${problem.meant}\`)`) : ""}; it takes ${problem.accepted}. The line is not configured, so the policy keeps the default ${facts.keyword}, ${fallback}, and offers that in phase 1: a peer whose policy has what the line meant finds no match.`,
      fixes:
        !problem.meant && facts.attribute === "group"
          ? [
              {
                title:
                  "Pick a Diffie-Hellman group IOS takes (the peer's policy must have the same)",
                edits: [
                  replaceRange(range, choice(1, DH_GROUP_CHOICES, "group")),
                ],
                snippet: true,
                cli: [
                  `crypto isakmp policy ${policy.priority}`,
                  ` ${keyword} ${snippetToCli(choice(1, DH_GROUP_CHOICES, "group"))}`,
                ],
              },
            ]
          : problem.meant
            ? [
                {
                  title: `Write ${keyword} ${problem.meant}`,
                  edits: [replaceRange(range, problem.meant)],
                  cli: [
                    `crypto isakmp policy ${policy.priority}`,
                    ` ${keyword} ${problem.meant}`,
                  ],
                  isPreferred: true,
                },
              ]
            : [],
    });
  }
  return out;
}

/** How a message names an attribute's default: `DES`, `group 1`, `86400 seconds`. */
function defaultText(attribute: keyof IsakmpAttributes): string {
  const value = ISAKMP_POLICY_DEFAULTS[attribute];
  return attribute === "group"
    ? `group ${value}`
    : attribute === "lifetime"
      ? `${value} seconds`
      : String(value);
}
