import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { TextEdit } from "../../../../server/src/core/diagnostics/finding";
import { applyEdits } from "../../../support/applyEdits";
import { captureText, seedText } from "../../../support/captures";
import {
  checkCapture,
  codesOf,
  only,
  textOf,
} from "../../../support/captureChecks";
import { CORPUS_DIR, corpus } from "../../../support/configFixtures";

describe("checks/captureShowChecks", () => {
  it("flags IKE SAs stuck before authentication, not QM_IDLE ones", () => {
    const text = captureText("show-problems.ioslog");
    const stuck = checkCapture(text).filter(
      (f) => f.code === "show-isakmp-sa-stuck",
    );
    assert.deepEqual(
      stuck.map((f) => textOf(text, f.range)),
      ["MM_NO_STATE", "MM_KEY_EXCH"],
    );
    assert.match(stuck[1]!.message, /pre-shared keys differ/);
    assert.deepEqual(codesOf(checkCapture(seedText(29))), []);
    const xe = corpus("show_genie_iosxe_show-crypto-isakmp-sa.txt");
    // One IPv4 and one IPv6 SA in MM_NO_STATE (being deleted).
    assert.equal(
      checkCapture(xe).filter((f) => f.code === "show-isakmp-sa-stuck").length,
      2,
    );
  });

  it("flags a flow that encrypts but never decrypts", () => {
    const text = captureText("show-problems.ioslog");
    const f = only(checkCapture(text), "show-ipsec-no-decaps");
    assert.equal(textOf(text, f.range), "#pkts decaps: 0");
    assert.match(f.message, /^57 packets encrypted to 198\.51\.100\.12/);
    for (const n of [79, 83, 85, 86, 89, 94]) {
      assert.deepEqual(codesOf(checkCapture(seedText(n))), [], `8-${n}`);
    }
  });

  it("flags denies of IPsec protocols that packets hit", () => {
    const t96 = seedText(96);
    const f = only(checkCapture(t96), "show-acl-blocks-ipsec");
    assert.equal(textOf(t96, f.range), "deny esp any any");
    assert.match(f.message, /ACL 105 denies ESP and 20 packets have hit/);
    assert.deepEqual(f.fixes![0]!.cli, [
      "ip access-list extended 105",
      " 5 permit esp any any",
    ]);
    const text = captureText("show-problems.ioslog");
    const nat = checkCapture(text).filter(
      (x) => x.code === "show-acl-blocks-ipsec",
    );
    // `deny esp any any` without matches is not reported: nothing was dropped.
    assert.deepEqual(
      nat.map((x) => textOf(text, x.range)),
      ["deny udp any any eq non500-isakmp"],
    );
    assert.deepEqual(nat[0]!.fixes![0]!.cli, [
      "ip access-list extended WAN-IN",
      " 19 permit udp any any eq non500-isakmp",
    ]);
    assert.deepEqual(codesOf(checkCapture(seedText(53))), []);
  });

  it("inserts the permit before the deny in the router's config", () => {
    const osaka =
      "hostname Osaka\n!\ninterface Serial2/0\n ip address 172.16.6.2 255.255.255.0\n ip access-group 105 in\n!\naccess-list 105 deny esp any any\naccess-list 105 permit ip any any\n";
    const uri = "file:///work/osaka.ios";
    const f = only(
      checkCapture(seedText(96), { [uri]: osaka }),
      "show-acl-blocks-ipsec",
    );
    const edits: TextEdit[] = f.fixes![0]!.edits;
    assert.match(
      applyEdits(
        osaka,
        edits.filter((e) => e.uri === uri),
      ),
      /access-list 105 permit esp any any\naccess-list 105 deny esp any any/,
    );
  });

  it("finds no problem in the corpus's healthy show outputs", () => {
    for (const name of fs
      .readdirSync(CORPUS_DIR)
      .filter((n) => n.startsWith("show_"))) {
      const findings = checkCapture(
        fs.readFileSync(path.join(CORPUS_DIR, name), "utf8"),
      ).filter(
        (f) => f.code.startsWith("show-") && f.code !== "show-isakmp-sa-stuck",
      );
      assert.deepEqual(codesOf(findings), [], name);
    }
  });
});
