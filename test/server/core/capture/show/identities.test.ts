import * as assert from "node:assert/strict";
import { describeIdentity } from "../../../../../server/src/core/capture/show/identities";

describe("capture/show/identities", () => {
  it("reads the (addr/mask/prot/port) identities of show crypto ipsec sa as CIDR", () => {
    assert.equal(
      describeIdentity("(10.20.0.0/255.255.0.0/0/0)"),
      "10.20.0.0/16",
    );
    assert.equal(
      describeIdentity("(172.20.0.21/255.255.255.255/0/0)"),
      "host 172.20.0.21",
    );
    assert.equal(describeIdentity("(0.0.0.0/0.0.0.0/0/0)"), "any address");
  });

  it("names the protocol and port of a narrower flow", () => {
    assert.equal(
      describeIdentity("(192.0.2.1/255.255.255.255/47/0)"),
      "host 192.0.2.1, gre",
    );
    assert.equal(
      describeIdentity("(10.1.1.0/255.255.255.0/17/500)"),
      "10.1.1.0/24, udp port 500",
    );
    assert.equal(
      describeIdentity("(10.1.1.0/255.255.255.0/89/0)"),
      "10.1.1.0/24, ospf",
    );
  });

  it("leaves text of another shape as printed", () => {
    for (const text of [
      "(2001:DB8::/32/0/0)",
      "(10.1.1.0/255.0.255.0/0/0)",
      "(10.1.1.0/255.255.255.0/0)",
      "10.1.1.0/24",
      "",
    ]) {
      assert.equal(describeIdentity(text), text);
    }
  });
});
