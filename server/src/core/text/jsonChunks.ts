/**
 * `JSON.stringify(value, null, 2) + "\n"` in pieces: one per element of the array under `key`,
 * one for everything else. A report of 180,000 tunnel pairs is 490 MB of JSON, about as long as
 * a JavaScript string may be (a few spoke more and `JSON.stringify` throws); written piece by
 * piece it never has to be one string. Joined, the pieces are exactly what `JSON.stringify`
 * writes (JSON strings hold no raw line break, so indenting line by line is safe).
 */
export function* jsonChunks<T extends object>(
  value: T,
  key: keyof T & string,
): Generator<string> {
  // The members JSON.stringify writes.
  const keys = Object.keys(value).filter((k) => {
    const v = (value as Record<string, unknown>)[k];
    return v !== undefined && typeof v !== "function" && typeof v !== "symbol";
  });
  if (!keys.length) {
    yield "{}\n";
    return;
  }
  yield "{\n";
  for (let k = 0; k < keys.length; k++) {
    const name = keys[k]!;
    const item = (value as Record<string, unknown>)[name];
    const comma = k < keys.length - 1 ? "," : "";
    if (name === key && Array.isArray(item) && item.length) {
      yield `  ${JSON.stringify(name)}: [\n`;
      for (let i = 0; i < item.length; i++) {
        // What JSON.stringify writes for an element it cannot write (undefined, a function).
        const text =
          (JSON.stringify(item[i], null, 2) as string | undefined) ?? "null";
        yield `    ${indented(text, "    ")}${i < item.length - 1 ? "," : ""}\n`;
      }
      yield `  ]${comma}\n`;
    } else {
      const text = JSON.stringify(item, null, 2);
      yield `  ${JSON.stringify(name)}: ${indented(text, "  ")}${comma}\n`;
    }
  }
  yield "}\n";
}

/** `text` with every line but the first moved right by `pad`. */
function indented(text: string, pad: string): string {
  return text.includes("\n") ? text.replace(/\n/g, `\n${pad}`) : text;
}
