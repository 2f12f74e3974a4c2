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

  it("flags an IKEv2 SA that stays IN-NEG, not a READY one", () => {
    const text = captureText("show-ikev2-sa.ioslog");
    const f = only(checkCapture(text), "show-isakmp-sa-stuck");
    assert.equal(textOf(text, f.range), "IN-NEG");
    assert.match(
      f.message,
      /^The IKEv2 SA between 192\.0\.2\.1\/500 and 198\.51\.100\.7\/500 \(tunnel id 1\) is stuck in IN-NEG: .*`debug crypto ikev2` on both routers/,
    );
  });

  it("flags a flow that encrypts but never decrypts", () => {
    const text = captureText("show-problems.ioslog");
    const f = only(checkCapture(text), "show-ipsec-no-decaps");
    assert.equal(textOf(text, f.range), "#pkts decaps: 0");
    assert.match(f.message, /^57 packets encrypted to 198\.51\.100\.12/);
    for (const n of [79, 83, 86, 89, 94]) {
      assert.deepEqual(codesOf(checkCapture(seedText(n))), [], `8-${n}`);
    }
  });

  it("flags a flow that decrypts the peer's traffic and encrypts nothing back", () => {
    // The hub's flow of show-problems.ioslog turned around: replies caught by NAT on this side.
    const text = captureText("show-problems.ioslog")
      .replace(
        "#pkts encaps: 57, #pkts encrypt: 57, #pkts digest: 57",
        "#pkts encaps: 0, #pkts encrypt: 0, #pkts digest: 0",
      )
      .replace(
        "#pkts decaps: 0, #pkts decrypt: 0, #pkts verify: 0",
        "#pkts decaps: 41, #pkts decrypt: 41, #pkts verify: 41",
      );
    const f = only(checkCapture(text), "show-ipsec-no-encaps");
    assert.equal(f.severity, "warning");
    assert.equal(textOf(text, f.range), "#pkts encaps: 0");
    assert.match(
      f.message,
      /^41 packets decrypted from 198\.51\.100\.12 for 10\.20\.0\.0\/16 -> 10\.10\.0\.0\/16, none encrypted back: .*NAT translates them first/,
    );
    assert.deepEqual(
      codesOf(checkCapture(text)).filter((c) => c === "show-ipsec-no-decaps"),
      [],
    );
    // Traffic both ways, or none at all, is not one-way.
    for (const n of [86, 89, 94]) {
      assert.deepEqual(
        codesOf(checkCapture(seedText(n))).filter((c) =>
          c.startsWith("show-ipsec-no-"),
        ),
        [],
        `8-${n}`,
      );
    }
  });

  it("flags a flow with send errors and no SA, not an idle flow or one with SAs", () => {
    // Example 8-85: Tokyo's quick mode is refused, its packets pile up as send errors.
    const t85 = seedText(85);
    const f = only(checkCapture(t85), "show-ipsec-no-sa");
    assert.equal(f.severity, "warning");
    assert.equal(textOf(t85, f.range), "#send errors 10");
    assert.match(
      f.message,
      /^10 packets for 10\.1\.0\.0\/16 -> 10\.2\.0\.0\/16 could not be sent: .*no IPsec SA with 172\.16\.6\.2 exists/,
    );
    // Osaka's side of the same example has SAs (and one send error from before they existed).
    assert.deepEqual(
      codesOf(checkCapture(seedText(86))).filter(
        (c) => c === "show-ipsec-no-sa",
      ),
      [],
    );
    const idle = t85.replace("#send errors 10", "#send errors 0");
    assert.deepEqual(
      codesOf(checkCapture(idle)).filter((c) => c === "show-ipsec-no-sa"),
      [],
    );
  });

  it("names the phase 2 cause another finding of the capture proves, or refers to that finding", () => {
    // Examples 8-84 and 8-85: Osaka refuses Tokyo's quick mode; Tokyo's flow counts send errors.
    const text = `${seedText(84)}${seedText(85)}`;
    const f = only(checkCapture(text), "show-ipsec-no-sa");
    assert.equal(textOf(text, f.range), "#send errors 10");
    assert.equal(
      f.message,
      "10 packets for 10.1.0.0/16 -> 10.2.0.0/16 could not be sent: traffic matches the crypto ACL, yet no IPsec SA with 172.16.6.2 exists, because its phase 2 is refused: line 12 shows it (172.16.6.2 refused the quick mode proposal of Tokyo (PROPOSAL_NOT_CHOSEN)), so phase 1 is up and the cause is among the phase 2 settings that finding lists; `debug crypto ipsec` on the side that refused says which.",
    );
    assert.deepEqual(
      f.related?.map((r) => [r.range.start.line, r.message]),
      [[11, "the quick mode refused (log-phase2-rejected)"]],
    );
    // With both transform sets shown (8-80, 8-81), the refusal's cause is known: it is named.
    const known = `${seedText(80)}${seedText(81)}${seedText(84)}${seedText(85)}`;
    const g = only(checkCapture(known), "show-ipsec-no-sa");
    assert.match(
      g.message,
      /exists, because its phase 2 is refused: line 40 shows it \(172\.16\.6\.2 refused the quick mode proposal of Tokyo \(PROPOSAL_NOT_CHOSEN\)\)\. Cause: the transform sets share no transform: Tokyo's mjlnet \{esp-des esp-sha-hmac\} against Osaka's mjlnet \{esp-des esp-md5-hmac\}/,
    );
    assert.doesNotMatch(g.message, /PFS|mirror|phase 1 fails/);
    // A refusal with another peer, or on another router, says nothing of this flow.
    const other = `${seedText(84).replace(/172\.16\.6\.2/g, "172.16.9.9")}${seedText(85)}`;
    assert.match(
      only(checkCapture(other), "show-ipsec-no-sa").message,
      /exists, so the negotiation for this flow fails\. If `show crypto isakmp sa` shows QM_IDLE/,
    );
    const elsewhere = `${seedText(84).replace(/Tokyo#/g, "Osaka#")}${seedText(85)}`;
    assert.match(
      only(checkCapture(elsewhere), "show-ipsec-no-sa").message,
      /exists, so the negotiation for this flow fails/,
    );
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

  it("flags a crypto map entry IOS calls incomplete, saying what the output shows missing", () => {
    const text = captureText("show-crypto-map.ioslog");
    const f = only(checkCapture(text), "show-crypto-map-incomplete");
    assert.equal(f.severity, "error");
    assert.equal(
      textOf(text, f.range),
      "WARNING: This crypto map is in an incomplete state!",
    );
    assert.match(
      f.message,
      /^IOS marks crypto map BACKUP 10 incomplete: it has no peer \(`set peer`\); it has no crypto ACL \(`match address`\)\. IOS skips an incomplete entry/,
    );
    // A device's own output: the entry names ACL 101, which is printed without a single entry.
    const xe = corpus("show_genie_iosxe_show-crypto-map_incomplete.txt");
    assert.match(
      only(checkCapture(xe), "show-crypto-map-incomplete").message,
      /incomplete: it names access list 101, but no entry of that list is printed under it, so the list is most likely not defined\./,
    );
  });

  it("flags a crypto map no interface uses, once per map, with the peers of all its entries", () => {
    const text = captureText("show-crypto-map.ioslog");
    const f = only(checkCapture(text), "show-crypto-map-not-applied");
    assert.equal(f.severity, "warning");
    // The first entry of BACKUP; VPN is on GigabitEthernet0/0 and is not reported.
    assert.equal(textOf(text, f.range), "Interfaces using crypto map BACKUP:");
    assert.equal(f.range.start.line, 27);
    assert.match(
      f.message,
      /^No interface uses crypto map BACKUP: .* toward 198\.51\.100\.99 .*`crypto map BACKUP`\.$/,
    );
    // The seed's show crypto map outputs list the interface: nothing to report.
    for (const n of [33, 36, 40, 48, 87, 91]) {
      assert.deepEqual(
        codesOf(checkCapture(seedText(n))).filter((c) =>
          c.startsWith("show-crypto-map"),
        ),
        [],
        `8-${n}`,
      );
    }
  });

  it("tells an IPv6 crypto map from the IPv4 map of the same name, in the output and in the config", () => {
    const text = [
      "Branch#show crypto map",
      'Crypto Map IPv4 "VPN" 10 ipsec-isakmp',
      "\tPeer = 198.51.100.1",
      "\tInterfaces using crypto map VPN:",
      "\t\tGigabitEthernet0/0",
      "",
      'Crypto Map IPv6 "VPN" 10 ipsec-isakmp',
      "\tPeer = 2001:DB8:FFFF:1::1",
      "\tInterfaces using crypto map VPN:",
      "",
      "Branch#",
    ].join("\n");
    const uri = "file:///work/branch.ios";
    const config =
      "hostname Branch\n!\ncrypto map VPN 10 ipsec-isakmp\n set peer 198.51.100.1\ncrypto map ipv6 VPN 10 ipsec-isakmp\n set peer 2001:DB8:FFFF:1::1\n!\n";
    const f = only(
      checkCapture(text, { [uri]: config }),
      "show-crypto-map-not-applied",
    );
    assert.equal(textOf(text, f.range), "Interfaces using crypto map VPN:");
    assert.equal(f.range.start.line, 8);
    assert.match(
      f.message,
      /^No interface uses crypto map ipv6 VPN: .* toward 2001:DB8:FFFF:1::1 .*`ipv6 crypto map VPN`\.$/,
    );
    assert.deepEqual(
      f.related?.map((r) => [r.uri, r.range.start.line, r.message]),
      [[uri, 4, "Branch's crypto map ipv6 VPN 10"]],
    );
  });

  it("points both crypto map findings at the entry in the router's config", () => {
    const branch =
      "hostname Branch\n!\ncrypto map BACKUP 10 ipsec-isakmp\n set transform-set TS\ncrypto map BACKUP 20 ipsec-isakmp\n set peer 198.51.100.99\n set transform-set TS\n match address TO-DR\n!\n";
    const uri = "file:///work/branch.ios";
    const findings = checkCapture(captureText("show-crypto-map.ioslog"), {
      [uri]: branch,
    });
    for (const code of [
      "show-crypto-map-incomplete",
      "show-crypto-map-not-applied",
    ] as const) {
      const f = only(findings, code);
      assert.deepEqual(
        f.related?.map((r) => [r.uri, r.range.start.line, r.message]),
        [[uri, 2, "Branch's crypto map BACKUP 10"]],
        code,
      );
    }
  });

  it("flags a crypto session that keeps negotiating, not one that is up or idle", () => {
    const text = corpus(
      "show_ntc_ios_show-crypto-session-detail_down-negotiating.raw",
    );
    const stuck = checkCapture(text).filter(
      (f) => f.code === "show-crypto-session-stuck",
    );
    assert.deepEqual(
      stuck.map((f) => [f.severity, textOf(text, f.range)]),
      [
        ["warning", "DOWN-NEGOTIATING"],
        ["warning", "DOWN-NEGOTIATING"],
      ],
    );
    assert.match(
      stuck[0]!.message,
      /^The crypto session with 10\.161\.255\.14 on Tunnel1201 is DOWN-NEGOTIATING: phase 1 keeps being tried without success \(its IKEv1 SA is Inactive\), so no IPsec SA protects permit 47 host 10\.175\.200\.116 host 10\.161\.255\.14\. Either the peer does not answer/,
    );
    assert.deepEqual(
      stuck[0]!.related?.map((r) => [textOf(text, r.range), r.message]),
      [["Inactive", "its IKEv1 SA is Inactive"]],
    );
    const idle = captureText("show-crypto-map.ioslog").replace(
      /^Branch#$/m,
      "Branch#show crypto session\nInterface: GigabitEthernet0/0\nSession status: UP-IDLE\nPeer: 198.51.100.1 port 500\n  IKEv1 SA: local 203.0.113.9/500 remote 198.51.100.1/500 Active\nBranch#",
    );
    assert.deepEqual(
      checkCapture(idle).filter((f) => f.code === "show-crypto-session-stuck"),
      [],
    );
  });

  it("points a stuck session at its tunnel interface in the router's config", () => {
    const text =
      "Hub#show crypto session\nInterface: Tunnel7\nSession status: DOWN-NEGOTIATING\nPeer: 198.51.100.7 port 500\n  IKEv1 SA: local 198.51.100.1/500 remote 198.51.100.7/500 Inactive\n  IPSEC FLOW: permit 47 host 198.51.100.1 host 198.51.100.7\n        Active SAs: 0, origin: crypto map\nHub#\n";
    const hub =
      "hostname Hub\n!\ninterface Tunnel7\n ip address 10.255.0.1 255.255.255.252\n tunnel source 198.51.100.1\n tunnel destination 198.51.100.7\n!\n";
    const uri = "file:///work/hub.ios";
    const f = only(
      checkCapture(text, { [uri]: hub }),
      "show-crypto-session-stuck",
    );
    assert.deepEqual(
      f.related?.map((r) => [r.uri, r.range.start.line, r.message]),
      [
        [undefined, 4, "its IKEv1 SA is Inactive"],
        [uri, 2, "Hub's Tunnel7"],
      ],
    );
  });

  it("flags a show dmvpn peer that is not UP, with the cause and fix of its state", () => {
    const text = captureText("show-dmvpn-problems.ioslog");
    const down = checkCapture(text).filter(
      (f) => f.code === "log-dmvpn-peer-down",
    );
    assert.deepEqual(
      down.map((f) => [f.severity, f.range.start.line, textOf(text, f.range)]),
      [
        ["warning", 16, "IKE"],
        ["warning", 17, "IPSEC"],
        ["warning", 18, "NHRP"],
        ["warning", 25, "NHRP"],
      ],
    );
    const [ike, ipsec, incomplete, nhrp] = down.map((f) => f.message);
    assert.match(
      ike!,
      /^DMVPN peer 172\.16\.0\.2 \(NBMA 203\.0\.113\.2\) on Tunnel0 is in state IKE, and has never been up: IKE phase 1 .*UDP 500, or 4500 .*no common IKE policy .*different pre-shared keys.*`show crypto session remote 203\.0\.113\.2`.* Fix: Permit UDP 500 and 4500/,
    );
    assert.match(
      ipsec!,
      /^DMVPN peer 172\.16\.0\.7 \(NBMA 198\.51\.100\.7\) on Tunnel0 is in state IPSEC for 00:00:41: IKE phase 1 is up but the IPsec SAs are not.*no common transform set.*`show crypto ipsec sa peer 198\.51\.100\.7`.* Fix: .*`tunnel protection ipsec profile NAME`/,
    );
    assert.match(
      incomplete!,
      /^DMVPN peer 172\.16\.0\.9 on Tunnel0 is an incomplete entry in state NHRP, and has never been up: .*no answer came.*not registered to the hub/,
    );
    assert.match(
      nhrp!,
      /^DMVPN peer 172\.16\.1\.1 \(NBMA 203\.0\.113\.5\) on Tunnel1 is in state NHRP, and has never been up: .*different `ip nhrp authentication` strings, different `tunnel key`s .*`ip nhrp nhs` is not the hub's tunnel address.*`ip nhrp map multicast`.*`show running-config interface Tunnel1`/,
    );
    // The same tables with every peer UP report nothing; so do a hub's and 12.4's.
    const allUp = text.replace(/(\d) +(IKE|IPSEC|NHRP) /g, "$1    UP ");
    assert.deepEqual(codesOf(checkCapture(allUp)), []);
    assert.deepEqual(
      codesOf(checkCapture(captureText("show-dmvpn-up.ioslog"))),
      [],
    );
    assert.deepEqual(
      codesOf(checkCapture(captureText("show-dmvpn-ios124.ioslog"))),
      [],
    );
    // A state this table does not know is not UP either.
    assert.match(
      only(
        checkCapture(allUp.replace("172.16.0.1    UP", "172.16.0.1 WEIRD")),
        "log-dmvpn-peer-down",
      ).message,
      /is in state WEIRD for 00:10:22: not UP, .*`show crypto session remote 203\.0\.113\.1`/,
    );
  });

  it("points a DMVPN peer that is not UP at both routers' tunnel interfaces", () => {
    const text = captureText("show-dmvpn-problems.ioslog");
    const spoke =
      "hostname Spoke1\n!\ninterface Tunnel1\n ip address 172.16.1.2 255.255.255.0\n tunnel source GigabitEthernet0/0\n tunnel mode gre multipoint\n!\ninterface GigabitEthernet0/0\n ip address 198.51.100.20 255.255.255.0\n!\n";
    const hub =
      "hostname Hub2\n!\ninterface GigabitEthernet0/0\n ip address 203.0.113.5 255.255.255.0\n!\ninterface Tunnel1\n ip address 172.16.1.1 255.255.255.0\n tunnel source GigabitEthernet0/0\n tunnel mode gre multipoint\n!\n";
    const [spokeUri, hubUri] = [
      "file:///work/spoke1.ios",
      "file:///work/hub2.ios",
    ];
    const f = checkCapture(text, { [spokeUri]: spoke, [hubUri]: hub }).find(
      (x) => x.code === "log-dmvpn-peer-down" && x.range.start.line === 25,
    );
    assert.ok(f);
    assert.deepEqual(
      f.related?.map((r) => [r.uri, r.range.start.line, r.message]),
      [
        [spokeUri, 2, "Spoke1's Tunnel1"],
        [hubUri, 5, "the peer's Tunnel1 (172.16.1.1)"],
      ],
    );
  });

  it("says which setting leaves a DMVPN peer at NHRP when both routers' configs are known", () => {
    const text = captureText("show-dmvpn-key-spoke.ioslog");
    const dir = path.join(__dirname, "..", "..", "..", "fixtures", "peers");
    const config = (folder: string, name: string) =>
      fs.readFileSync(path.join(dir, folder, name), "utf8");
    const hub = config("dmvpn-broken", "hub.ios");
    const broken = only(
      checkCapture(text, {
        "file:///work/key-spoke.ios": config("dmvpn-broken", "key-spoke.ios"),
        "file:///work/hub.ios": hub,
      }),
      "log-dmvpn-peer-down",
    );
    assert.match(
      broken.message,
      /The two routers' configs say why: the GRE tunnel keys differ \(key 200 against key 100\)\.$/,
    );
    // With configs that agree (the spoke's key fixed), the state's own advice stands alone.
    const agreeing = only(
      checkCapture(text, {
        "file:///work/key-spoke.ios": config(
          "dmvpn-broken",
          "key-spoke.ios",
        ).replace("tunnel key 200", "tunnel key 100"),
        "file:///work/hub.ios": hub,
      }),
      "log-dmvpn-peer-down",
    );
    assert.doesNotMatch(agreeing.message, /configs say why/);
  });

  it("finds in the corpus's show outputs exactly the problems they show", () => {
    // Device output from parser test suites: most is healthy; these are not.
    const expected: Record<string, string[]> = {
      "show_genie_iosxe_show-crypto-isakmp-sa.txt": [
        "show-isakmp-sa-stuck",
        "show-isakmp-sa-stuck",
      ],
      "show_genie_iosxe_show-crypto-map_incomplete.txt": [
        "show-crypto-map-incomplete",
        "show-crypto-map-not-applied",
      ],
      // An ASA's remote-access client (1,145 packets decrypted, none encrypted back) is an ASA's
      // output: unsupported-platform, not IOS advice (platformChecks.test.ts).
      "show_ntc_asa_show-crypto-ipsec-sa.raw": [],
      "show_ntc_ios_show-crypto-session-detail_down-negotiating.raw": [
        "show-crypto-session-stuck",
        "show-crypto-session-stuck",
      ],
    };
    const names = fs
      .readdirSync(CORPUS_DIR)
      .filter((n) => n.startsWith("show_"));
    assert.ok(names.length >= 12, names.join(", "));
    for (const name of names) {
      const findings = checkCapture(
        fs.readFileSync(path.join(CORPUS_DIR, name), "utf8"),
      ).filter((f) => f.code.startsWith("show-"));
      assert.deepEqual(codesOf(findings), expected[name] ?? [], name);
    }
  });
});
