import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseConfig } from "../../../../server/src/core/config/parser";
import type { OutlineSymbol } from "../../../../server/src/core/document";
import { configOutline } from "../../../../server/src/core/symbols/configSymbols";
import type { Range } from "../../../../server/src/core/text/position";
import { comparePositions } from "../../../../server/src/core/text/position";
import { allConfigs, corpus, example } from "../../../support/configFixtures";

const inside = (inner: Range, outer: Range): boolean =>
  comparePositions(inner.start, outer.start) >= 0 &&
  comparePositions(inner.end, outer.end) <= 0;

function flatten(symbols: OutlineSymbol[]): OutlineSymbol[] {
  return symbols.flatMap((s) => [s, ...flatten(s.children ?? [])]);
}

describe("configSymbols", () => {
  it("outlines Tokyo: interfaces, the ACL, the policy, the key, the transform set and the map", () => {
    const outline = configOutline(parseConfig(example("tokyo.ios")));
    const names = outline.map((s) => s.name);
    for (const expected of [
      "isakmp policy 10",
      "isakmp key 172.16.6.2",
      "transform-set mjlnet",
      "crypto map mjlnetmap",
      "FastEthernet0/0",
      "Serial4/0",
      "access-list 101",
    ]) {
      assert.ok(
        names.includes(expected),
        `${expected} missing from ${names.join(", ")}`,
      );
    }
    // In file order, as the editor lists them.
    assert.deepEqual(
      outline.map((s) => s.range.start.line),
      [...outline.map((s) => s.range.start.line)].sort((a, b) => a - b),
    );
    const map = outline.find((s) => s.name === "crypto map mjlnetmap")!;
    assert.equal(map.children?.[0]?.name, "10");
    assert.match(
      map.children?.[0]?.detail ?? "",
      /ipsec-isakmp → 172\.16\.6\.2/,
    );
    const acl = outline.find((s) => s.name === "access-list 101")!;
    assert.deepEqual(
      acl.children?.map((c) => c.name),
      ["permit ip 10.1.1.0/24 → 10.2.2.0/24"],
    );
    assert.equal(
      outline.find((s) => s.name === "Serial4/0")!.detail,
      "172.16.5.1",
    );
    assert.match(
      outline.find((s) => s.name === "isakmp policy 10")!.detail ?? "",
      /des md5 pre-share group 1/,
    );
  });

  it("outlines keyrings with their keys, profiles, dynamic maps, identities and trustpoints", () => {
    const outline = configOutline(
      parseConfig(corpus("cfg_batfish_ios-crypto-map.cfg")),
    );
    const keyring = outline.find((s) => s.name === "keyring KEYRING")!;
    assert.deepEqual(
      keyring.children?.map((c) => c.name),
      ["key 1.2.3.4"],
    );
    const dynamic = outline.find((s) => s.name === "dynamic-map mydynamicmap")!;
    assert.deepEqual(
      dynamic.children?.map((c) => c.name),
      ["5", "15"],
    );
    const map = outline.find((s) => s.name === "crypto map mymap")!;
    assert.deepEqual(
      map.children?.map((c) => c.detail),
      [
        "ipsec-isakmp → 1.2.3.4",
        "ipsec-isakmp → 3.4.5.6",
        "dynamic mydynamicmap",
      ],
    );
    assert.ok(outline.some((s) => s.name === "isakmp profile ISAKMP-PROFILE"));
    assert.ok(outline.some((s) => s.name === "ipsec profile IPSEC-PROFILE1"));
    const exitgw = configOutline(
      parseConfig(corpus("cfg_lab-validation_exitgw_csr1000v-16.4.cfg")),
    );
    assert.ok(
      exitgw.some((s) => s.name === "trustpoint TP-self-signed-329331437"),
    );
    const identity = configOutline(
      parseConfig("crypto identity BRANCHES\n dn ou=branch\n"),
    );
    assert.deepEqual(
      identity.map((s) => [s.name, s.detail]),
      [["crypto identity BRANCHES", "dn ou=branch"]],
    );
  });

  it("keeps every selection range inside its range and children inside parents, on every fixture", () => {
    for (const { name, text } of allConfigs()) {
      const check = (
        symbols: OutlineSymbol[],
        parent?: OutlineSymbol,
      ): void => {
        for (const s of symbols) {
          assert.ok(s.name.length > 0, `${name}: empty name`);
          assert.ok(
            inside(s.selectionRange, s.range),
            `${name}: ${s.name} selection outside range`,
          );
          if (parent) {
            assert.ok(
              inside(s.range, parent.range),
              `${name}: ${s.name} outside ${parent.name}`,
            );
          }
          check(s.children ?? [], s);
        }
      };
      check(configOutline(parseConfig(text)));
    }
  });

  it("never puts a key in a name or detail", () => {
    for (const { name, text } of allConfigs()) {
      const model = parseConfig(text);
      const secrets = model.secrets
        .map((s) => s.value)
        .filter((v) => v.length >= 4);
      for (const s of flatten(configOutline(model))) {
        for (const secret of secrets) {
          assert.ok(
            !s.name.includes(secret) && !(s.detail ?? "").includes(secret),
            `${name}: ${s.name} shows a key`,
          );
        }
      }
    }
  });

  it("outlines the zone-based firewall: zones, zone-pairs, inspect class-maps and policy-maps", () => {
    const outline = configOutline(
      parseConfig(
        [
          "zone security OUTSIDE",
          "class-map type inspect match-any MGMT",
          " match protocol ssh",
          "policy-map type inspect PM",
          " class type inspect MGMT",
          "  inspect",
          " class class-default",
          "zone-pair security OUT-SELF source OUTSIDE destination self",
          " service-policy type inspect PM",
          "",
        ].join("\n"),
      ),
    );
    assert.deepEqual(
      outline.map((s) => [s.name, s.detail]),
      [
        ["zone OUTSIDE", undefined],
        ["class-map MGMT", "match-any, 1 match"],
        ["policy-map PM", "MGMT: inspect, class-default: drop"],
        ["zone-pair OUT-SELF", "OUTSIDE → self, PM"],
      ],
    );
  });

  it("outlines IKEv2 proposals, policies, keyrings with their peers and profiles", () => {
    const outline = configOutline(
      parseConfig(
        readFileSync(
          join(__dirname, "../../../fixtures/peers/ikev2/working/tokyo.ios"),
          "utf8",
        ),
      ),
    );
    const ikev2 = outline.filter((s) => s.name.startsWith("ikev2 "));
    assert.deepEqual(
      ikev2.map((s) => [s.name, s.detail]),
      [
        ["ikev2 proposal PROP-AES", "aes-cbc-256 aes-cbc-128 sha256 group 14"],
        ["ikev2 policy POL-TOKYO", "PROP-AES"],
        ["ikev2 keyring KR-OSAKA", undefined],
        ["ikev2 profile PROF-OSAKA", "address 172.16.6.2"],
      ],
    );
    const keyring = ikev2.find((s) => s.name === "ikev2 keyring KR-OSAKA")!;
    // The peer's keys stay out of the outline.
    assert.deepEqual(
      keyring.children?.map((c) => [c.name, c.detail]),
      [["peer Osaka", "172.16.6.2 255.255.255.255"]],
    );
  });

  it("names a FlexVPN profile's certificate map and virtual template", () => {
    const outline = configOutline(
      parseConfig(
        [
          "crypto ikev2 profile FLEX-PROF",
          " match certificate CERTMAP",
          " virtual-template 1",
          "",
        ].join("\n"),
      ),
    );
    assert.deepEqual(
      outline.map((s) => [s.name, s.detail]),
      [["ikev2 profile FLEX-PROF", "certificate CERTMAP, virtual-template 1"]],
    );
  });

  it("shows a transform's key length in the transform set's detail", () => {
    const outline = configOutline(
      parseConfig(
        "crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac\n",
      ),
    );
    assert.equal(outline[0]?.detail, "esp-aes 256 esp-sha256-hmac");
  });

  it("drops entry children of long ACLs", () => {
    const lines = Array.from(
      { length: 60 },
      (_, i) => `access-list 150 permit ip host 10.0.0.${i} any`,
    );
    const outline = configOutline(parseConfig(lines.join("\n")));
    assert.equal(outline[0]!.children, undefined);
    assert.equal(outline[0]!.detail, "extended, 60 entries");
  });

  it("names IPv6 keys by their prefix and IPv6 crypto maps by their name", () => {
    const text = readFileSync(
      join(__dirname, "../../../fixtures/configs/ipv6-isakmp-keys.ios"),
      "utf8",
    );
    const names = configOutline(parseConfig(text)).map((s) => s.name);
    assert.ok(names.includes("isakmp key 2001:DB8:0:2::/64"), names.join(", "));
    // The IPv6 crypto map is outlined under its own name, with its IPv6 peer.
    const maps = configOutline(parseConfig(text)).filter((n) =>
      n.name.startsWith("crypto map"),
    );
    assert.deepEqual(
      maps.map((m) => [m.name, m.children?.map((c) => [c.name, c.detail])]),
      [["crypto map ipv6 MAP6", [["10", "ipsec-isakmp → 2001:DB8:0:2::1"]]]],
    );
  });

  it("outlines each entry of a certificate map with its lines", () => {
    const text = readFileSync(
      join(__dirname, "../../../fixtures/peers/ikev2/certificate-map/hq.ios"),
      "utf8",
    );
    const maps = configOutline(parseConfig(text)).filter((s) =>
      s.name.startsWith("certificate map"),
    );
    assert.deepEqual(
      maps.map((m) => [m.name, m.detail]),
      [["certificate map CERT-MAP 10", "subject-name co ou = vpn"]],
    );
  });
});

describe("configSymbols: certificate chains", () => {
  it("outlines a chain with each certificate's subject and end date", () => {
    const outline = configOutline(
      parseConfig(
        readFileSync(
          join(
            __dirname,
            "../../../fixtures/peers/certificate-chains/tokyo.ios",
          ),
          "utf8",
        ),
      ),
    );
    const chain = outline.find((s) => s.name === "certificate chain LAB-CA");
    assert.ok(chain);
    assert.deepEqual(
      chain.children?.map((c) => [c.name, c.detail]),
      [
        [
          "certificate 02",
          "CN=tokyo.lens.lab, OU=VPN, O=Lens Lab, until 2026-06-01",
        ],
        [
          "CA certificate 01",
          "CN=Lens Lab Root CA, O=Lens Lab, until 2034-01-01",
        ],
      ],
    );
    for (const child of chain.children!) {
      assert.ok(inside(child.range, chain.range));
    }
  });
});
