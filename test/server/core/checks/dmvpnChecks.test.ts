import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  analyse,
  findingsOf,
  serious,
  textAt,
} from "../../../support/configAnalysis";
import { assertFixesCure } from "../../../support/fixes";
import { analyseWorkspace } from "../../../../server/src/core/peers/analysis";
import { PEERS, fixture, workspace } from "../peers/support";
import { configHoverAt } from "../../../support/configFixtures";
import { parseConfig } from "../../../../server/src/core/config/parser";
import { fixture as configFixture } from "../../../support/configAnalysis";

const read = (folder: string, name: string) =>
  fs.readFileSync(path.join(PEERS, folder, name), "utf8");

const LONE = read("dmvpn-broken", "lone-spoke.ios");

/** The text of the line a finding is on, trimmed. */
function lineOf(text: string, line: number): string {
  return text.split(/\r?\n/)[line]!.trim();
}

describe("dmvpnChecks", () => {
  it("finds nothing to say on a working hub and its spokes", () => {
    for (const name of ["hub.ios", "spoke1.ios", "spoke2.ios"]) {
      assert.deepEqual(
        serious(analyse(read("dmvpn", name))).map(
          (f) => `${f.code}: ${f.message}`,
        ),
        [],
        name,
      );
    }
  });

  describe("nhrp-network-id-missing", () => {
    it("reports the mGRE tunnel that runs no NHRP, on its name", () => {
      const [f, ...rest] = findingsOf(analyse(LONE), "nhrp-network-id-missing");
      assert.ok(f);
      assert.equal(rest.length, 0);
      assert.equal(textAt(LONE, f.range), "Tunnel0");
      assert.equal(f.severity, "error");
      assert.match(f.message, /never registers to its hub/);
    });

    it("turns NHRP on with a network id", () => {
      const [cured] = assertFixesCure(LONE, "nhrp-network-id-missing");
      assert.match(
        cured!.after,
        /tunnel protection ipsec profile DMVPN\n ip nhrp network-id 1\n!\ninterface Tunnel1/,
      );
    });
  });

  describe("an IPv6 overlay (ipv6 nhrp over IPv4 NBMA addresses)", () => {
    it("takes ipv6 nhrp network-id for NHRP running, and has nothing to say on hub and spoke", () => {
      for (const name of ["hub.ios", "spoke.ios"]) {
        assert.deepEqual(
          serious(analyse(read("dmvpn-ipv6-overlay", name))).map(
            (f) => `${f.code}: ${f.message}`,
          ),
          [],
          name,
        );
      }
      // Its commands explain themselves, and its NHRP password stays masked.
      const spoke = read("dmvpn-ipv6-overlay", "spoke.ios");
      assert.match(
        configHoverAt(spoke, " ipv6 nhrp n|hs 2001"),
        /next-hop server \(hub\) of the IPv6 overlay/,
      );
      assert.ok(
        parseConfig(spoke).secrets.some((x) => x.value === "cisco"),
        "ipv6 nhrp authentication is a secret",
      );
      const off = read("dmvpn-ipv6-overlay", "spoke.ios").replace(
        " ipv6 nhrp network-id 1\n",
        "",
      );
      assert.equal(
        findingsOf(analyse(off), "nhrp-network-id-missing").length,
        1,
      );
    });

    it("pairs the spoke with its hub by the NBMA address its IPv6 mappings give", () => {
      const ws = fixture("dmvpn-ipv6-overlay");
      const [pair, ...rest] = analyseWorkspace(ws.view).pairs;
      assert.equal(rest.length, 0);
      assert.equal(pair!.pair.a.router.name, "SPOKE");
      assert.equal(pair!.pair.b?.router.name, "HUB");
      assert.equal(pair!.forward?.outcome, "ESTABLISHED");
      // The key is checked between them as for any spoke.
      const wrong = workspace(
        { name: "hub.ios", text: ws.text("hub.ios") },
        {
          name: "spoke.ios",
          text: ws
            .text("spoke.ios")
            .replace(
              "crypto isakmp key DmvpnKey",
              "crypto isakmp key OtherKey",
            ),
        },
      );
      assert.equal(
        analyseWorkspace(wrong.view).pairs[0]?.outcome,
        "PHASE1_KEY_MISMATCH",
      );
    });
  });

  describe("nhrp-nhs-unmapped", () => {
    it("reports a next-hop server with no NBMA address, and not one mapped on its own line", () => {
      const found = findingsOf(analyse(LONE), "nhrp-nhs-unmapped");
      assert.deepEqual(
        found.map((f) => lineOf(LONE, f.range.start.line)),
        ["ip nhrp nhs 172.16.0.1"],
      );
      assert.match(found[0]!.message, /no `ip nhrp map 172\.16\.0\.1 <nbma>`/);
    });

    it("takes an NBMA host name on the nhs line as a mapping (IOS resolves it by DNS)", () => {
      const text = LONE.replace(
        " ip nhrp nhs 172.16.0.1\n",
        " ip nhrp nhs 172.16.0.1 nbma hub.example.com multicast\n",
      );
      assert.deepEqual(findingsOf(analyse(text), "nhrp-nhs-unmapped"), []);
    });

    it("maps the server to the NBMA address the user types", () => {
      const [cured] = assertFixesCure(LONE, "nhrp-nhs-unmapped", {
        "hub NBMA address": "203.0.113.1",
      });
      assert.deepEqual(cured!.fix.cli, [
        "interface Tunnel0",
        " ip nhrp map 172.16.0.1 <hub NBMA address>",
      ]);
      assert.match(cured!.after, / ip nhrp map 172\.16\.0\.1 203\.0\.113\.1\n/);
    });

    it("writes the hub's NBMA address when the tunnel copies multicast to it, with no placeholder", () => {
      const text = LONE.replace(
        " ip nhrp nhs 172.16.0.1\n",
        " ip nhrp nhs 172.16.0.1\n ip nhrp map multicast 203.0.113.9\n",
      );
      const [cured] = assertFixesCure(text, "nhrp-nhs-unmapped");
      assert.equal(cured!.fix.snippet, undefined);
      assert.equal(
        cured!.fix.title,
        "Map next-hop server 172.16.0.1 to NBMA address 203.0.113.9",
      );
      assert.deepEqual(cured!.fix.cli, [
        "interface Tunnel0",
        " ip nhrp map 172.16.0.1 203.0.113.9",
      ]);
      assert.match(cured!.after, / ip nhrp map 172\.16\.0\.1 203\.0\.113\.9\n/);
    });
  });

  describe("nhrp-multicast-missing", () => {
    it("says the server and the multicast name two NBMA addresses, and offers to align either", () => {
      const text = configFixture("dmvpn-spoke-nbma-typo.ios");
      const [f, ...rest] = findingsOf(analyse(text), "nhrp-multicast-missing");
      assert.ok(f);
      assert.deepEqual(rest, []);
      assert.equal(
        textAt(text, f.range),
        "ip nhrp map 172.20.0.1 198.51.100.101",
      );
      assert.match(
        f.message,
        /^Tunnel0 maps its next-hop server 172\.20\.0\.1 to NBMA address 198\.51\.100\.101 .* but copies multicast to 198\.51\.100\.100 .*: one of the two addresses is most likely mistyped\./,
      );
      const results = assertFixesCure(text, "nhrp-multicast-missing");
      assert.deepEqual(
        results.map((r) => [r.fix.title, r.fix.isPreferred]),
        [
          [
            "Copy multicast to 198.51.100.101, the address the server is mapped to",
            undefined,
          ],
          [
            "Map the server 172.20.0.1 to 198.51.100.100, the address multicast goes to",
            undefined,
          ],
        ],
      );
      assert.match(
        results[1]!.after,
        /^ ip nhrp map 172\.20\.0\.1 198\.51\.100\.100$/m,
      );
    });

    it("reports a spoke whose routing protocol covers the tunnel but copies no multicast to its hub", () => {
      const found = findingsOf(analyse(LONE), "nhrp-multicast-missing");
      // Tunnel0 runs no NHRP at all: that finding comes first, not this one.
      assert.deepEqual(
        found.map((f) => lineOf(LONE, f.range.start.line)),
        ["ip nhrp nhs 172.17.0.1"],
      );
      assert.equal(found[0]!.severity, "warning");
      assert.match(found[0]!.message, /ip nhrp map multicast 203\.0\.113\.9/);
    });

    it("reports a classic IOS hub without `ip nhrp map multicast dynamic`, and cures it", () => {
      const hub = read("dmvpn", "hub.ios")
        .replace(" ip nhrp map multicast dynamic\n", "")
        .replace("hostname Hub\n", "version 15.4\nhostname Hub\n");
      const [f] = findingsOf(analyse(hub), "nhrp-multicast-missing");
      assert.ok(f);
      assert.match(f.message, /sends its hellos to no spoke/);
      assertFixesCure(hub, "nhrp-multicast-missing");
      // Later IOS-XE may imply the line and hide it; without a version line nothing is known.
      for (const version of ["version 16.9\n", ""]) {
        const other = hub.replace("version 15.4\n", version);
        assert.deepEqual(
          findingsOf(analyse(other), "nhrp-multicast-missing"),
          [],
          version,
        );
      }
    });

    it("stays silent when no multicast routing protocol covers the tunnel", () => {
      const hub = read("dmvpn", "hub.ios")
        .replace(" ip nhrp map multicast dynamic\n", "")
        .replace("hostname Hub\n", "version 15.4\nhostname Hub\n")
        .replace(" network 172.16.0.0 0.0.0.255\n", "");
      assert.deepEqual(findingsOf(analyse(hub), "nhrp-multicast-missing"), []);
      // An OSPF interface statement on the tunnel counts as running it there.
      const ospf = hub.replace(
        " ip nhrp network-id 10\n",
        " ip nhrp network-id 10\n ip ospf 1 area 0\n",
      );
      assert.equal(
        findingsOf(analyse(ospf), "nhrp-multicast-missing").length,
        1,
      );
    });
  });

  describe("tunnel-protection-not-shared", () => {
    it("reports each tunnel sharing a source and profile without `shared`, related to the other", () => {
      const found = findingsOf(analyse(LONE), "tunnel-protection-not-shared");
      assert.deepEqual(
        found.map((f) => [
          textAt(LONE, f.range).trim(),
          f.related?.[0]?.message,
        ]),
        [
          [
            "tunnel protection ipsec profile DMVPN",
            "Tunnel1: same source and profile",
          ],
          [
            "tunnel protection ipsec profile DMVPN",
            "Tunnel0: same source and profile",
          ],
        ],
      );
    });

    it("knows one source written in full and abbreviated", () => {
      const abbreviated = LONE.replace(
        /(interface Tunnel1\n(?: .*\n)*?) tunnel source GigabitEthernet0\/1\n/,
        "$1 tunnel source Gi0/1\n",
      );
      assert.notEqual(abbreviated, LONE);
      assert.equal(
        findingsOf(analyse(abbreviated), "tunnel-protection-not-shared").length,
        2,
      );
    });

    it("adds `shared`, and is silent once both tunnels have it", () => {
      const results = assertFixesCure(LONE, "tunnel-protection-not-shared");
      assert.match(
        results[0]!.after,
        / tunnel protection ipsec profile DMVPN shared\n/,
      );
      const both = LONE.replace(
        /tunnel protection ipsec profile DMVPN\n/g,
        "tunnel protection ipsec profile DMVPN shared\n",
      );
      assert.deepEqual(
        findingsOf(analyse(both), "tunnel-protection-not-shared"),
        [],
      );
    });
  });
});
