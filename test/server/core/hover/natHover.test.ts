import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseConfig } from "../../../../server/src/core/config/parser";
import { DEFAULT_ANALYSIS_SETTINGS } from "../../../../server/src/core/document";
import { configHover } from "../../../../server/src/core/hover/configHover";
import { natHover } from "../../../../server/src/core/hover/natHover";
import { cursorIn } from "../../../support/configFixtures";
import { REPO_ROOT } from "../../../support/paths";

function nat(name: string): string {
  return fs.readFileSync(
    path.join(REPO_ROOT, "test", "fixtures", "nat", name),
    "utf8",
  );
}

/** The NAT hover at the `|` of a fragment, or null. */
function hoverAt(config: string, fragment: string): string | null {
  return (
    natHover(
      parseConfig(config),
      cursorIn(config, fragment),
      DEFAULT_ANALYSIS_SETTINGS,
    )?.markdown ?? null
  );
}

function checkHover(
  config: string,
  fragment: string,
  expected: RegExp[],
): string {
  const markdown = hoverAt(config, fragment);
  assert.ok(markdown, `expected a hover at ${fragment}`);
  for (const re of expected) {
    assert.match(markdown, re, `hover at ${fragment}`);
  }
  return markdown;
}

describe("hover/natHover", () => {
  it("explains a dynamic rule: its ACL, its sides, its target, and the exemption by the deny line", () => {
    const md = checkHover(
      nat("named-exempt-hq.ios"),
      "ip nat inside source li|st NAT",
      [
        /Dynamic NAT/,
        /`ip nat inside` interface \(GigabitEthernet0\/1\)/,
        /`ip nat outside` one \(GigabitEthernet0\/0\)/,
        /address of GigabitEthernet0\/0 \(198\.51\.100\.1\)/,
        /PAT/,
        /extended ACL `NAT`/,
        /`deny   ip 10\.1\.1\.0 0\.0\.0\.255 10\.2\.2\.0 0\.0\.0\.255`/,
        /crypto map VPN 10 on GigabitEthernet0\/0, 10\.1\.1\.0\/24 → 10\.2\.2\.0\/24: exempted by `deny   ip 10\.1\.1\.0 0\.0\.0\.255 10\.2\.2\.0 0\.0\.0\.255` \(line 33\)/,
      ],
    );
    assert.doesNotMatch(md, /not exempted/);
  });

  it("says when VPN traffic is not exempted, with a packet that proves it", () => {
    checkHover(nat("partial-deny-hq.ios"), "ip nat inside so|urce", [
      /\*\*not exempted\*\*: tcp 10\.1\.1\.129:50000 → 10\.2\.2\.1:80 is translated/,
    ]);
  });

  it("lists route-map clauses and credits a deny clause", () => {
    checkHover(nat("routemap-denyclause-hq.ios"), "source route-|map NAT-RM", [
      /route-map `NAT-RM`/,
      /`deny 5` match ip address VPN-TRAFFIC/,
      /`permit 10` match ip address NAT-ACL/,
      /exempted by route-map NAT-RM deny 5/,
    ]);
    checkHover(
      nat("routemap-other-interface-hq.ios"),
      "source route-|map NAT-RM",
      [
        /only when leaving by GigabitEthernet0\/2/,
        /exempted \(no clause of route-map NAT-RM matches it on this interface\)/,
      ],
    );
    const unmodelled = nat("routemap-missing-hq.ios").replace(
      " match ip address NAT-ACL",
      " match ip address NAT-ACL\n match ip next-hop 5",
    );
    checkHover(unmodelled, "source route-|map NAT-RM", [
      /not judged: route-map NAT-RM permit 10 uses a match IPsec Lens does not model/,
    ]);
  });

  it("explains static NAT, policy static NAT, and NAT into the tunnel", () => {
    checkHover(nat("static-nat-hq.ios"), "source sta|tic 10.1.1.5", [
      /Static NAT: host 10\.1\.1\.5 is seen as 198\.51\.100\.5/,
      /every destination, the remote VPN networks included/,
      /\*\*not exempted\*\*/,
    ]);
    checkHover(nat("static-nat-hq.ios"), "static t|cp 10.1.1.6", [
      /tcp port 443 only/,
    ]);
    checkHover(nat("static-policy-hq.ios"), "source sta|tic 10.1.1.5", [
      /Policy NAT: it applies only where route-map `SERVER-NO-VPN` permits/,
      /exempted by `deny   ip host 10\.1\.1\.5 10\.2\.2\.0 0\.0\.0\.255`/,
    ]);
    checkHover(nat("nat-into-tunnel-hq.ios"), "source li|st NAT pool", [
      /pool `VPNPOOL` \(192\.0\.2\.1–192\.0\.2\.254\)/,
      /translated into the tunnel on purpose: the new source 192\.0\.2\.1 matches ACL VPN-TRAFFIC too/,
    ]);
  });

  it("explains a standard ACL and an undefined one", () => {
    checkHover(nat("standard-acl-hq.ios"), "source li|st 1", [
      /standard ACL `1`/,
      /looks at the source only/,
      /\*\*not exempted\*\*/,
    ]);
    const undefinedAcl = nat("named-exempt-hq.ios").replace(
      "source list NAT",
      "source list NOPE",
    );
    checkHover(undefinedAcl, "source li|st NOPE", [
      /`NOPE` is not defined, so the rule translates nothing/,
    ]);
  });

  it("explains the interface lines: which rules translate there and whether the crypto map's traffic is exempted", () => {
    checkHover(nat("named-missing-hq.ios"), " ip nat out|side", [
      /Packets from `ip nat inside` interfaces that leave here are translated/,
      /ip nat inside source list NAT interface GigabitEthernet0\/0 overload` \(line 29\)/,
      /\*\*Crypto map VPN is on this interface and VPN traffic is not exempted\*\*/,
    ]);
    checkHover(nat("named-exempt-hq.ios"), " ip nat out|side", [
      /its protected traffic is exempted from NAT/,
    ]);
    checkHover(nat("nvi-hq.ios"), " ip nat en|able", [/NAT virtual interface/]);
  });

  it("says an outside source rule does not touch the VPN traffic going out", () => {
    const text = nat("named-exempt-hq.ios").replace(
      "ip route 0.0.0.0",
      "ip nat outside source static 192.0.2.9 10.1.1.99\nip route 0.0.0.0",
    );
    checkHover(text, "ip nat outside sou|rce", [/source of packets coming in/]);
  });

  it("answers null away from NAT lines and configHover asks it first", () => {
    const text = nat("named-exempt-hq.ios");
    assert.equal(hoverAt(text, "crypto isakmp pol|icy 10"), null);
    const model = parseConfig(text);
    const at = cursorIn(text, "ip nat inside source li|st NAT");
    const viaConfig = configHover(model, at, DEFAULT_ANALYSIS_SETTINGS);
    assert.equal(
      viaConfig?.markdown,
      natHover(model, at, DEFAULT_ANALYSIS_SETTINGS)?.markdown,
    );
    assert.deepEqual(viaConfig?.range, {
      start: { line: at.line, character: 0 },
      end: {
        line: at.line,
        character:
          "ip nat inside source list NAT interface GigabitEthernet0/0 overload"
            .length,
      },
    });
  });
});
