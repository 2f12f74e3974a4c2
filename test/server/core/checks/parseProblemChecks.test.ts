import * as assert from "node:assert/strict";
import { parseProblemChecks } from "../../../../server/src/core/checks/parseProblemChecks";
import { LineProblem } from "../../../../server/src/core/config/lineEntries";
import { parseConfig } from "../../../../server/src/core/config/parser";
import { DEFAULT_ANALYSIS_SETTINGS } from "../../../../server/src/core/document";
import {
  analyse,
  findingsOf,
  fixture,
  textAt,
} from "../../../support/configAnalysis";
import { assertFixesCure } from "../../../support/fixes";
import { configHoverAt } from "../../../support/configFixtures";
import { appendTopLevel } from "../../../../server/src/core/fixes/configEdits";

import { applyEdits } from "../../../support/applyEdits";

describe("checks/parseProblemChecks", () => {
  const branch = fixture("invalid-netmasks.ios");

  it("flags each netmask IOS would refuse as an error on the mask", () => {
    const found = findingsOf(analyse(branch), "invalid-netmask");
    assert.deepEqual(
      found.map((f) => [f.severity, textAt(branch, f.range)]),
      [
        ["error", "255.255.255.2"],
        ["error", "255.255.0.255"],
      ],
    );
    assert.match(found[0]!.message, /not a valid netmask.*this address/);
    assert.match(found[1]!.message, /not a valid netmask.*this route/);
  });

  it("fixes the mask by keeping its leading one bits, and the routing check then sees the WAN subnet", () => {
    const before = analyse(branch);
    assert.ok(findingsOf(before, "no-route-to-peer").length > 0);
    const fixed = assertFixesCure(branch, "invalid-netmask");
    assert.deepEqual(
      fixed.map((r) => [r.fix.title, r.fix.cli]),
      [
        [
          "Use 255.255.255.0 (/24)",
          [
            "interface GigabitEthernet0/0",
            " ip address 198.51.100.2 255.255.255.0",
          ],
        ],
        ["Use 255.255.0.0 (/16)", ["ip route 10.9.0.0 255.255.0.0 10.1.1.254"]],
      ],
    );
    // With the WAN address back, the default route's next hop is connected again.
    const wan = fixed[0]!;
    assert.match(wan.after, /^ ip address 198\.51\.100\.2 255\.255\.255\.0$/m);
    assert.deepEqual(findingsOf(wan.findings, "no-route-to-peer"), []);
  });

  it("offers no fix when the leading run is shorter than /8 or the network has bits outside it", () => {
    const text = [
      "interface GigabitEthernet0/1",
      " ip address 10.1.1.1 0.255.255.0",
      "ip route 10.9.128.0 255.255.0.255 10.1.1.254",
    ].join("\n");
    const found = findingsOf(analyse(text), "invalid-netmask");
    assert.deepEqual(
      found.map((f) => [textAt(text, f.range), f.fixes?.length ?? 0]),
      [
        ["0.255.255.0", 0],
        ["255.255.0.255", 0],
      ],
    );
  });

  it("keeps valid masks, /0 and /32 included, quiet", () => {
    const text = [
      "interface Loopback0",
      " ip address 192.0.2.1 255.255.255.255",
      "ip route 0.0.0.0 0.0.0.0 192.0.2.2",
      "ip route 10.0.0.0 255.0.0.0 Null0",
    ].join("\n");
    assert.deepEqual(findingsOf(analyse(text), "invalid-netmask"), []);
  });

  it("reports a line whose reading failed as information that spans the line", () => {
    const text = "hostname R1\ncrypto isakmp policy 10\n encryption aes\n";
    const model = parseConfig(text);
    const node = model.tree.roots[1]!;
    model.problems.push(
      new LineProblem(
        "unreadable",
        "could not read this line: TypeError: boom",
        node,
        0,
        node.text.length,
      ),
    );
    const found = parseProblemChecks.run(model, {
      uri: "file:///r1.ios",
      settings: DEFAULT_ANALYSIS_SETTINGS,
    });
    assert.equal(found.length, 1);
    assert.equal(found[0]!.code, "unreadable-line");
    assert.equal(textAt(text, found[0]!.range), "crypto isakmp policy 10");
    assert.match(
      found[0]!.message,
      /could not read this line: TypeError: boom; .*left out of the analysis/,
    );
  });
});

describe("checks/parseProblemChecks: lines after end", () => {
  const text = fixture("lines-after-end.ios");

  it("reads nothing after a closing end, and says so once, as information, over all such lines", () => {
    const found = analyse(text);
    assert.deepEqual(
      found.map((f) => f.code),
      ["lines-after-end"],
    );
    assert.equal(found[0]!.severity, "information");
    assert.equal(
      textAt(text, found[0]!.range),
      "crypto map CMAP 20 ipsec-isakmp\n set peer 198.51.100.9",
    );
    assert.match(
      found[0]!.message,
      /the 2 lines from here on are not configured/,
    );
    // Without the end, entry 20 is live and incomplete.
    const open = text.replace("\nend\n", "\n!\n");
    assert.ok(findingsOf(analyse(open), "crypto-map-incomplete").length > 0);
  });

  it("offers to move end below them, and the router then reads them", () => {
    const [f] = analyse(text);
    const [fix] = f!.fixes!;
    assert.equal(
      fix!.title,
      "Move `end` below the 2 lines after it, so the router reads them",
    );
    assert.deepEqual(fix!.cli, [
      "crypto map CMAP 20 ipsec-isakmp",
      " set peer 198.51.100.9",
    ]);
    const after = applyEdits(text, fix!.edits);
    assert.match(
      after,
      /ip route 0\.0\.0\.0 0\.0\.0\.0 203\.0\.113\.2\ncrypto map CMAP 20 ipsec-isakmp\n set peer 198\.51\.100\.9\nend\n?$/,
    );
    const again = analyse(after);
    assert.deepEqual(findingsOf(again, "lines-after-end"), []);
    // Entry 20 is configuration now, and as incomplete as it reads.
    assert.ok(findingsOf(again, "crypto-map-incomplete").length > 0);
  });

  it("drops the first end when the lines after it close with their own", () => {
    const twice = `${text.trimEnd()}\nend\n`;
    const [fix] = findingsOf(analyse(twice), "lines-after-end")[0]!.fixes!;
    assert.equal(
      fix!.title,
      "Delete this `end`, so the router reads the 2 lines after it",
    );
    const after = applyEdits(twice, fix!.edits);
    assert.equal((after.match(/^end$/gm) ?? []).length, 1);
    assert.deepEqual(findingsOf(analyse(after), "lines-after-end"), []);
  });

  it("hovers a line after end as not configured, and counts only the live entries", () => {
    assert.match(
      configHoverAt(text, "crypto map CM|AP 20"),
      /^\*\*Not configured\*\*: this line comes after `end` \(line 30\)/,
    );
    assert.match(configHoverAt(text, "crypto map CM|AP 10"), /1 entry/);
  });

  it("inserts new top-level lines above the closing end", () => {
    const model = parseConfig(text);
    const edit = appendTopLevel(model.tree, ["ntp server 10.9.9.9"]);
    assert.equal(edit.range.start.line, 29);
  });
});
