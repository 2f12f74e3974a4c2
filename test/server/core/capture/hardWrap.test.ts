import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { captureAnnotations } from "../../../../server/src/core/annotations/captureAnnotations";
import {
  LineKind,
  type CaptureModel,
} from "../../../../server/src/core/capture/model";
import { parseCapture } from "../../../../server/src/core/capture/parser";
import { detectWrapWidth } from "../../../../server/src/core/capture/wrap";
import { splitLines } from "../../../../server/src/core/text/lines";
import {
  captureFixturePaths,
  captureHoverAt,
  captureText,
  lineOf,
} from "../../../support/captures";
import { checkCapture, only, textOf } from "../../../support/captureChecks";
import { hardWrap } from "../../../support/hardWrap";
import { REPO_ROOT } from "../../../support/paths";

/** The original and the same capture copied from a terminal 80 columns wide that cut its lines. */
const ORIGINAL = captureText("iosxe-policy-mismatch.ioslog");
const WRAPPED = captureText("iosxe-policy-mismatch-hard-wrapped.ioslog");

/** What a page that wraps words at `width` columns makes of a capture (the space kept in front of the wrapped word). */
function wordWrap(text: string, width: number): string {
  return text
    .split("\n")
    .map((line) => {
      const out: string[] = [];
      let rest = line;
      while (rest.length > width) {
        const cut = rest.lastIndexOf(" ", width);
        if (cut <= 0) {
          break;
        }
        out.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      out.push(rest);
      return out.join("\n");
    })
    .join("\n");
}

/** A syslog message longer than 80 columns, as `show logging` prints it. */
const LOGGED =
  "000419: 2d01h: %CRYPTO-4-RECVD_PKT_MAC_ERR: decrypt: mac verify failed for connection id=2989 local=172.16.6.2 remote=172.16.5.1 spi=999CD43B seqno=00071328";

/** Each message's event, with runs of spaces read as one (a cut just before two spaces loses one). */
function events(model: CaptureModel): string[] {
  return model.messages.map((m) =>
    JSON.stringify(m.event ?? null).replace(/ +/g, " "),
  );
}

/** Each finding as its code and the first line of its message, line numbers left out. */
function findings(text: string): string[] {
  return checkCapture(text)
    .map(
      (f) =>
        `${f.code}: ${f.message.split("\n")[0]!.replace(/\blines? \d+(?:-\d+)?/g, "line N")}`,
    )
    .sort();
}

describe("capture/hard-wrapped captures", () => {
  it("the fixture is its original hard-wrapped at 80 columns (test/support/hardWrap.ts)", () => {
    assert.equal(WRAPPED, hardWrap(ORIGINAL, 80));
    assert.ok(splitLines(WRAPPED).every((l) => l.length <= 80));
  });

  it("finds the width a terminal cut the lines at, and none in a capture nobody wrapped", () => {
    assert.equal(detectWrapWidth(splitLines(WRAPPED)), 80);
    assert.equal(parseCapture(WRAPPED).wrapWidth, 80);
    const ios15 = captureText("ios15-success.ioslog");
    for (const width of [72, 90, 100]) {
      assert.equal(
        detectWrapWidth(splitLines(hardWrap(ios15, width))),
        width,
        `at ${width}`,
      );
    }
    for (const file of captureFixturePaths()) {
      const text = fs.readFileSync(file, "utf8");
      if (file.endsWith("-hard-wrapped.ioslog")) {
        continue;
      }
      const name = path.relative(REPO_ROOT, file);
      assert.equal(detectWrapWidth(splitLines(text)), 0, name);
      // A page that wraps words cuts IOS's repeated lines at the same column: no width either.
      for (const width of [80, 100]) {
        assert.equal(
          detectWrapWidth(splitLines(wordWrap(text, width))),
          0,
          `${name} word-wrapped at ${width}`,
        );
      }
    }
  });

  it("reads the wrapped capture as the original: the same messages, events and findings", () => {
    const original = parseCapture(ORIGINAL);
    const wrapped = parseCapture(WRAPPED);
    assert.deepEqual(
      wrapped.messages.map((m) => m.body),
      original.messages.map((m) => m.body),
    );
    assert.deepEqual(events(wrapped), events(original));
    assert.deepEqual(findings(WRAPPED), findings(ORIGINAL));
    // Numbers, names and addresses cut in two read whole (`5` + `00`, `peer` + `_port`, `of ` +
    // `5: construct_fail_ag_init`, which reads as a sequence number on its own).
    const bodies = wrapped.messages.map((m) => m.body);
    for (const whole of [
      "Created a peer struct for 10.0.0.1, peer port 500",
      "sending packet to 10.0.0.1 my_port 500 peer_port 500 (R) MM_NO_STATE",
      "incrementing error counter on sa, attempt 1 of 5: construct_fail_ag_init",
      "phase 1 SA policy not acceptable! (local 10.0.0.2 remote 10.0.0.1)",
    ]) {
      assert.ok(bodies.includes(whole), whole);
    }
    const f = only(checkCapture(WRAPPED), "log-ike-policy-mismatch");
    assert.equal(textOf(WRAPPED, f.range), "no offers accepted!");
    assert.match(
      f.message,
      /policy 10 differs in encryption algorithm \(offered AES-CBC\); policy 20 differs in diffie-hellman group \(offered 14\)/,
    );
    // A message cut in two sits on its lines: its first line and the rest.
    const cut = lineOf(WRAPPED, "attempt 1 of");
    assert.equal(wrapped.kinds[cut], LineKind.Message);
    assert.equal(wrapped.kinds[cut + 1], LineKind.Continuation);
    assert.equal(wrapped.gluedLines?.[cut + 1], 1);
  });

  it("reads every capture fixture hard-wrapped at 80 and 132 columns as the original", function () {
    this.timeout(60_000);
    let compared = 0;
    for (const file of captureFixturePaths()) {
      const text = fs.readFileSync(file, "utf8");
      const name = path.relative(REPO_ROOT, file);
      const original = parseCapture(text);
      for (const width of [80, 132]) {
        const cut = hardWrap(text, width);
        const wrapped = parseCapture(cut);
        if (cut === text || wrapped.wrapWidth === undefined) {
          // Not wrapped, or too few lines cut to tell the width (those keep their old joins).
          continue;
        }
        assert.equal(wrapped.wrapWidth, width, name);
        assert.deepEqual(
          events(wrapped),
          events(original),
          `${name} at ${width}`,
        );
        assert.deepEqual(findings(cut), findings(text), `${name} at ${width}`);
        compared++;
      }
    }
    // Most of the debug captures are long enough to show their width (42 of them when written).
    assert.ok(compared >= 30, `only ${compared} wrapped captures compared`);
  });

  it("reads a state name the terminal cut in two whole in a hover", () => {
    // ios15-success at 80 columns cuts `New State = IKE_I_MM1` as `IKE_` | `I_MM1`.
    const text = hardWrap(captureText("ios15-success.ioslog"), 80);
    const lines = text.split("\n");
    const rest = lines.findIndex((l) => l === "I_MM1");
    assert.ok(rest > 0 && lines[rest - 1]!.endsWith("IKE_"));
    const before = lines.slice(0, rest).join("\n");
    const after = lines.slice(rest).join("\n");
    for (const marked of [
      `${before}\nI_M|${after.slice(3)}`,
      `${before.slice(0, -2)}|${before.slice(-2)}\n${after}`,
    ]) {
      const hover = captureHoverAt(marked);
      assert.ok(hover);
      assert.equal(hover.word, "IKE_I_MM1");
      assert.match(hover.markdown, /^\*\*IKE_I_MM1\*\* \(IKE state\)/);
    }
    const model = parseCapture(text);
    assert.equal(model.gluedLines?.[rest], 1);
    assert.equal(
      model.messages[model.lineMessage[rest]!]!.body,
      "Old State = IKE_READY  New State = IKE_I_MM1",
    );
  });

  it("joins a word-wrapped capture with a space, as before", () => {
    const ikev2 = captureText("ikev2-wrapped-profile-not-found.ioslog");
    const model = parseCapture(ikev2);
    assert.equal(model.wrapWidth, undefined);
    assert.ok(
      model.messages.some(
        (m) => m.body === "Failed to locate an item in the database",
      ),
    );
    // IKEv1 lines a page wraps keep the space before the wrapped word: indented, joined.
    const words = parseCapture(wordWrap(ORIGINAL, 80));
    assert.equal(words.wrapWidth, undefined);
    assert.equal(words.gluedLines, undefined);
    const bodies = words.messages.map((m) => m.body);
    for (const whole of [
      "received packet from 10.0.0.1 dport 500 sport 500 Global (N) NEW SA",
      "Encryption algorithm offered does not match policy!",
      "phase 1 SA policy not acceptable! (local 10.0.0.2 remote 10.0.0.1)",
    ]) {
      assert.ok(bodies.includes(whole), whole);
    }
  });

  it("keeps apart a line that fills the width and a new line after it", () => {
    // Lines of the capture that are exactly 80 long by themselves, then a new message.
    const model = parseCapture(WRAPPED);
    const full = lineOf(WRAPPED, "life duration (VPI) of  0x0 0x1 0x51 0x80");
    assert.equal(WRAPPED.split("\n")[full]!.length, 80);
    assert.equal(model.kinds[full + 1], LineKind.Message);
    // 80 columns, then a prompt, a blank line, a state line, a show header, a row of a show
    // whose output the message interrupted; and a cut message in `show logging`'s output.
    const filler =
      "Jan 10 12:00:02.000: ISAKMP: (0):peer does not do paranoid keepalives.";
    const full80 = (n: number): string =>
      `${filler}${"x".repeat(80 - filler.length - 1)}${n}`;
    const text = [
      WRAPPED.trimEnd(),
      full80(1),
      "R2#show crypto isakmp sa",
      "IPv4 Crypto ISAKMP SA",
      "dst             src             state          conn-id status",
      "10.0.0.2        10.0.0.1        MM_NO_STATE          0 ACTIVE",
      "R2#",
      full80(2),
      "",
      "continued after a blank line",
      full80(3),
      "Old State = IKE_R_MM1  New State = IKE_READY",
      full80(4),
      "IPv4 Crypto ISAKMP SA",
      "dst             src             state          conn-id status",
      "R2#show crypto isakmp sa",
      "IPv4 Crypto ISAKMP SA",
      "dst             src             state          conn-id status",
      full80(5),
      "10.0.0.3        10.0.0.1        MM_NO_STATE          0 ACTIVE",
      "R2#show logging",
      hardWrap(LOGGED, 80),
      "R2#",
    ].join("\n");
    const m = parseCapture(text);
    assert.equal(m.wrapWidth, 80);
    const after = WRAPPED.trimEnd().split("\n").length;
    const at = (needle: string): number => lineOf(text, needle, after);
    assert.equal(m.kinds[at("R2#show crypto isakmp sa")], LineKind.Prompt);
    assert.equal(m.kinds[at("10.0.0.2        10.0.0.1")], LineKind.Show);
    assert.equal(m.kinds[at("continued after a blank line")], LineKind.Text);
    // IOS prints the state line under its message: joined as it always was, with a space.
    const state = at("Old State = IKE_R_MM1  New State = IKE_READY");
    assert.equal(m.kinds[state], LineKind.Continuation);
    assert.equal(m.gluedLines?.[state], 0);
    assert.ok(
      m.messages[m.lineMessage[state]!]!.body.endsWith(
        "x3 Old State = IKE_R_MM1  New State = IKE_READY",
      ),
    );
    const header = lineOf(text, "IPv4 Crypto ISAKMP SA", state);
    assert.equal(m.kinds[header - 1], LineKind.Message);
    assert.equal(m.kinds[header], LineKind.Show);
    assert.equal(m.kinds[at("10.0.0.3        10.0.0.1")], LineKind.Show);
    assert.ok(m.messages.some((x) => LOGGED.endsWith(x.body)));
    for (let n = 1; n <= 5; n++) {
      const line = at(full80(n));
      const message = m.messages[m.lineMessage[line]!]!;
      assert.equal(message.line, line);
      assert.equal(message.body.startsWith("peer does not do"), true);
      if (n !== 3) {
        assert.equal(message.endLine, line, `message ${n}`);
      }
    }
  });

  it("places annotations at the end of a packet's last line, the rest of its cut line", () => {
    const wrapped = parseCapture(WRAPPED);
    const original = parseCapture(ORIGINAL);
    const labels = (model: CaptureModel): string[] =>
      captureAnnotations(model).map((a) => a.label);
    assert.deepEqual(labels(wrapped), labels(original));
    const lines = WRAPPED.split("\n");
    const inlay = captureAnnotations(wrapped).find(
      (a) =>
        a.placement === "inlay" &&
        a.position.line === lineOf(WRAPPED, "rt 500 Global (N) NEW SA"),
    );
    assert.ok(
      inlay,
      "the received packet's inlay sits on the rest of its line",
    );
    assert.equal(
      inlay.position.character,
      lines[inlay.position.line]!.trimEnd().length,
    );
  });
});
