import * as assert from "node:assert/strict";
import { parseConfig } from "../../../../server/src/core/config/parser";
import {
  evaluatePolicy,
  evaluateSelfTraffic,
  policyClasses,
  selfZonePair,
  zoneFirewallView,
} from "../../../../server/src/core/config/zoneFirewall";
import type { Packet } from "../../../../server/src/core/ipv4/acl";
import { parseIpv4 } from "../../../../server/src/core/ipv4/address";
import { fixture, textAt } from "../../../support/configAnalysis";

const ip = (text: string): number => {
  const value = parseIpv4(text);
  assert.ok(value !== undefined, text);
  return value;
};

const PEER = ip("198.51.100.2");
const LOCAL = ip("203.0.113.1");
const isakmp = (from = PEER, to = LOCAL): Packet => ({
  protocol: 17,
  source: from,
  destination: to,
  sourcePort: 500,
  destinationPort: 500,
});
const natT = (from = PEER, to = LOCAL): Packet => ({
  ...isakmp(from, to),
  sourcePort: 4500,
  destinationPort: 4500,
});
const esp = (from = PEER, to = LOCAL): Packet => ({
  protocol: 50,
  source: from,
  destination: to,
});

const TEXT = fixture("zone-firewall.ios");

/** A minimal firewall around one OUTSIDE→self policy, with extra top-level lines. */
function firewall(policy: string[], extra: string[] = []): string {
  return [
    "zone security OUTSIDE",
    ...extra,
    "policy-map type inspect PM",
    ...policy,
    "zone-pair security OUT-SELF source OUTSIDE destination self",
    " service-policy type inspect PM",
    "interface GigabitEthernet0/0",
    " ip address 203.0.113.1 255.255.255.0",
    " zone-member security OUTSIDE",
    "",
  ].join("\n");
}

describe("config/zoneFirewall", () => {
  describe("the parser", () => {
    it("reads zones, zone-pairs, inspect class-maps and policy-maps with their names", () => {
      const model = parseConfig(TEXT);
      assert.deepEqual(
        model.zones.map((z) => z.name),
        ["INSIDE", "OUTSIDE"],
      );
      assert.deepEqual(
        model.zonePairs.map((p) => [
          p.name,
          p.source,
          p.destination,
          p.servicePolicy?.name,
        ]),
        [
          ["IN-OUT", "INSIDE", "OUTSIDE", "IN-OUT-PM"],
          ["OUT-IN", "OUTSIDE", "INSIDE", "OUT-IN-PM"],
          ["OUT-SELF", "OUTSIDE", "self", "OUT-SELF-PM"],
        ],
      );
      const mgmt = model.inspectClassMaps[0]!;
      assert.equal(mgmt.name, "MGMT-CM");
      assert.equal(mgmt.matchAny, true);
      assert.equal(textAt(TEXT, mgmt.nameRange), "MGMT-CM");
      assert.deepEqual(
        mgmt.matches.map((m) => (m.kind === "protocol" ? m.protocol : m.kind)),
        ["ssh", "icmp"],
      );
      const policy = model.inspectPolicyMaps[0]!;
      assert.equal(policy.name, "OUT-SELF-PM");
      assert.deepEqual(
        policy.classes.map((c) => [c.classMap?.name, c.action]),
        [
          ["MGMT-CM", "inspect"],
          [undefined, "drop"],
        ],
      );
      const outside = model.interfaces.find(
        (i) => i.name === "GigabitEthernet0/0",
      );
      assert.equal(outside?.zone?.name, "OUTSIDE");
      assert.equal(textAt(TEXT, outside!.zone!.range), "OUTSIDE");
    });

    it("records definitions and references of zones, class-maps, policy-maps and ACLs", () => {
      const text = [
        "zone security OUTSIDE",
        "class-map type inspect match-all INNER",
        " match access-group name PEERS",
        " match access-group 120",
        "class-map type inspect OUTER",
        " match class-map INNER",
        " match user-group staff",
        "policy-map type inspect PM",
        " class type inspect OUTER",
        "  pass log",
        " class class-default",
        "zone-pair security Z source OUTSIDE destination self",
        " service-policy type inspect PM",
        "interface Gi0/0",
        " zone-member security OUTSIDE",
        "",
      ].join("\n");
      const model = parseConfig(text);
      const defs = model.definitions.map((d) => `${d.kind}:${d.name}`);
      assert.deepEqual(
        defs.filter((d) => !d.startsWith("interface:")),
        ["zone:OUTSIDE", "class-map:INNER", "class-map:OUTER", "policy-map:PM"],
      );
      const refs = model.references.map((r) => `${r.kind}:${r.name}`);
      assert.deepEqual(
        refs.filter((r) => !r.startsWith("interface:")),
        [
          "acl:PEERS",
          "acl:120",
          "class-map:INNER",
          "class-map:OUTER",
          "zone:OUTSIDE",
          "policy-map:PM",
          "zone:OUTSIDE",
        ],
      );
      const inner = model.inspectClassMaps[0]!;
      assert.equal(inner.matchAny, false);
      assert.deepEqual(
        model.inspectClassMaps[1]!.matches.map((m) => m.kind),
        ["class-map", "other"],
      );
      // A class without an action line drops.
      assert.deepEqual(
        model.inspectPolicyMaps[0]!.classes.map((c) => c.action),
        ["pass", "drop"],
      );
    });

    it("leaves QoS and layer 7 maps alone", () => {
      const model = parseConfig(
        [
          "class-map match-any VOICE",
          " match dscp ef",
          "class-map type inspect http match-any HTTP-L7",
          " match request method connect",
          "policy-map WAN-QOS",
          " class VOICE",
          "  priority 512",
          "policy-map type inspect http HTTP-L7-PM",
          " class type inspect http HTTP-L7",
          "  reset",
          "",
        ].join("\n"),
      );
      assert.deepEqual(model.inspectClassMaps, []);
      assert.deepEqual(model.inspectPolicyMaps, []);
      assert.deepEqual(model.definitions, []);
      assert.deepEqual(model.references, []);
    });
  });

  describe("evaluation", () => {
    it("drops what the OUTSIDE→self policy of the fixture does not name, and inspects its SSH", () => {
      const model = parseConfig(TEXT);
      for (const packet of [isakmp(), natT(), esp()]) {
        const verdict = evaluateSelfTraffic(
          model,
          "OUTSIDE",
          "to-self",
          packet,
        );
        assert.equal(verdict.outcome, "drop");
        assert.equal(verdict.pair?.name, "OUT-SELF");
        assert.equal(verdict.policy, "OUT-SELF-PM");
        assert.equal(verdict.decidedBy?.classMap, undefined);
        assert.ok(verdict.decidedBy, "the written class-default decides");
      }
      const ssh: Packet = {
        protocol: 6,
        source: PEER,
        destination: LOCAL,
        sourcePort: 50000,
        destinationPort: 22,
      };
      const verdict = evaluateSelfTraffic(model, "OUTSIDE", "to-self", ssh);
      assert.equal(verdict.outcome, "inspect");
      assert.equal(verdict.decidedBy?.classMap?.name, "MGMT-CM");
    });

    it("allows traffic with the router when no zone-pair (or no policy) names self that way", () => {
      const model = parseConfig(TEXT);
      assert.equal(selfZonePair(model, "OUTSIDE", "from-self"), undefined);
      assert.equal(
        evaluateSelfTraffic(model, "OUTSIDE", "from-self", isakmp(LOCAL, PEER))
          .outcome,
        "allowed",
      );
      assert.equal(
        evaluateSelfTraffic(model, "INSIDE", "to-self", esp()).outcome,
        "allowed",
      );
      const noPolicy = parseConfig(
        TEXT.replace(" service-policy type inspect OUT-SELF-PM\n", ""),
      );
      const verdict = evaluateSelfTraffic(
        noPolicy,
        "OUTSIDE",
        "to-self",
        esp(),
      );
      assert.equal(verdict.outcome, "allowed");
      assert.equal(verdict.pair?.name, "OUT-SELF");
    });

    it("follows class order, match-any and match-all, nested class-maps and ACLs", () => {
      const text = firewall(
        [
          " class type inspect IKE-ESP",
          "  pass",
          " class type inspect UDP-ALL",
          "  inspect",
          " class class-default",
          "  drop",
        ],
        [
          "ip access-list extended ESP-IN",
          " deny esp host 192.0.2.66 any",
          " permit esp any host 203.0.113.1",
          "class-map type inspect match-any IKE",
          " match protocol isakmp",
          "class-map type inspect match-any IKE-ESP",
          " match class-map IKE",
          " match access-group name ESP-IN",
          // match-all of UDP and an ESP-only ACL can never match.
          "class-map type inspect match-all UDP-ALL",
          " match protocol udp",
          " match access-group name ESP-IN",
        ],
      );
      const model = parseConfig(text);
      const at = (packet: Packet) => {
        const v = evaluateSelfTraffic(model, "OUTSIDE", "to-self", packet);
        return `${v.outcome}:${v.decidedBy?.classMap?.name ?? "default"}`;
      };
      assert.equal(at(isakmp()), "pass:IKE-ESP");
      assert.equal(at(esp()), "pass:IKE-ESP");
      // The ACL's deny comes first for this peer: no match, class-default drops.
      assert.equal(at(esp(ip("192.0.2.66"))), "drop:default");
      // UDP 4500 is neither isakmp nor in the ACL; UDP-ALL is match-all and the ACL is ESP only.
      assert.equal(at(natT()), "drop:default");
    });

    it("drops with the implicit class-default when the policy writes none", () => {
      const model = parseConfig(
        firewall(
          [" class type inspect SSH", "  inspect"],
          ["class-map type inspect SSH", " match protocol ssh"],
        ),
      );
      const verdict = evaluatePolicy(model, "PM", esp());
      assert.equal(verdict.outcome, "drop");
      assert.equal(verdict.decidedBy, undefined);
      assert.deepEqual(
        policyClasses(zoneFirewallView(model), "PM")!.map(
          (c) => c.classMap?.name,
        ),
        ["SSH"],
      );
    });

    it("says unknown rather than guess: unknown protocols, missing or unreadable ACLs, other matches, port-maps", () => {
      const verdictWith = (classMap: string[], extra: string[] = []) =>
        evaluatePolicy(
          parseConfig(
            firewall(
              [" class type inspect CM", "  pass", " class class-default"],
              ["class-map type inspect match-any CM", ...classMap, ...extra],
            ),
          ),
          "PM",
          isakmp(),
        ).outcome;
      assert.equal(verdictWith([" match protocol ssh"]), "drop");
      assert.equal(verdictWith([" match protocol ipsec"]), "unknown");
      assert.equal(
        verdictWith([" match access-group name MISSING"]),
        "unknown",
      );
      assert.equal(
        verdictWith(
          [" match access-group name ODD"],
          ["ip access-list extended ODD", " permit udp object-group PEERS any"],
        ),
        "unknown",
      );
      assert.equal(verdictWith([" match user-group vpn"]), "unknown");
      assert.equal(verdictWith([" match class-map NOWHERE"]), "unknown");
      // A class that may match but drops anyway leaves the verdict sure.
      assert.equal(
        evaluatePolicy(
          parseConfig(
            firewall(
              [" class type inspect CM", "  drop", " class class-default"],
              ["class-map type inspect CM", " match protocol ipsec"],
            ),
          ),
          "PM",
          esp(),
        ).outcome,
        "drop",
      );
      // `ip port-map` may give UDP 500 to another application: ssh can no longer be ruled out.
      assert.equal(
        verdictWith([" match protocol ssh"], ["ip port-map ssh port udp 500"]),
        "unknown",
      );
      // A class-map that names itself is not followed forever.
      assert.equal(verdictWith([" match class-map CM"]), "unknown");
      assert.equal(
        evaluatePolicy(parseConfig(""), "NONE", esp()).outcome,
        "unknown",
      );
    });

    it("reads ESP and AH as no application of the port map", () => {
      const model = parseConfig(
        firewall(
          [" class type inspect ALL", "  pass", " class class-default"],
          [
            "class-map type inspect match-any ALL",
            " match protocol tcp",
            " match protocol udp",
            " match protocol icmp",
            " match protocol isakmp",
            " match protocol dns",
          ],
        ),
      );
      assert.equal(evaluatePolicy(model, "PM", esp()).outcome, "drop");
      assert.equal(
        evaluatePolicy(model, "PM", { ...esp(), protocol: 51 }).outcome,
        "drop",
      );
      assert.equal(evaluatePolicy(model, "PM", natT()).outcome, "pass");
    });
  });
});
