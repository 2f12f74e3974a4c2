import * as assert from "node:assert/strict";
import {
  analyse,
  findingsOf,
  fixture,
  textAt,
} from "../../../support/configAnalysis";
import { assertFixesCure } from "../../../support/fixes";

describe("checks/ahNatChecks", () => {
  const text = fixture("ah-nat.ios");

  it("flags AH transforms on a crypto interface that does NAT, on the transform", () => {
    const found = findingsOf(analyse(text), "ah-through-nat");
    assert.equal(found.length, 2);
    for (const f of found) {
      assert.equal(textAt(text, f.range), "ah-sha-hmac");
      assert.equal(f.severity, "warning");
      assert.match(f.message, /GigabitEthernet0\/0.*ip nat outside/);
    }
  });

  it("replaces AH by ESP authentication, or drops it when ESP already authenticates", () => {
    const results = assertFixesCure(text, "ah-through-nat");
    assert.ok(
      results.some((r) =>
        /^crypto ipsec transform-set AH-ONLY esp-sha-hmac esp-aes 256$/m.test(
          r.after,
        ),
      ),
    );
    assert.ok(
      results.some((r) =>
        /^crypto ipsec transform-set AH-AND-ESP esp-aes 256 esp-sha-hmac$/m.test(
          r.after,
        ),
      ),
    );
  });

  it("turns an AH-only set into ESP authentication, which IOS accepts alone", () => {
    const ahAlone = text.replace(
      "transform-set AH-ONLY ah-sha-hmac esp-aes 256",
      "transform-set AH-ONLY ah-sha256-hmac",
    );
    const [f] = findingsOf(analyse(ahAlone), "ah-through-nat").filter(
      (x) => textAt(ahAlone, x.range) === "ah-sha256-hmac",
    );
    assert.match(f!.message, /ESP authentication \(esp-sha256-hmac\)/);
    assert.deepEqual(
      f!.fixes!.map((x) => x.cli),
      [["crypto ipsec transform-set AH-ONLY esp-sha256-hmac"]],
    );
    const results = assertFixesCure(ahAlone, "ah-through-nat");
    assert.ok(
      results.some((r) =>
        /^crypto ipsec transform-set AH-ONLY esp-sha256-hmac$/m.test(r.after),
      ),
    );
  });

  it("stays quiet without NAT on the interface or without AH", () => {
    const noNat = text.replace(" ip nat outside\n", "");
    assert.deepEqual(findingsOf(analyse(noNat), "ah-through-nat"), []);
    const esp = text.replace(/ah-sha-hmac /g, "");
    assert.deepEqual(findingsOf(analyse(esp), "ah-through-nat"), []);
  });
});
