import type { Transform, TransformSet } from "../config/model";
import type { Finding, Fix } from "../diagnostics/finding";
import { replaceRange } from "../fixes/configEdits";
import { dropTransform, setLineWith } from "../fixes/transformSetEdits";
import {
  EXCLUSIVE_SLOTS,
  TRANSFORM_FACTS,
  TRANSFORM_SLOT_LABELS,
  iosTransformSpelling,
  type TransformFacts,
} from "../knowledge/transforms";
import type { ConfigCheck } from "./check";

/**
 * Transform sets IOS refuses when the config is loaded: a word that is no transform, two
 * transforms for one slot (a combined-mode cipher fills both ESP slots), a key size the
 * transform does not take, no ESP or AH transform at all. IOS rejects the whole command, so the
 * set is not defined and every entry that names it has no proposal from it.
 */
export const transformSetChecks: ConfigCheck = {
  id: "transformSetChecks",
  run(model) {
    return model.transformSets.flatMap(setProblems);
  },
};

/** What IOS does with a refused line, said once for every case. */
const REFUSED =
  "IOS refuses the whole command, so the transform set is not defined and the entries that name it offer nothing from it";

function setProblems(set: TransformSet): Finding[] {
  const out: Finding[] = [];
  const taken: { transform: Transform; facts: TransformFacts }[] = [];
  for (const transform of set.transforms) {
    const facts = TRANSFORM_FACTS[transform.name];
    if (!facts) {
      out.push(unknownTransform(set, transform));
      continue;
    }
    const sizeProblem = keySizeProblem(set, transform, facts);
    if (sizeProblem) {
      out.push(sizeProblem);
    }
    const clash = taken.find((t) =>
      EXCLUSIVE_SLOTS[facts.slot].includes(t.facts.slot),
    );
    if (clash) {
      out.push(slotClash(set, transform, facts, clash));
      continue;
    }
    taken.push({ transform, facts });
  }
  const protects = taken.some((t) => t.facts.slot !== "compression");
  if (!protects && !out.length) {
    out.push(nothingToProtect(set));
  }
  return out;
}

function unknownTransform(set: TransformSet, transform: Transform): Finding {
  const word = transform.name;
  const meant = iosTransformSpelling(word);
  const placeholder = /^<.*>$/.test(word);
  const what = placeholder
    ? `\`${word}\` is a placeholder left from a template, not a transform`
    : `IOS has no transform \`${word}\``;
  const advice = meant
    ? ` IOS writes it \`${meant}\`.`
    : " Its transforms are `esp-aes 128|192|256`, `esp-gcm 128|192|256`, `esp-sha256-hmac` and the like (`crypto ipsec transform-set NAME ?` lists them).";
  return {
    code: "transform-set-invalid",
    range: transform.range,
    message: `Transform set ${set.name}: ${what}. ${REFUSED}.${advice}`,
    fixes: meant ? [rewrite(set, transform, meant)] : [],
  };
}

/** The fix that writes a transform (with its key size) as IOS takes it. */
function rewrite(set: TransformSet, transform: Transform, meant: string): Fix {
  return {
    title: `Write ${meant}`,
    edits: [replaceRange(transform.range, meant)],
    cli: [setLineWith(set, transform.range, meant)],
    isPreferred: true,
  };
}

function keySizeProblem(
  set: TransformSet,
  transform: Transform,
  facts: TransformFacts,
): Finding | undefined {
  const size = transform.keySize;
  if (size === undefined || facts.keySizes?.includes(size)) {
    return undefined;
  }
  const sizes = facts.keySizes;
  const meant = sizes
    ? `${transform.name} ${nearest(sizes, size)}`
    : transform.name;
  return {
    code: "transform-set-invalid",
    range: transform.range,
    message: `Transform set ${set.name}: \`${transform.name}\` ${sizes ? `takes a key of ${listOf(sizes)} bits, not ${size}` : `takes no key size (${facts.algorithm})`}. ${REFUSED}.`,
    fixes: [rewrite(set, transform, meant)],
  };
}

function slotClash(
  set: TransformSet,
  transform: Transform,
  facts: TransformFacts,
  clash: { transform: Transform; facts: TransformFacts },
): Finding {
  const combined =
    clash.facts.slot === "esp-combined"
      ? `${clash.transform.name} is a combined-mode cipher that protects integrity itself, so a set with it takes no other ESP transform`
      : facts.slot === "esp-combined"
        ? `${transform.name} is a combined-mode cipher that takes the place of both ESP encryption and ESP integrity, and ${clash.transform.name} already fills one`
        : `a set holds one ${TRANSFORM_SLOT_LABELS[facts.slot]} transform, and ${clash.transform.name} already is one`;
  const drop = dropTransform(set, transform);
  return {
    code: "transform-set-invalid",
    range: transform.range,
    message: `Transform set ${set.name}: ${transform.name} cannot join ${clash.transform.name}: ${combined}. ${REFUSED}.`,
    related: [
      {
        range: clash.transform.range,
        message: `${clash.transform.name}: ${TRANSFORM_SLOT_LABELS[clash.facts.slot]}`,
      },
    ],
    fixes: [
      {
        title: `Drop ${transform.name} from transform set ${set.name}`,
        edits: [drop.edit],
        cli: [drop.line],
        isPreferred: true,
      },
    ],
  };
}

/** The transforms a set needs when it has none that protects anything. */
const FIRST_TRANSFORMS = "esp-aes 256 esp-sha256-hmac";

function nothingToProtect(set: TransformSet): Finding {
  const only = set.transforms.map((t) => t.name).join(" ");
  const end = set.node.words.at(-1)!.range.end;
  const fix: Fix = {
    title: `Add ${FIRST_TRANSFORMS} to transform set ${set.name} (the peer's set must match)`,
    edits: [replaceRange({ start: end, end }, ` ${FIRST_TRANSFORMS}`)],
    cli: [
      `${set.node.text.slice(set.node.indent).trimEnd()} ${FIRST_TRANSFORMS}`,
    ],
  };
  return {
    code: "transform-set-invalid",
    range: set.nameRange,
    message: `Transform set ${set.name} has ${only ? `only ${only}, which protects nothing` : "no transform"}: IOS needs at least one ESP or AH transform. ${REFUSED}.`,
    fixes: [fix],
  };
}

function nearest(sizes: readonly number[], size: number): number {
  return sizes.reduce((best, s) =>
    Math.abs(s - size) < Math.abs(best - size) ? s : best,
  );
}

function listOf(values: readonly number[]): string {
  return values.length > 1
    ? `${values.slice(0, -1).join(", ")} or ${values.at(-1)}`
    : String(values[0]);
}
