import type { PortMatch } from "../ipv4/acl";
import { portNumber } from "../knowledge/protocols";
import type { LineWords } from "./lineWords";

/** Port conditions as ACL lines and service object groups write them, read by column. */

/** A value read from words `from`..`next - 1`, with its columns. */
export interface Spec<T> {
  value: T;
  next: number;
  from: number;
  to: number;
}

/** Word `i` as a port of `protocol` (a number or a name). */
function portAt(
  w: LineWords,
  i: number,
  protocol: number | undefined,
): number | undefined {
  if (i >= w.count) {
    return undefined;
  }
  const n = w.number(i);
  if (n !== undefined) {
    return n <= 65535 ? n : undefined;
  }
  return portNumber(w.word(i), protocol);
}

/** The port operators, as `PortMatch` writes them. */
export const PORT_OPERATORS = ["eq", "neq", "lt", "gt", "range"] as const;

/** Reads a port condition (eq/neq/lt/gt/range) at word `i`, if there is one. */
export function readPort(
  w: LineWords,
  i: number,
  protocol: number | undefined,
): Spec<PortMatch> | undefined {
  const op = PORT_OPERATORS.find((o) => w.is(i, o));
  if (!op) {
    return undefined;
  }
  const from = w.start(i);
  if (op === "range") {
    const a = portAt(w, i + 1, protocol);
    const b = portAt(w, i + 2, protocol);
    return a !== undefined && b !== undefined
      ? { value: { op, ports: [a, b] }, next: i + 3, from, to: w.end(i + 2) }
      : undefined;
  }
  const ports: number[] = [];
  let j = i + 1;
  // `eq` may list several ports; other operators take one.
  while (j < w.count) {
    const p = portAt(w, j, protocol);
    if (p === undefined || (ports.length && op !== "eq")) {
      break;
    }
    ports.push(p);
    j++;
  }
  return ports.length
    ? { value: { op, ports }, next: j, from, to: w.end(j - 1) }
    : undefined;
}
