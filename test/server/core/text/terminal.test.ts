import * as assert from "node:assert/strict";
import {
  hasTerminalEdits,
  shownText,
  withoutEscapes,
} from "../../../../server/src/core/text/terminal";

describe("text/terminal", () => {
  it("replays backspaces the way the terminal showed them", () => {
    // IOS erases its pager prompt with ten backspaces, ten spaces and ten backspaces.
    const erase = "\b".repeat(10);
    const paged = ` --More-- ${erase}          ${erase}interface Serial0/0`;
    assert.equal(hasTerminalEdits(paged), true);
    assert.equal(shownText(paged), "interface Serial0/0");
    // An indented line keeps its indent once the pager's text is erased.
    assert.equal(
      shownText(` --More-- ${erase}          ${erase} crypto map M`),
      " crypto map M",
    );
    // A typo corrected at the prompt.
    assert.equal(shownText("shw\b\bhow run"), "show run");
    assert.equal(hasTerminalEdits("shw\b\bhow run"), false);
    // More backspaces than characters stop at the first column.
    assert.equal(shownText("\b\b\bab"), "ab");
  });

  it("drops a pager prompt left without its backspaces", () => {
    assert.equal(
      shownText(" --More--         hostname Osaka"),
      "hostname Osaka",
    );
    assert.equal(shownText("hostname Osaka"), "hostname Osaka");
    assert.equal(hasTerminalEdits("hostname Osaka"), false);
  });
  it("reads past the escape sequences a logging program saved, counting those before the text", () => {
    const E = "\x1b";
    assert.deepEqual(withoutEscapes(`${E}[1;32mR1#${E}[0m show clock`), {
      text: "R1# show clock",
      lead: 7,
    });
    // A window title (OSC, ended by BEL or ESC \), a character set choice, a bare cursor move.
    assert.deepEqual(withoutEscapes(`${E}]0;R1${E}\\${E}(BR1#${E}7x`), {
      text: "R1#x",
      lead: 11,
    });
    assert.deepEqual(withoutEscapes(`${E}]2;title\x07R1#`), {
      text: "R1#",
      lead: 10,
    });
    // A line that is only sequences, or ends inside one, loses nothing but them.
    assert.deepEqual(withoutEscapes(`${E}[0m`), { text: "", lead: 4 });
    assert.deepEqual(withoutEscapes(`R1#${E}[1`), { text: "R1#", lead: 0 });
    assert.deepEqual(withoutEscapes(`R1#${E}`), { text: "R1#", lead: 0 });
    assert.deepEqual(withoutEscapes("plain"), { text: "plain", lead: 0 });
  });
});
