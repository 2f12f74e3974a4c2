import type {
  ConfigModel,
  TransformSet,
  Ikev2Proposal,
  IsakmpAttributes,
  IsakmpPolicy,
} from "../config/model";
import { wordsRange, type ConfigNode } from "../config/tree";
import type { Finding, Fix } from "../diagnostics/finding";
import { insertChild, replaceRange } from "../fixes/configEdits";
import { setLineWith } from "../fixes/transformSetEdits";
import {
  MODERN_CRYPTO_MAJOR,
  weakAlgorithm,
  type WeakAlgorithm,
  type WeakContext,
} from "../knowledge/weakCrypto";
import type { Range } from "../text/position";
import type { ConfigCheck } from "./check";
import {
  certificateName,
  detailsOf,
  ikeTrustpoints,
} from "../certificates/chain";
import { MIN_RSA_BITS } from "../knowledge/signatureAlgorithms";
import { TRANSFORM_FACTS } from "../knowledge/transforms";

/**
 * DES, 3DES, MD5 and the small Diffie-Hellman groups, in phase 1 policies (written or taken by
 * default), IKEv2 proposals, transform sets and PFS; RSA keys under 2048 bits and MD5 or SHA-1
 * signatures in the certificates of the trustpoints IKE uses. Information only: the tunnel works, but its protection does
 * not hold, and a change must be made on both peers at once.
 */
export const weakCryptoChecks: ConfigCheck = {
  id: "weakCryptoChecks",
  run(model) {
    const legacy =
      model.version !== undefined && model.version.major < MODERN_CRYPTO_MAJOR;
    return [
      ...policies(model, legacy),
      ...ikev2Proposals(model),
      ...transformSets(model, legacy),
      ...pfs(model, legacy),
      ...certificates(model),
    ];
  },
};

const BOTH_PEERS =
  "Change both peers together: a proposal only one side offers matches nothing and the tunnel drops until the other follows.";

function legacyText(weak: WeakAlgorithm, legacy: boolean): string {
  return legacy && weak.legacyNote ? ` (${weak.legacyNote})` : "";
}

function replacementOf(weak: WeakAlgorithm, legacy: boolean): string {
  return legacy && weak.legacyReplacement
    ? weak.legacyReplacement
    : weak.replacement;
}

/** Where each policy attribute's weak values are listed. */
const POLICY_CONTEXT: Record<"encryption" | "hash" | "group", WeakContext> = {
  encryption: "isakmp-encryption",
  hash: "isakmp-hash",
  group: "dh-group",
};

function policies(model: ConfigModel, legacy: boolean): Finding[] {
  const out: Finding[] = [];
  for (const policy of model.isakmpPolicies) {
    for (const attribute of ["encryption", "hash", "group"] as const) {
      if (policy.invalid?.[attribute]) {
        continue; // isakmp-policy-invalid says what the refused line leaves.
      }
      const value = String(policy[attribute]);
      // `encryption aes 256` is held as "aes 256"; the algorithm is its first word.
      const weak = weakAlgorithm(
        POLICY_CONTEXT[attribute],
        value.split(" ")[0]!,
      );
      if (!weak) {
        continue;
      }
      out.push(policyFinding(model, policy, attribute, weak, legacy));
    }
  }
  return out;
}

function policyFinding(
  model: ConfigModel,
  policy: IsakmpPolicy,
  attribute: keyof Pick<IsakmpAttributes, "encryption" | "hash" | "group">,
  weak: WeakAlgorithm,
  legacy: boolean,
): Finding {
  const line = policy.explicit[attribute];
  const replacement = replacementOf(weak, legacy);
  const keyword = attribute;
  let range: Range;
  let fix: Fix;
  if (line) {
    range = wordsRange(line, 1);
    fix = {
      title: `Use ${keyword} ${replacement} (change the peer to match)`,
      edits: [replaceRange(range, replacement)],
      cli: [
        `crypto isakmp policy ${policy.priority}`,
        ` ${keyword} ${replacement}`,
      ],
    };
  } else {
    range = wordsRange(policy.node, 0);
    fix = {
      title: `Add ${keyword} ${replacement} to policy ${policy.priority} (change the peer to match)`,
      edits: [
        insertChild(model.tree, policy.node, `${keyword} ${replacement}`),
      ],
      cli: [
        `crypto isakmp policy ${policy.priority}`,
        ` ${keyword} ${replacement}`,
      ],
    };
  }
  const byDefault = line
    ? ""
    : ` (the IOS default when no \`${keyword}\` line is written)`;
  return {
    code: "weak-crypto",
    range,
    message: `ISAKMP policy ${policy.priority} uses ${weak.label}${byDefault}: ${weak.why}. Use \`${keyword} ${replacement}\` instead${legacyText(weak, legacy)}. ${BOTH_PEERS}`,
    fixes: [fix],
  };
}

/** Where each IKEv2 proposal attribute's weak values are listed. */
const IKEV2_CONTEXT: Record<
  "encryption" | "integrity" | "prf" | "group",
  WeakContext
> = {
  encryption: "ikev2-encryption",
  integrity: "ikev2-integrity",
  prf: "ikev2-integrity",
  group: "dh-group",
};

/**
 * Weak algorithms an IKEv2 proposal lists. A proposal line may list several; a weak one beside
 * strong ones is still accepted from a peer that offers only it, so each is reported, and its fix
 * removes it when others remain (IOS adds to the list on `encryption ...`, so the console form
 * is `no encryption 3des`).
 */
function ikev2Proposals(model: ConfigModel): Finding[] {
  const out: Finding[] = [];
  for (const proposal of model.ikev2Proposals) {
    for (const attribute of [
      "encryption",
      "integrity",
      "prf",
      "group",
    ] as const) {
      const line = proposal.lines[attribute];
      if (!line) {
        continue;
      }
      const words = line.words.slice(1);
      const context = IKEV2_CONTEXT[attribute];
      const strong = words.filter((w) => !weakAlgorithm(context, w.text));
      words.forEach((word, i) => {
        const weak = weakAlgorithm(context, word.text);
        if (weak) {
          out.push(
            ikev2Finding(
              proposal,
              attribute,
              line,
              words,
              i,
              weak,
              strong.length > 0,
            ),
          );
        }
      });
    }
  }
  return out;
}

function ikev2Finding(
  proposal: Ikev2Proposal,
  attribute: "encryption" | "integrity" | "prf" | "group",
  line: ConfigNode,
  words: ConfigNode["words"],
  index: number,
  weak: WeakAlgorithm,
  othersRemain: boolean,
): Finding {
  const word = words[index]!;
  const head = `crypto ikev2 proposal ${proposal.name}`;
  const fix: Fix = othersRemain
    ? {
        title: `Remove ${word.text} from proposal ${proposal.name} (change the peer to match)`,
        // The word and the space before it (the keyword always precedes it).
        edits: [
          replaceRange(
            {
              start: (index > 0 ? words[index - 1]! : line.words[0]!).range.end,
              end: word.range.end,
            },
            "",
          ),
        ],
        cli: [head, ` no ${attribute} ${word.text}`],
      }
    : {
        title: `Use ${attribute} ${weak.replacement} in proposal ${proposal.name} (change the peer to match)`,
        edits: [replaceRange(word.range, weak.replacement)],
        cli: [
          head,
          ` ${attribute} ${weak.replacement}`,
          ` no ${attribute} ${word.text}`,
        ],
      };
  const advice = othersRemain
    ? `Remove it from the \`${attribute}\` line: the stronger choices there remain`
    : `Use \`${attribute} ${weak.replacement}\` instead`;
  return {
    code: "weak-crypto",
    range: word.range,
    message: `IKEv2 proposal ${proposal.name} offers ${weak.label}${attribute === "group" ? "" : ` for ${attribute === "prf" ? "the PRF" : attribute}`}: ${weak.why}. ${advice}. ${BOTH_PEERS}`,
    fixes: [fix],
  };
}

function transformSets(model: ConfigModel, legacy: boolean): Finding[] {
  const out: Finding[] = [];
  for (const set of model.transformSets) {
    for (const transform of set.transforms) {
      const weak = weakAlgorithm("transform", transform.name);
      if (!weak) {
        continue;
      }
      const replacement = replacementOf(weak, legacy);
      out.push({
        code: "weak-crypto",
        range: transform.range,
        message: `Transform set ${set.name} uses ${weak.label} (${transform.name}): ${weak.why}. Use ${replacement} instead${legacyText(weak, legacy)}. ${BOTH_PEERS}`,
        fixes: [
          {
            title: `Use ${replacement} in transform set ${set.name} (change the peer to match)`,
            edits: [replaceRange(transform.range, replacement)],
            cli: [setLineWith(set, transform.range, replacement)],
          },
        ],
      });
    }
    const unsigned = encryptsWithoutIntegrity(set, legacy);
    if (unsigned) {
      out.push(unsigned);
    }
  }
  return out;
}

/**
 * An ESP cipher with neither an ESP nor an AH integrity transform beside it: the traffic is
 * hidden, but a forged or replayed packet decrypts to garbage the router forwards, and CBC
 * without integrity is open to active attacks on the plaintext (RFC 4303 allows it, RFC 8221
 * advises against it). A combined-mode cipher (GCM) protects integrity itself.
 */
function encryptsWithoutIntegrity(
  set: TransformSet,
  legacy: boolean,
): Finding | undefined {
  const slots = set.transforms.map((t) => TRANSFORM_FACTS[t.name]?.slot);
  const cipher = set.transforms.find(
    (t) =>
      TRANSFORM_FACTS[t.name]?.slot === "esp-encryption" &&
      t.name !== "esp-null",
  );
  if (
    !cipher ||
    slots.includes("esp-integrity") ||
    slots.includes("ah-integrity") ||
    slots.includes("esp-combined") ||
    slots.includes(undefined)
  ) {
    return undefined;
  }
  const integrity = legacy ? "esp-sha-hmac" : "esp-sha256-hmac";
  const end = cipher.range.end;
  return {
    code: "weak-crypto",
    range: cipher.range,
    message: `Transform set ${set.name} encrypts with ${cipher.name} but has no integrity transform: a forged or replayed packet is decrypted and forwarded, and the ciphertext can be altered undetected. Add ${integrity}${legacy ? "" : " (or use esp-gcm 256, which protects integrity itself)"}. ${BOTH_PEERS}`,
    fixes: [
      {
        title: `Add ${integrity} to transform set ${set.name} (change the peer to match)`,
        edits: [replaceRange({ start: end, end }, ` ${integrity}`)],
        cli: [setLineWith(set, { start: end, end }, ` ${integrity}`)],
      },
    ],
  };
}

function pfs(model: ConfigModel, legacy: boolean): Finding[] {
  const out: Finding[] = [];
  const holders: {
    label: string;
    head: ConfigNode;
    pfs: { group: string; node: ConfigNode };
  }[] = [];
  for (const map of [
    ...model.cryptoMaps.values(),
    ...model.dynamicMaps.values(),
  ]) {
    for (const entry of map.entries) {
      if (entry.pfs) {
        holders.push({
          label: `${entry.isDynamicMapEntry ? "dynamic map" : "crypto map"} ${entry.map} ${entry.sequence}`,
          head: entry.node,
          pfs: entry.pfs,
        });
      }
    }
  }
  for (const profile of model.ipsecProfiles) {
    if (profile.pfs) {
      holders.push({
        label: `IPsec profile ${profile.name}`,
        head: profile.node,
        pfs: profile.pfs,
      });
    }
  }
  for (const { label, head, pfs } of holders) {
    const weak = weakAlgorithm("pfs", pfs.group);
    if (!weak) {
      continue;
    }
    const replacement = replacementOf(weak, legacy);
    const written = pfs.node.words[2];
    const edit = written
      ? replaceRange(written.range, replacement)
      : replaceRange(
          {
            start: pfs.node.words[1]!.range.end,
            end: pfs.node.words[1]!.range.end,
          },
          ` ${replacement}`,
        );
    out.push({
      code: "weak-crypto",
      range: written ? written.range : wordsRange(pfs.node, 0),
      message: `${label} uses ${weak.label}${written ? "" : " (what `set pfs` means without a group)"}: ${weak.why}. Use \`set pfs ${replacement}\` instead${legacyText(weak, legacy)}. ${BOTH_PEERS}`,
      fixes: [
        {
          title: `Use set pfs ${replacement} (change the peer to match)`,
          edits: [edit],
          cli: [head.text.trim(), ` set pfs ${replacement}`],
        },
      ],
    });
  }
  return out;
}

/**
 * The certificates IKE authenticates with (the router's own and its CAs'): a short RSA key or a
 * signature over a broken hash. The router's own certificate is renewed with a new key; a CA's
 * is the CA's to replace.
 */
function certificates(model: ConfigModel): Finding[] {
  const out: Finding[] = [];
  for (const { trustpoint } of ikeTrustpoints(model)) {
    for (const cert of trustpoint.certificates) {
      const details = detailsOf(cert);
      if (!details) {
        continue;
      }
      const problems: string[] = [];
      if (
        details.keyType === "rsa" &&
        details.keyBits !== undefined &&
        details.keyBits < MIN_RSA_BITS
      ) {
        problems.push(
          `its RSA key has ${details.keyBits} bits (at least ${MIN_RSA_BITS} are needed: ${details.keyBits <= 1024 ? "1024-bit keys are within reach of factoring by a well-funded attacker" : "short keys are being phased out"})`,
        );
      }
      if (details.signature?.weakness) {
        problems.push(
          `it is signed with ${details.signature.name} (${details.signature.weakness})`,
        );
      }
      if (!problems.length) {
        continue;
      }
      const own = cert.role === "router" || cert.role === "self-signed";
      const remedy = own
        ? `Generate a new key pair (\`crypto key generate rsa modulus ${MIN_RSA_BITS} label ${trustpoint.name}\`, or \`rsakeypair ${trustpoint.name} ${MIN_RSA_BITS}\` in the trustpoint) and enroll again with a CA that signs with SHA-256 (\`crypto pki enroll ${trustpoint.name}\`).`
        : "The CA must issue a new certificate with a stronger key and hash; authenticate it again (`crypto pki authenticate`) once it does.";
      out.push({
        code: "weak-crypto",
        range: wordsRange(cert.node, 0),
        message: `The ${certificateName(cert)} (${details.subject}) is weak: ${problems.join("; ")}. Peers that enforce current minimums refuse it. ${remedy}`,
      });
    }
  }
  return out;
}
