import type { ConfigModel, Ikev2Proposal } from "../config/model";
import type { ConfigNode } from "../config/tree";
import type { Finding, Fix, TextEdit } from "../diagnostics/finding";
import {
  childIndent,
  combineEdits,
  deleteLine,
  deleteSection,
  freeName,
  indentOf,
  insertLinesAfterLine,
  insertTopLevelAfter,
  replaceLine,
  replaceRange,
} from "../fixes/configEdits";
import {
  IKEV2_AEAD_CIPHERS,
  IKEV2_DEFAULT_NAME,
} from "../knowledge/ikev2Defaults";
import {
  configuredOffer,
  defaultOffer,
  describeIkev2Offer,
  ikev2OfferName,
  policyOffers,
  proposalGaps,
  proposalGapText as gapText,
} from "../peers/ikev2Negotiation";
import {
  IKEV2_PROPOSAL_CHOICES,
  ikev2ValueProblem,
  type Ikev2ProposalAttribute,
} from "../knowledge/ikev2ProposalValues";
import { DH_GROUP_CHOICES } from "../knowledge/dhGroups";
import { choice, snippetToCli } from "../fixes/snippets";
import type { Range } from "../text/position";
import { wordsRange } from "../config/tree";
import type { ConfigCheck } from "./check";
import { relatedRange } from "./support/checkSupport";

/**
 * `crypto ikev2 proposal` sections IOS does not use. IOS uses a written proposal only through a
 * `crypto ikev2 policy` that lists it; a config that writes no policy runs the built-in default
 * policy, which offers and accepts only the `default` proposal, so the engineer's proposals are
 * silently ignored. And IOS uses only complete proposals (see `ikev2ProposalGaps`): a policy
 * whose proposals are all incomplete offers nothing. Each proposal gets one finding at most:
 * `ikev2-proposal-incomplete` when a policy lists it, `ikev2-proposal-unused` when none does (its
 * message then says what it also lacks, and the fix that lists it completes it too).
 */
export const ikev2ProposalChecks: ConfigCheck = {
  id: "ikev2ProposalChecks",
  run(model) {
    if (!model.ikev2Proposals.length) {
      return [];
    }
    const listed = new Set(
      model.ikev2Policies.flatMap((p) => p.proposals.map((r) => r.name)),
    );
    const out: Finding[] = [];
    const unused: Ikev2Proposal[] = [];
    for (const proposal of model.ikev2Proposals) {
      out.push(...refusedLines(proposal));
      if (listed.has(proposal.name)) {
        // A refused line's finding says what the proposal lacks for it.
        const finding = proposal.invalid
          ? undefined
          : incompleteFinding(model, proposal);
        if (finding) {
          out.push(finding);
        }
      } else if (
        model.ikev2Policies.length ||
        proposal.name !== IKEV2_DEFAULT_NAME
      ) {
        // Without any policy, a written `default` proposal is the one the built-in policy uses.
        unused.push(proposal);
      }
    }
    out.push(...unusedFindings(model, unused));
    return out;
  },
};

/**
 * The lines of a proposal IOS refuses (`encryption aes-256`, `integrity sha-256`, `group 7`): the
 * attribute is not set, which usually leaves the proposal incomplete. The fix writes the IOS
 * spelling when every refused word has one.
 */
function refusedLines(proposal: Ikev2Proposal): Finding[] {
  const out: Finding[] = [];
  for (const attribute of LINE_ORDER) {
    const line = proposal.invalid?.[attribute];
    if (!line) {
      continue;
    }
    const values = line.words.slice(1).map((w) => w.text.toLowerCase());
    const problem = ikev2ValueProblem(attribute, values);
    if (!problem) {
      continue;
    }
    const range = wordsRange(line, 1);
    const keyword = line.words[0]!.text;
    const written = line.text.slice(range.start.character, range.end.character);
    const left =
      attribute === "group"
        ? proposal.groups.length
        : proposal[attribute].length;
    const what = attribute === "group" ? "Diffie-Hellman group" : attribute;
    // Only a gap this line leaves is its to tell; another line's finding tells its own.
    const effect = (proposalGaps(proposal) as string[]).includes(attribute)
      ? `so the proposal has no ${what}: it is incomplete, and IOS neither offers nor accepts it`
      : left
        ? `so the proposal keeps only the ${what} its other line lists`
        : attribute === "prf"
          ? "so IOS takes the integrity algorithms as PRFs"
          : `so the proposal has no ${what}`;
    out.push({
      code: "ikev2-proposal-invalid",
      range,
      message: `IKEv2 proposal ${proposal.name}: IOS refuses \`${keyword} ${written}\` (it does not know ${problem.unknown.map((u) => `\`${u}\``).join(", ")})${problem.meant ? (attribute === "group" ? `; \`${keyword} ${problem.meant}\` keeps the groups it knows` : `; IOS writes \`${keyword} ${problem.meant}\``) : ""}. It takes ${problem.accepted}. The line is not configured, ${effect}.`,
      fixes: [
        problem.meant
          ? {
              title: `Write ${keyword} ${problem.meant}`,
              edits: [replaceRange(range, problem.meant)],
              cli: [
                `crypto ikev2 proposal ${proposal.name}`,
                ` ${keyword} ${problem.meant}`,
              ],
              isPreferred: true,
            }
          : pickFix(proposal, attribute, keyword, range),
      ],
    });
  }
  return out;
}

/** A fix that offers the values IOS takes, for a line none of whose words it knows (the peer must have the same). */
function pickFix(
  proposal: Ikev2Proposal,
  attribute: Ikev2ProposalAttribute,
  keyword: string,
  range: Range,
): Fix {
  const values =
    attribute === "group"
      ? DH_GROUP_CHOICES
      : IKEV2_PROPOSAL_CHOICES[attribute].filter((v) =>
          /sha(256|384|512)|aes/.test(v),
        );
  const snippet = choice(1, values, attribute);
  return {
    title: `Pick ${attribute === "group" ? "a Diffie-Hellman group" : `an ${attribute} algorithm`} IOS takes (the peer's proposal must have it too)`,
    edits: [replaceRange(range, snippet)],
    snippet: true,
    cli: [
      `crypto ikev2 proposal ${proposal.name}`,
      ` ${keyword} ${snippetToCli(snippet)}`,
    ],
  };
}

/** The error on a proposal a policy lists but IOS cannot use, with the fix that completes it. */
function incompleteFinding(
  model: ConfigModel,
  proposal: Ikev2Proposal,
): Finding | undefined {
  const gaps = proposalGaps(proposal);
  if (!gaps.length) {
    return undefined;
  }
  const policies = model.ikev2Policies.filter((p) =>
    p.proposals.some((r) => r.name === proposal.name),
  );
  const effects = policies.map((policy) => {
    const others = policyOffers(model, policy).proposals;
    return others.length
      ? `IKEv2 policy ${policy.name} negotiates with ${others.map((o) => ikev2OfferName(o)).join(", ")} only`
      : `IKEv2 policy ${policy.name} has no other complete proposal, so it offers nothing and IKE_SA_INIT through it fails`;
  });
  const completion = completeProposal(model, proposal);
  return {
    code: "ikev2-proposal-incomplete",
    range: proposal.nameRange,
    message: `IKEv2 proposal ${proposal.name} is incomplete: ${gapText(proposal)}. IOS uses a proposal only with encryption, integrity and a Diffie-Hellman group, or with AES-GCM, a prf and a group, so it neither offers nor accepts ${proposal.name}: ${effects.join("; ")}. Complete it: ${completion.summary}.`,
    related: policies.flatMap((policy) =>
      policy.proposals
        .filter((r) => r.name === proposal.name)
        .map((r) =>
          relatedRange(r.range, `listed by IKEv2 policy ${policy.name}`),
        ),
    ),
    fixes: [
      {
        title: `Complete IKEv2 proposal ${proposal.name}: ${completion.summary}`,
        edits: completion.edits,
        cli: [`crypto ikev2 proposal ${proposal.name}`, ...completion.cli],
        isPreferred: true,
      },
    ],
  };
}

/**
 * The proposals no policy lists. Without any policy IOS runs its built-in default policy: a
 * warning when the config uses IKEv2 (it negotiates with the default proposal, not these),
 * information otherwise; with policies, a proposal none lists is a leftover (information).
 */
function unusedFindings(
  model: ConfigModel,
  unused: readonly Ikev2Proposal[],
): Finding[] {
  if (!unused.length) {
    return [];
  }
  const noPolicy = !model.ikev2Policies.length;
  const usesIkev2 =
    model.ikev2Profiles.length > 0 ||
    model.references.some((r) => r.kind === "ikev2-profile");
  const addPolicy = noPolicy ? policyFix(model, unused) : undefined;
  const instead = defaultOffer(model);
  // A written `default` proposal is what the built-in policy offers in its place.
  const insteadName =
    instead.origin === "configured"
      ? "config's own proposal default"
      : ikev2OfferName(instead);
  return unused.map((proposal) => {
    const gaps = proposalGaps(proposal);
    const lacks = gaps.length
      ? ` It is incomplete too (${gapText(proposal)}), so a policy that lists it needs it completed.`
      : "";
    const remove: Fix = {
      title: `Delete IKEv2 proposal ${proposal.name}`,
      edits: [deleteSection(model.tree, proposal.node)],
      cli: [`no crypto ikev2 proposal ${proposal.name}`],
      ...(noPolicy ? {} : { isPreferred: true }),
    };
    const own = `${proposal.name}'s ${describeIkev2Offer(configuredOffer(proposal))}`;
    if (noPolicy) {
      return {
        code: "ikev2-proposal-unused" as const,
        range: proposal.nameRange,
        ...(usesIkev2 ? {} : { severity: "information" as const }),
        message: `IKEv2 proposal ${proposal.name} is never used: IOS uses a written proposal only through a \`crypto ikev2 policy\` that lists it, and this config writes none, so IOS runs its built-in default policy, which offers and accepts only the ${insteadName}: ${describeIkev2Offer(instead)}. ${usesIkev2 ? `IKE_SA_INIT proposes those, not ${own}.` : `No IKEv2 profile uses IKEv2 yet; once one does, IKE_SA_INIT proposes those, not ${own}.`}${lacks} Add a policy that lists it: \`crypto ikev2 policy ${addPolicy!.name}\`, \` proposal ${proposal.name}\`.`,
        related: model.ikev2Profiles.map((p) =>
          relatedRange(
            p.nameRange,
            `IKEv2 profile ${p.name} negotiates with the ${insteadName}`,
          ),
        ),
        fixes: usesIkev2 ? [addPolicy!.fix] : [addPolicy!.fix, remove],
      };
    }
    return {
      code: "ikev2-proposal-unused" as const,
      range: proposal.nameRange,
      severity: "information" as const,
      message: `IKEv2 proposal ${proposal.name} is listed by no IKEv2 policy (${model.ikev2Policies.map((p) => p.name).join(", ")}), so IOS neither offers nor accepts it: its lines do nothing.${lacks} Delete it, or list it in a policy with \`proposal ${proposal.name}\` if it was meant to be offered.`,
      fixes: [remove],
    };
  });
}

/** A new policy, after the last proposal section, that lists the unused proposals (completed). */
function policyFix(
  model: ConfigModel,
  unused: readonly Ikev2Proposal[],
): { name: string; fix: Fix } {
  const taken = new Set(model.ikev2Policies.map((p) => p.name));
  const name = freeName((n) => taken.has(n), "IKEV2-POLICY");
  const last = model.ikev2Proposals.reduce((a, b) =>
    b.node.lastLine > a.node.lastLine ? b : a,
  );
  const indent = childIndent(last.node);
  const completions = unused
    .filter((p) => proposalGaps(p).length)
    .map((p) => ({ proposal: p, ...completeProposal(model, p) }));
  const edits = [
    ...completions.flatMap((c) => c.edits),
    insertTopLevelAfter(model.tree, last.node, [
      `${indentOf(last.node)}crypto ikev2 policy ${name}`,
      ...unused.map((p) => `${indent}proposal ${p.name}`),
    ]),
  ];
  const listing = unused.map((p) => p.name).join(", ");
  return {
    name,
    fix: {
      title: `Add IKEv2 policy ${name} listing ${listing}${completions.map((c) => `, and complete ${c.proposal.name} (${c.summary})`).join("")}`,
      edits: combineEdits(edits) ?? edits,
      cli: [
        ...completions.flatMap((c) => [
          `crypto ikev2 proposal ${c.proposal.name}`,
          ...c.cli,
        ]),
        `crypto ikev2 policy ${name}`,
        ...unused.map((p) => ` proposal ${p.name}`),
      ],
      isPreferred: true,
    },
  };
}

/** The order IOS prints a proposal's lines in: where a line the fix adds goes. */
const LINE_ORDER = ["encryption", "integrity", "prf", "group"] as const;

/**
 * The changes that make a proposal complete, keeping what the engineer wrote: a CBC cipher
 * without integrity gets the proposal's PRFs (else `sha256`) as integrity; AES-GCM gets a prf
 * (its integrity algorithms, which move to a `prf` line, else `sha256`); a missing group is one
 * the config's complete proposals use (else 19); a mixed `encryption` line keeps the ciphers the
 * rest of the proposal fits (CBC with an integrity line, else AES-GCM).
 */
function completeProposal(
  model: ConfigModel,
  p: Ikev2Proposal,
): { edits: TextEdit[]; cli: string[]; summary: string } {
  const tree = model.tree;
  const edits: TextEdit[] = [];
  const cli: string[] = [];
  const changes: string[] = [];
  const gone = new Set<ConfigNode>();
  const added: { kind: (typeof LINE_ORDER)[number]; text: string }[] = [];
  const add = (kind: (typeof LINE_ORDER)[number], text: string) => {
    added.push({ kind, text });
    cli.push(` ${text}`);
    changes.push(`add ${text}`);
  };
  const own = (node: ConfigNode, text: string) => `${indentOf(node)}${text}`;
  let encryption = p.encryption;
  if (!encryption.length) {
    encryption = [
      p.prf.length && !p.integrity.length ? "aes-gcm-256" : "aes-cbc-256",
    ];
    add("encryption", `encryption ${encryption.join(" ")}`);
  } else if (
    encryption.some((e) => IKEV2_AEAD_CIPHERS.has(e)) &&
    !encryption.every((e) => IKEV2_AEAD_CIPHERS.has(e))
  ) {
    const keepAead = !p.integrity.length;
    const kept = encryption.filter(
      (e) => IKEV2_AEAD_CIPHERS.has(e) === keepAead,
    );
    const dropped = encryption.filter((e) => !kept.includes(e));
    edits.push(
      replaceLine(
        p.lines.encryption!,
        own(p.lines.encryption!, `encryption ${kept.join(" ")}`),
      ),
    );
    cli.push(` no encryption ${dropped.join(" ")}`);
    changes.push(`remove ${dropped.join(" ")} from encryption`);
    encryption = kept;
  }
  const integrity = p.integrity.join(" ");
  if (encryption.every((e) => IKEV2_AEAD_CIPHERS.has(e))) {
    const line = p.lines.integrity;
    if (p.integrity.length && line && !p.prf.length) {
      edits.push(replaceLine(line, own(line, `prf ${integrity}`)));
      gone.add(line);
      cli.push(` no integrity ${integrity}`, ` prf ${integrity}`);
      changes.push(`replace integrity ${integrity} with prf ${integrity}`);
    } else if (p.integrity.length && line) {
      edits.push(deleteLine(tree, line));
      gone.add(line);
      cli.push(` no integrity ${integrity}`);
      changes.push(`remove integrity ${integrity}`);
    } else if (!p.prf.length) {
      add("prf", "prf sha256");
    }
  } else if (!p.integrity.length) {
    add("integrity", `integrity ${p.prf.length ? p.prf.join(" ") : "sha256"}`);
  }
  if (!p.groups.length) {
    add("group", `group ${completionGroup(model)}`);
  }
  // A new line goes after the written lines that IOS prints before it, else first in the section.
  for (const { kind, text } of added) {
    const before = LINE_ORDER.slice(0, LINE_ORDER.indexOf(kind))
      .map((k) => p.lines[k])
      .filter((n): n is ConfigNode => n !== undefined && !gone.has(n));
    const anchor = before.reduce<ConfigNode>(
      (a, b) => (b.line > a.line ? b : a),
      p.node,
    );
    edits.push(
      insertLinesAfterLine(tree, anchor.line, [
        `${childIndent(p.node)}${text}`,
      ]),
    );
  }
  return {
    edits: combineEdits(edits) ?? edits,
    cli,
    summary: changes.join(", "),
  };
}

/** The group a completed proposal takes: the first of the config's complete proposals, else 19. */
function completionGroup(model: ConfigModel): number {
  const complete = model.ikev2Proposals.find(
    (p) => p.groups.length && !proposalGaps(p).length,
  );
  return complete?.groups[0] ?? 19;
}
