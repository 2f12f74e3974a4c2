import * as assert from "node:assert/strict";
import { parseCapture } from "../../../../server/src/core/capture/parser";
import { explainCapture } from "../../../../server/src/core/capture/explain";
import { captureOutline } from "../../../../server/src/core/symbols/captureSymbols";
import { corpus } from "../../../support/configFixtures";

describe("captureSymbols", () => {
  it("names show output pasted without its prompt after the command that prints it", () => {
    const names = (name: string) =>
      captureOutline(parseCapture(corpus(name))).map((s) => s.name);
    assert.deepEqual(
      names("show_genie_iosxe_show-crypto-ikev2-sa_ipv6-pqc.txt"),
      ["show crypto ikev2 sa output"],
    );
    assert.deepEqual(
      names("show_ntc_ios_show-crypto-session-detail_down-negotiating.raw"),
      ["show crypto session output"],
    );
    // Output after its prompt is named by the prompt and the command typed there.
    assert.deepEqual(
      captureOutline(
        parseCapture(
          "Hub#sh cry sess\nCrypto session current status\n\nInterface: Tunnel7\nSession status: UP-ACTIVE\nHub#",
        ),
      ).map((s) => s.name),
      ["Hub# sh cry sess"],
    );
  });

  it("explain's show section titles pasted output the same way", () => {
    const text = explainCapture(
      parseCapture(
        corpus("show_genie_iosxe_show-crypto-ikev2-sa_ipv6-pqc.txt"),
      ),
      [],
    );
    // The output starts at ` IPv4 Crypto IKEv2  SA`, its first line.
    assert.match(text, /^- line 1 {2}show crypto ikev2 sa output$/m);
  });
});
