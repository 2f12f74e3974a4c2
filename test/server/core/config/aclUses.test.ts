import * as assert from "node:assert/strict";
import { parseConfig } from "../../../../server/src/core/config/parser";
import { DEFAULT_ANALYSIS_SETTINGS } from "../../../../server/src/core/document";
import { configHover } from "../../../../server/src/core/hover/configHover";
import { cursorIn } from "../../../support/configFixtures";
import { textAt } from "../../../support/configAnalysis";

/** A router's management and routing sections, each naming ACLs the way IOS writes them. */
const TEXT = [
  "hostname R1",
  "access-list 10 permit 192.0.2.0 0.0.0.255",
  "access-list 20 permit 192.0.2.20",
  "access-list 30 permit 192.0.2.30",
  "access-list 40 permit 10.0.0.0 0.255.255.255",
  "ip access-list standard MGMT",
  " permit 192.0.2.10",
  "snmp-server community S3cretRO RO 10",
  "snmp-server community S3cretRW view ALL RW MGMT",
  "snmp-server community Publ1c RO ipv6 V6-SNMP 20",
  "snmp-server community NoAcl RO",
  "ntp access-group peer 20",
  "ntp access-group ipv4 serve-only MGMT kod",
  "ntp access-group ipv6 peer V6-NTP",
  "ntp access-group 30",
  "ip http access-class 30",
  "ip http access-class ipv4 MGMT",
  "ip http access-class ipv6 V6-HTTP",
  "router ospf 1",
  " distribute-list 40 in GigabitEthernet0/1",
  " distribute-list prefix NETS in",
  " distribute-list route-map RM out",
  "router bgp 65000",
  " address-family ipv4",
  "  distribute-list 40 out",
  " exit-address-family",
  "line con 0",
  " access-class 10 in",
  "line vty 0 4",
  " access-class MGMT in vrf-also",
  " ipv6 access-class V6-VTY in",
  " transport input ssh",
  "end",
].join("\n");

describe("config/aclUses", () => {
  const model = parseConfig(TEXT);
  const uses = model.references
    .filter((r) => r.kind === "acl")
    .map((r) => [r.node.text.trim(), textAt(TEXT, r.range)]);

  it("records the ACL of every vty, SNMP, NTP, HTTP and distribute-list command as a use", () => {
    assert.deepEqual(uses, [
      ["snmp-server community S3cretRO RO 10", "10"],
      ["snmp-server community S3cretRW view ALL RW MGMT", "MGMT"],
      ["snmp-server community Publ1c RO ipv6 V6-SNMP 20", "20"],
      ["ntp access-group peer 20", "20"],
      ["ntp access-group ipv4 serve-only MGMT kod", "MGMT"],
      ["ntp access-group 30", "30"],
      ["ip http access-class 30", "30"],
      ["ip http access-class ipv4 MGMT", "MGMT"],
      ["distribute-list 40 in GigabitEthernet0/1", "40"],
      ["distribute-list 40 out", "40"],
      ["access-class 10 in", "10"],
      ["access-class MGMT in vrf-also", "MGMT"],
    ]);
  });

  it("leaves prefix lists, route-maps and IPv6 ACLs alone (the model holds IPv4 ACLs only)", () => {
    const names = new Set(uses.map(([, name]) => name));
    for (const other of [
      "NETS",
      "RM",
      "V6-SNMP",
      "V6-NTP",
      "V6-HTTP",
      "V6-VTY",
    ]) {
      assert.ok(!names.has(other), other);
    }
  });

  it("keeps SNMP communities as secrets, so no echo of the line shows them", () => {
    const secrets = model.secrets.map((s) => textAt(TEXT, s.range));
    for (const community of ["S3cretRO", "S3cretRW", "Publ1c", "NoAcl"]) {
      assert.ok(secrets.includes(community), community);
    }
    // The ACL's hover lists its uses, the SNMP line among them, masked.
    const hover = configHover(
      model,
      cursorIn(TEXT, "access-list 1|0 permit"),
      DEFAULT_ANALYSIS_SETTINGS,
    )!.markdown;
    assert.match(hover, /snmp-server community \*+ RO 10/);
    assert.match(hover, /access-class 10 in/);
    assert.doesNotMatch(hover, /S3cret/);
  });

  it("ignores the same words where IOS does not read them as these commands", () => {
    const elsewhere = parseConfig(
      [
        "interface GigabitEthernet0/0",
        " access-class 10 in",
        " distribute-list 40 in",
        "access-class 10 in",
        "line vty 0 4",
        " distribute-list 40 in",
      ].join("\n"),
    );
    assert.deepEqual(elsewhere.references, []);
  });
});
