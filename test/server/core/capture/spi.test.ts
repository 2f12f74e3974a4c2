import * as assert from "node:assert/strict";
import { formatSpi, spiValue } from "../../../../server/src/core/capture/spi";

describe("capture/spi", () => {
  it("reads every way captures print an SPI as one unsigned value", () => {
    assert.equal(spiValue("0x7E5A7D6C"), 0x7e5a7d6c);
    assert.equal(spiValue("0x7E5A7D6C(2119859564)"), 0x7e5a7d6c);
    assert.equal(spiValue("0x7E5A7D6C (2119859564)"), 0x7e5a7d6c);
    assert.equal(spiValue("7E5A7D6C"), 0x7e5a7d6c);
    assert.equal(spiValue("2119859564"), 0x7e5a7d6c);
    // Old IOS debug prints SPIs above 2^31 as signed decimals.
    assert.equal(spiValue("-565122577"), 0xde50e9ef);
    assert.equal(formatSpi(spiValue("-565122577")!), "0xDE50E9EF");
  });

  it("refuses what is not a 32-bit SPI", () => {
    for (const text of [
      "0x123456789",
      "4294967296",
      "-4294967297",
      "spi",
      "8A5F2C9D8A5F2C9D",
    ]) {
      assert.equal(spiValue(text), undefined, text);
    }
  });
});
