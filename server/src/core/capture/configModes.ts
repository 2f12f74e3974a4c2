import type { CaptureModel, PromptLine } from "./model";

/**
 * The configuration modes of a console session: for each prompt, the commands that entered its
 * mode, outermost first (`crypto ikev2 keyring KR`, then `peer HQ` for a prompt in
 * `config-ikev2-keyring-peer` mode), as far as the session shows them. A command typed in a
 * mode is what the router reads under those headers, so the capture's checks and hovers can
 * read it as the config line it is. Each router of a session is followed apart.
 */

const NO_HEADERS: readonly string[] = [];

/** Commands that leave a mode: what they were typed in is no header of the next prompt's mode. */
const LEAVING = /^(?:exit|end|quit|\^z)$/i;

/**
 * The first words of global commands that open a mode. Typed in a submode, such a command leaves
 * it for the mode it opens; any other command that changes the mode opens a submode.
 */
const GLOBAL =
  /^(?:crypto|interface|router|ip|ipv6|line|policy-map|class-map|route-map|zone|zone-pair|key|aaa|parameter-map|object-group|vrf|track|controller|archive|redundancy|control-plane|username|access-list)\b/i;

const CACHE = new WeakMap<CaptureModel, (readonly string[])[]>();

/** The mode headers of every prompt, by the prompt's index in `model.prompts`. */
export function modeHeaders(
  model: CaptureModel,
): readonly (readonly string[])[] {
  let headers = CACHE.get(model);
  if (!headers) {
    headers = computeHeaders(model.prompts);
    CACHE.set(model, headers);
  }
  return headers;
}

function computeHeaders(prompts: readonly PromptLine[]): (readonly string[])[] {
  const out: (readonly string[])[] = [];
  /** Per router: the headers of each mode as last entered, and its previous prompt. */
  const entered = new Map<string, Map<string, readonly string[]>>();
  const previous = new Map<
    string,
    { prompt: PromptLine; headers: readonly string[] }
  >();
  for (const prompt of prompts) {
    let modes = entered.get(prompt.hostname);
    if (!modes) {
      modes = new Map();
      entered.set(prompt.hostname, modes);
    }
    const before = previous.get(prompt.hostname);
    const mode = prompt.mode;
    let headers = NO_HEADERS;
    if (mode?.startsWith("config-")) {
      const command = before?.prompt.command ?? "";
      const known = modes.get(mode);
      const entering =
        before !== undefined &&
        command !== "" &&
        !LEAVING.test(command) &&
        (before.prompt.mode !== mode ||
          // The mode's own command typed again with other arguments (`crypto map M 20`
          // from `config-crypto-map`) enters another section of the same kind.
          (known !== undefined &&
            sameKeywords(command, known[known.length - 1]!)));
      if (entering) {
        // A global command typed in another mode leaves that mode (IOS runs it globally).
        const outer =
          before.prompt.mode === mode
            ? known!.slice(0, -1)
            : GLOBAL.test(command)
              ? NO_HEADERS
              : before.headers;
        headers = [...outer, command];
        modes.set(mode, headers);
      } else {
        headers = known ?? NO_HEADERS;
      }
    }
    out.push(headers);
    previous.set(prompt.hostname, { prompt, headers });
  }
  return out;
}

/**
 * True when two commands start with the same two keywords, either maybe abbreviated as IOS takes
 * them (`cry map` is `crypto map`), their arguments aside.
 */
export function sameKeywords(a: string, b: string): boolean {
  const x = a.toLowerCase().split(/\s+/, 2);
  const y = b.toLowerCase().split(/\s+/, 2);
  return x.every((w, k) => {
    const v = y[k];
    return v !== undefined && w !== "" && (w.startsWith(v) || v.startsWith(w));
  });
}

/**
 * A typed configuration command as the config lines it stands for: its mode's headers, each
 * indented one more space, then the command. `line` and `column` place the command's first
 * character in that text.
 */
export function asConfigLines(
  headers: readonly string[],
  command: string,
): { text: string; line: number; column: number } {
  const lines = headers.map((h, i) => `${" ".repeat(i)}${h}`);
  const column = headers.length;
  lines.push(`${" ".repeat(column)}${command}`);
  return { text: lines.join("\n"), line: headers.length, column };
}
