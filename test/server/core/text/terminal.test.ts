import * as assert from "node:assert/strict";
import {
  hasTerminalEdits,
  shownText,
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
});
