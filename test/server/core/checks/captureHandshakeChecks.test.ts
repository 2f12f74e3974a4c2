import * as assert from "node:assert/strict";
import type { TextEdit } from "../../../../server/src/core/diagnostics/finding";
import { applyEdits } from "../../../support/applyEdits";
import { explainCapture } from "../../../../server/src/core/capture/explain";
import { parseCapture } from "../../../../server/src/core/capture/parser";
import {
  captureText,
  exampleText,
  lineOf,
  seedText,
} from "../../../support/captures";
import { fixture, peerFixture } from "../../../support/configAnalysis";
import {
  checkCapture,
  codesOf,
  only,
  textOf,
} from "../../../support/captureChecks";

const TOKYO = "file:///work/tokyo.ios";
const OSAKA = "file:///work/osaka.ios";

/** Findings of error or warning severity. */
function problems(text: string): string[] {
  return codesOf(
    checkCapture(text).filter(
      (f) => f.severity === "error" || f.severity === "warning",
    ),
  );
}

/** Applies the edits of a fix that target one document (placeholders keep their default text). */
function applyTo(
  text: string,
  uri: string,
  edits: readonly TextEdit[],
): string {
  return applyEdits(
    text,
    edits.filter((e) => e.uri === uri),
    (label) => label,
  );
}

describe("checks/captureHandshakeChecks", () => {
  it("finds no error or warning in the seed's successful negotiations", () => {
    for (const n of [25, 26, 27, 28, 29, 76, 77, 78, 79]) {
      assert.deepEqual(problems(seedText(n)), [], `8-${n}`);
    }
    assert.deepEqual(
      problems([25, 26, 27, 28, 76, 77, 78].map(seedText).join("")),
      [],
    );
    assert.deepEqual(problems(exampleText("tokyo-success.ioslog")), []);
    for (const name of [
      "ios15-success.ioslog",
      "ikev2-success.ioslog",
      "iosxe-policy-fixed-by-later.ioslog",
    ]) {
      assert.deepEqual(problems(captureText(name)), [], name);
    }
  });

  describe("log-isakmp-disabled", () => {
    it("flags `can't initiate when turned off` and `ISAKMP is turned off`", () => {
      const debug = seedText(44);
      const f = only(checkCapture(debug), "log-isakmp-disabled");
      assert.equal(textOf(debug, f.range), "can't initiate when turned off!");
      assert.deepEqual(f.fixes![0]!.cli, ["crypto isakmp enable"]);
      assert.deepEqual(f.fixes![0]!.edits, []);
      const show = seedText(45);
      assert.equal(
        textOf(show, only(checkCapture(show), "log-isakmp-disabled").range),
        "ISAKMP is turned off",
      );
    });

    it("reports the debug line and the show output of one router once", () => {
      const both = seedText(44) + seedText(45);
      const f = only(checkCapture(both), "log-isakmp-disabled");
      assert.equal(f.severity, "error");
      assert.equal(textOf(both, f.range), "can't initiate when turned off!");
      assert.match(
        f.message,
        /The capture shows it 2 times \(lines 5, 11\)\.$/,
      );
      assert.deepEqual(
        f.related!.map((r) => [r.range.start.line, r.message]),
        [
          [
            10,
            "the same: `show crypto isakmp sa` answers `ISAKMP is turned off`",
          ],
        ],
      );
    });

    it("explains `ISAKMP is OFF` after the only tunnel is shut as information, not a fault", () => {
      const text = captureText("isakmp-off-tunnel-shut.ioslog");
      const f = only(checkCapture(text), "log-isakmp-disabled");
      assert.equal(f.severity, "information");
      assert.equal(f.range.start.line, lineOf(text, "ISAKMP is OFF"));
      assert.match(
        f.message,
        /^BR2 stopped listening for IKE after `shutdown` on Tunnel12 \(line 4\): IOS turns ISAKMP off by itself when no crypto map is applied to an interface and no protected tunnel is up any more, and on again when one comes back \(it did at line 10, `ISAKMP is ON`\)\. Not a fault by itself/,
      );
      assert.deepEqual(f.fixes, undefined);
      assert.match(
        explainCapture(parseCapture(text), checkCapture(text)),
        /Verdict\nNO NEGOTIATION/,
      );
    });

    it("says so when IKE was needed while ISAKMP was off, or when it was turned off by hand", () => {
      const needed = `${captureText("isakmp-off-tunnel-shut.ioslog").split("BR2(config-if)#no shutdown")[0]}*Jun 14 09:42:00.001: ISAKMP: received ke message (1/1)\n*Jun 14 09:42:00.002: ISAKMP: can't initiate when turned off!\n`;
      const f = only(checkCapture(needed), "log-isakmp-disabled");
      assert.equal(f.severity, "error");
      assert.equal(textOf(needed, f.range), "can't initiate when turned off!");
      assert.match(
        f.message,
        /It went off at line 7 \(`%CRYPTO-6-ISAKMP_ON_OFF: ISAKMP is OFF`\), and IKE was needed while it was off\.$/,
      );
      assert.deepEqual(f.fixes![0]!.cli, ["crypto isakmp enable"]);
      const byHand =
        "R1(config)#no crypto isakmp\nR1(config)#\n*May  2 16:05:37.450: %CRYPTO-6-ISAKMP_ON_OFF: ISAKMP is OFF\n";
      const g = only(checkCapture(byHand), "log-isakmp-disabled");
      assert.equal(g.severity, "error");
      assert.match(
        g.message,
        /^R1 turned ISAKMP off \(`no crypto isakmp`\).*: no tunnel can come up\.$/,
      );
      assert.deepEqual(g.fixes![0]!.cli, ["crypto isakmp enable"]);
    });

    it("edits the config of the router named by the prompt", () => {
      const capture = seedText(45).replace(/Tokyo/g, "Osaka");
      const osaka = exampleText("broken/osaka.ios");
      const f = only(
        checkCapture(capture, { [OSAKA]: osaka }),
        "log-isakmp-disabled",
      );
      assert.equal(f.related![0]!.uri, OSAKA);
      const fixed = applyTo(osaka, OSAKA, f.fixes![0]!.edits);
      assert.match(fixed, /^crypto isakmp enable$/m);
      assert.doesNotMatch(fixed, /no crypto isakmp/);
    });
  });

  describe("log-no-psk-for-peer", () => {
    it("flags the initiator that has no key and the responder that has none for the initiator", () => {
      const initiator = seedText(39);
      const a = only(checkCapture(initiator), "log-no-psk-for-peer");
      assert.equal(
        textOf(initiator, a.range),
        "No Cert or pre-shared address key.",
      );
      const responder = seedText(56);
      const b = only(checkCapture(responder), "log-no-psk-for-peer");
      assert.match(b.message, /172\.16\.5\.1/);
      assert.deepEqual(b.fixes![0]!.cli, [
        "crypto isakmp key <key> address 172.16.5.1",
      ]);
      // The responder's rejections are explained by the missing key: no policy mismatch on top.
      assert.deepEqual(codesOf(checkCapture(responder)), [
        "log-no-psk-for-peer",
      ]);
    });

    it("points the misdirected key of the workspace config at the peer", () => {
      const tokyo = exampleText("broken/tokyo.ios");
      const f = only(
        checkCapture(seedText(39), { [TOKYO]: tokyo }),
        "log-no-psk-for-peer",
      );
      assert.match(f.message, /172\.16\.6\.2/);
      assert.ok(f.related!.some((r) => r.uri === TOKYO));
      const fix = f.fixes![0]!;
      assert.equal(fix.isPreferred, true);
      const fixed = applyTo(tokyo, TOKYO, fix.edits);
      assert.match(fixed, /^crypto isakmp key cisco address 172\.16\.6\.2$/m);
      assert.deepEqual(fix.cli, [
        "no crypto isakmp key <key> address 172.16.5.2",
        "crypto isakmp key <key> address 172.16.6.2",
      ]);
      const revealed = only(
        checkCapture(seedText(39), { [TOKYO]: tokyo }, true),
        "log-no-psk-for-peer",
      );
      assert.equal(
        revealed.fixes![0]!.cli![1],
        "crypto isakmp key cisco address 172.16.6.2",
      );
    });
  });

  describe("log-profile-not-matched (IKEv2 identity)", () => {
    const capture = captureText("ikev2-identity-not-matched.ioslog");
    const tokyo = fixture("../peers/ikev2/working/tokyo.ios");

    it("reads the same failure from lines a page wrapped at 80 columns", () => {
      const wrapped = captureText("ikev2-wrapped-profile-not-found.ioslog");
      const f = only(checkCapture(wrapped), "log-profile-not-matched");
      assert.equal(f.severity, "error");
      assert.equal(f.range.start.line, lineOf(wrapped, "Failed to"));
      assert.match(
        f.message,
        /^No IKEv2 profile of HUB matches 'branch7\.example\.net' \(FQDN\), the identity the peer sent in IKE_AUTH/,
      );
    });

    it("names the identity no IKEv2 profile matches, and adds the match line to the profile", () => {
      const findings = checkCapture(capture, { [TOKYO]: tokyo });
      // The AUTHENTICATION_FAILED this router sends is the consequence, not a key mismatch.
      assert.deepEqual(codesOf(findings), ["log-profile-not-matched"]);
      const f = only(findings, "log-profile-not-matched");
      assert.equal(
        textOf(capture, f.range),
        "Failed to locate an item in the database",
      );
      assert.match(
        f.message,
        /^No IKEv2 profile of Tokyo matches 'osaka\.example\.net' \(FQDN\), the identity 172\.16\.6\.2 sent in IKE_AUTH, so Tokyo refuses it with AUTHENTICATION_FAILED/,
      );
      assert.deepEqual(
        f.related!.map((r) => [r.uri, textOf(tokyo, r.range), r.message]),
        [
          [
            TOKYO,
            "PROF-OSAKA",
            "IKEv2 profile PROF-OSAKA (Tokyo's config): it matches address 172.16.6.2",
          ],
        ],
      );
      const fix = f.fixes![0]!;
      assert.deepEqual(fix.cli, [
        "crypto ikev2 profile PROF-OSAKA",
        " match identity remote fqdn osaka.example.net",
      ]);
      const fixed = applyTo(tokyo, TOKYO, fix.edits);
      assert.match(
        fixed,
        /^ lifetime 28800\n match identity remote fqdn osaka\.example\.net\n!/m,
      );
      // With the line in the profile the config matches the identity: no fix, and a note why
      // the capture still failed.
      const again = only(
        checkCapture(capture, { [TOKYO]: fixed }),
        "log-profile-not-matched",
      );
      assert.deepEqual(again.fixes, []);
      assert.match(
        again.message,
        /config as it stands matches it in profile PROF-OSAKA/,
      );
    });

    it("without a config, still says what to match; an address identity gets a host mask", () => {
      const f = only(checkCapture(capture), "log-profile-not-matched");
      assert.deepEqual(f.fixes, []);
      assert.match(
        f.message,
        /Match that identity in the profile \(`match identity remote fqdn osaka\.example\.net`\)/,
      );
      const byAddress = capture.replace(
        "'osaka.example.net' of type 'FQDN'",
        "'172.16.6.2' of type 'IPv4 address'",
      );
      assert.match(
        only(checkCapture(byAddress), "log-profile-not-matched").message,
        /`match identity remote address 172\.16\.6\.2 255\.255\.255\.255`/,
      );
      // The config's profile already matches that address: nothing to add.
      const covered = only(
        checkCapture(byAddress, { [TOKYO]: tokyo }),
        "log-profile-not-matched",
      );
      assert.deepEqual(covered.fixes, []);
    });

    it("says so when the peer's address identity is not the address its packets come from (NAT)", () => {
      const behindNat = capture.replace(
        "'osaka.example.net' of type 'FQDN'",
        "'192.168.6.2' of type 'IPv4 address'",
      );
      const f = only(
        checkCapture(behindNat, { [TOKYO]: tokyo }),
        "log-profile-not-matched",
      );
      assert.match(
        f.message,
        /172\.16\.6\.2 sends its own address 192\.168\.6\.2, not 172\.16\.6\.2, the address its packets come from, as a peer behind NAT does .*: a match for 172\.16\.6\.2 does not take it\./,
      );
      assert.deepEqual(f.fixes![0]!.cli, [
        "crypto ikev2 profile PROF-OSAKA",
        " match identity remote address 192.168.6.2 255.255.255.255",
      ]);
      // The same address as the packets': nothing about NAT.
      const same = capture.replace(
        "'osaka.example.net' of type 'FQDN'",
        "'172.16.6.2' of type 'IPv4 address'",
      );
      assert.doesNotMatch(
        only(checkCapture(same), "log-profile-not-matched").message,
        /behind NAT/,
      );
    });

    it("without a config, points at what the capture's show crypto ikev2 profile matches", () => {
      const both = captureText("show-ikev2-config.ioslog") + capture;
      const f = only(checkCapture(both), "log-profile-not-matched");
      assert.deepEqual(
        f.related!.map((r) => [textOf(both, r.range), r.message]),
        [
          [
            "PROF-OSAKA",
            "IKEv2 profile PROF-OSAKA matches address 172.16.6.2 255.255.255.255",
          ],
        ],
      );
    });

    it("reads the lookup failure as an identity problem only after an identity lookup", () => {
      const noLookup = capture.replace(
        /^.*Searching policy based on peer's identity.*\n/m,
        "",
      );
      assert.deepEqual(
        codesOf(checkCapture(noLookup)).filter(
          (c) => c === "log-profile-not-matched",
        ),
        [],
      );
    });
  });

  describe("log-profile-not-matched", () => {
    const BRANCH = "file:///work/branch.ios";
    const capture = captureText("profile-none-matched.ioslog");
    const config = fixture("ike-profiles.ios");

    it("explains the responder's missing profile by the config's match line, and fixes it there", () => {
      const f = only(
        checkCapture(capture, { [BRANCH]: config }),
        "log-profile-not-matched",
      );
      assert.equal(
        textOf(capture, f.range),
        "peer matches *none* of the profiles",
      );
      assert.match(
        f.message,
        /^Branch selected no isakmp profile for 198\.51\.100\.2 .*names profile P-GLOBAL for that peer: isakmp profile P-GLOBAL matches 198\.51\.100\.2 in the global table, but crypto map CM 10 reaches it in VRF INET\./,
      );
      assert.deepEqual(
        f.related!.map((r) => [r.uri, textOf(config, r.range)]),
        [[BRANCH, "match identity address 198.51.100.2 255.255.255.255"]],
      );
      const fixed = applyTo(config, BRANCH, f.fixes![0]!.edits);
      assert.match(
        fixed,
        /^crypto isakmp profile P-GLOBAL\n keyring KR\n match identity address 198\.51\.100\.2 255\.255\.255\.255 INET$/m,
      );
      assert.deepEqual(
        codesOf(checkCapture(capture, { [BRANCH]: fixed })).filter(
          (c) => c === "log-profile-not-matched",
        ),
        [],
      );
    });

    it("judges the profile by the identity the peer sent when it is not the address its packets come from (NAT)", () => {
      // The peer sits behind NAT: its ID payload carries its own private address.
      const behindNat = capture.replace(
        "address      : 198.51.100.2",
        "address      : 192.168.50.2",
      );
      // The profile matches the NAT device's address in the right VRF: only the identity is wrong.
      const natConfig = config.replace(
        " match identity address 198.51.100.2 255.255.255.255\n",
        " match identity address 198.51.100.2 255.255.255.255 INET\n",
      );
      const f = only(
        checkCapture(behindNat, { [BRANCH]: natConfig }),
        "log-profile-not-matched",
      );
      assert.match(
        f.message,
        /^Branch selected no isakmp profile for 198\.51\.100\.2 .*names profile P-GLOBAL for that peer: the peer identified itself as 192\.168\.50\.2 \(the ID payload above\), not as 198\.51\.100\.2, the address its packets come from, as a peer behind NAT does .*and P-GLOBAL matches address 198\.51\.100\.2 255\.255\.255\.255 INET\. .*Add `match identity address 192\.168\.50\.2 255\.255\.255\.255 INET` to the profile\.$/,
      );
      assert.deepEqual(
        f.related!.map((r) => [r.uri, textOf(natConfig, r.range)]),
        [[BRANCH, "match identity address 198.51.100.2 255.255.255.255 INET"]],
      );
      const fixed = applyTo(natConfig, BRANCH, f.fixes![0]!.edits);
      assert.match(
        fixed,
        /^ match identity address 198\.51\.100\.2 255\.255\.255\.255 INET\n match identity address 192\.168\.50\.2 255\.255\.255\.255 INET$/m,
      );
      assert.deepEqual(
        codesOf(checkCapture(behindNat, { [BRANCH]: fixed })),
        [],
      );
      // The same identity with the address the packets come from: the config's own reason.
      assert.match(
        only(
          checkCapture(capture, { [BRANCH]: config }),
          "log-profile-not-matched",
        ).message,
        /matches 198\.51\.100\.2 in the global table/,
      );
    });

    it("explains a profile that matches a peer's NAT address when the debug prints no identity address", () => {
      // An older release's ID dump has no address; NAT discovery says the peer is behind NAT.
      const HQ = "file:///work/hq.ios";
      const natCapture = captureText("natd-profile-none-matched.ioslog");
      const hq = peerFixture("nat-identity", "hq.ios")
        .replace(
          " match identity address 192.168.50.2 255.255.255.255\n",
          " match identity address 203.0.113.10 255.255.255.255\n",
        )
        .replace(/203\.0\.113\.50/g, "203.0.113.10");
      const f = only(
        checkCapture(natCapture, { [HQ]: hq }),
        "log-profile-not-matched",
      );
      assert.match(
        f.message,
        /^HQ selected no isakmp profile for 203\.0\.113\.10 .*names profile BRANCH, which matches address 203\.0\.113\.10 255\.255\.255\.255: NAT discovery shows 203\.0\.113\.10 behind NAT, so that address is its NAT device's, and the identity the peer sends is its own private address/,
      );
      assert.deepEqual(
        f.related!.map((r) => textOf(r.uri ? hq : natCapture, r.range)),
        ["NAT found", "match identity address 203.0.113.10 255.255.255.255"],
      );
      // Without NAT discovery in the capture nothing says why: no finding.
      const noNatD = natCapture.replace(/^.*NAT.*\n/gm, "");
      assert.deepEqual(
        codesOf(checkCapture(noNatD, { [HQ]: hq })).filter(
          (c) => c === "log-profile-not-matched",
        ),
        [],
      );
    });

    it("says nothing without a config that names a profile for the peer: no profile is often normal", () => {
      assert.deepEqual(codesOf(checkCapture(capture)), []);
      const noProfile = config.replace(" set isakmp-profile P-GLOBAL\n", "");
      assert.deepEqual(
        codesOf(checkCapture(capture, { [BRANCH]: noProfile })),
        [],
      );
    });
  });

  describe("log-peer-not-responding", () => {
    it("flags phase 1 retransmissions that never got a reply, in every format", () => {
      const t51 = seedText(51);
      const f = only(checkCapture(t51), "log-peer-not-responding");
      assert.equal(textOf(t51, f.range), "retransmitting phase 1 MM_NO_STATE");
      // Two `retransmitting` lines, one packet sent again.
      assert.match(
        f.message,
        /main mode 1\/6 to 172\.16\.6\.2 and retransmitted it 1 time without/,
      );
      assert.equal(f.related!.length, 1);
      only(checkCapture(seedText(60)), "log-peer-not-responding");
      // IOS announces each retransmission twice before sending it once.
      assert.match(
        only(
          checkCapture(captureText("ios124-no-response.ioslog")),
          "log-peer-not-responding",
        ).message,
        /main mode 1\/6 to 203\.0\.113\.9 and retransmitted it 2 times/,
      );
      const v2 = only(
        checkCapture(captureText("ikev2-no-response.ioslog")),
        "log-peer-not-responding",
      );
      assert.match(v2.message, /IKE_SA_INIT/);
      // An IKEv2 responder answers a proposal it cannot accept: silence is not a mismatch.
      assert.match(
        v2.message,
        /Proposals are not the cause: an IKEv2 responder refuses them with a NO_PROPOSAL_CHOSEN notify, not silence\. Run `debug crypto ikev2` on 10\.0\.0\.9/,
      );
      assert.doesNotMatch(v2.message, /isakmp/);
    });

    it("does not flag a retransmission after the peer answered", () => {
      assert.ok(
        !codesOf(checkCapture(seedText(66))).includes(
          "log-peer-not-responding",
        ),
      );
    });

    it("names the ACL of the peer shown in the same capture", () => {
      const text = [seedText(51), seedText(52), seedText(53)].join("");
      const f = only(checkCapture(text), "log-peer-not-responding");
      assert.ok(
        f.related!.some(
          (r) =>
            textOf(text, r.range) === "102" && /inbound ACL/.test(r.message),
        ),
      );
      assert.deepEqual(f.fixes![0]!.cli, [
        "ip access-list extended 102",
        " 1 permit udp any host 172.16.6.2 eq isakmp",
      ]);
    });

    it("fixes the peer's config: ISAKMP off and an inbound ACL without UDP 500", () => {
      const osaka = exampleText("broken/osaka.ios");
      const f = only(
        checkCapture(seedText(51), {
          [TOKYO]: exampleText("tokyo.ios"),
          [OSAKA]: osaka,
        }),
        "log-peer-not-responding",
      );
      assert.ok(
        f.related!.some(
          (r) => r.uri === OSAKA && /ISAKMP turned off/.test(r.message),
        ),
      );
      assert.ok(
        f.related!.some((r) => r.uri === OSAKA && /ACL 102/.test(r.message)),
      );
      const enable = f.fixes!.find((x) => /ISAKMP/.test(x.title))!;
      assert.match(
        applyTo(osaka, OSAKA, enable.edits),
        /^crypto isakmp enable$/m,
      );
      const permit = f.fixes!.find((x) => /UDP 500/.test(x.title))!;
      const fixed = applyTo(osaka, OSAKA, permit.edits);
      assert.match(
        fixed,
        /access-list 102 permit udp host 172\.16\.5\.1 host 172\.16\.6\.2 eq isakmp\naccess-list 102 permit icmp any any/,
      );
    });
  });

  describe("log-ike-policy-mismatch", () => {
    it("names the attributes of every rejected policy", () => {
      const text = captureText("iosxe-policy-mismatch.ioslog");
      const f = only(checkCapture(text), "log-ike-policy-mismatch");
      assert.equal(textOf(text, f.range), "no offers accepted!");
      assert.match(
        f.message,
        /policy 10 differs in encryption algorithm \(offered AES-CBC\); policy 20 differs in diffie-hellman group \(offered 14\)/,
      );
      assert.equal(f.related!.length, 2);
      assert.deepEqual(f.fixes![0]!.cli, [
        "crypto isakmp policy 10",
        " encryption aes 256",
      ]);
      const osaka = [seedText(61), seedText(62)].join("");
      const g = only(checkCapture(osaka), "log-ike-policy-mismatch");
      assert.match(
        g.message,
        /policy 10 differs in hash algorithm \(offered SHA\); the default policy \(65535\) differs in authentication method/,
      );
      assert.match(g.message, /^Osaka accepted none of 172\.16\.5\.1's/);
      assert.deepEqual(g.fixes![0]!.cli, [
        "crypto isakmp policy 10",
        " hash sha",
      ]);
      only(checkCapture(seedText(62)), "log-ike-policy-mismatch");
    });

    it("does not flag a rejected policy that a later one fixes, nor a capture cut before the verdict", () => {
      assert.deepEqual(
        codesOf(
          checkCapture(captureText("iosxe-policy-fixed-by-later.ioslog")),
        ),
        [],
      );
      assert.deepEqual(codesOf(checkCapture(seedText(61))), []);
    });

    it("edits the responder's policy in its config", () => {
      const osakaText = exampleText("osaka.ios");
      const capture = [seedText(61), seedText(62)].join("");
      const f = only(
        checkCapture(capture, { [OSAKA]: osakaText }),
        "log-ike-policy-mismatch",
      );
      assert.ok(f.related!.some((r) => r.uri === OSAKA));
      const fixed = applyTo(osakaText, OSAKA, f.fixes![0]!.edits);
      assert.match(fixed, /crypto isakmp policy 10\n hash sha\n/);
      assert.doesNotMatch(fixed, /hash md5/);
    });

    it("writes the key an IPv6 peer lacks in IPv6 form, in the console and in its config", () => {
      const text = [
        "R1#debug crypto isakmp",
        "*Nov 29 10:00:01.001: ISAKMP: Created a peer struct for 2001:DB8:0:2::1, peer port 500",
        "*Nov 29 10:00:01.001: ISAKMP:(0):No pre-shared key with 2001:DB8:0:2::1!",
        "*Nov 29 10:00:01.001: ISAKMP:(0): No Cert or pre-shared address key.",
        "",
      ].join("\n");
      const alone = only(checkCapture(text), "log-no-psk-for-peer");
      assert.deepEqual(alone.fixes![0]!.cli, [
        "crypto isakmp key <key> address ipv6 2001:DB8:0:2::1/128",
      ]);
      // R1 without its keyring: no key for the peer at all.
      const r1 = peerFixture("ipv6-isakmp-profile", "r1.ios").replace(
        /crypto keyring KR6[\s\S]*?key V6key\n/,
        "",
      );
      const withConfig = only(
        checkCapture(text, { "file:///lab/r1.ios": r1 }),
        "log-no-psk-for-peer",
      );
      const fix = withConfig.fixes![0]!;
      assert.equal(
        fix.title,
        "Add a pre-shared key for 2001:DB8:0:2::1 to R1's config",
      );
      assert.match(
        applyTo(r1, "file:///lab/r1.ios", fix.edits),
        /^crypto isakmp key key address ipv6 2001:DB8:0:2::1\/128$/m,
      );
    });

    it("finds the configs of both IPv6 peers of a refused IKE_SA_INIT", () => {
      const text = [
        "HQ#debug crypto ikev2",
        "*Nov 29 10:00:01.101: IKEv2:(SESSION ID = 1,SA ID = 1):Received Packet [From 2001:DB8:0:2::1:500/To 2001:DB8:0:1::1:500/VRF i0:f0]",
        "Initiator SPI : 5C19CD4F8D2E8A5F - Responder SPI : 0000000000000000 Message id: 0",
        "IKEv2 IKE_SA_INIT Exchange REQUEST",
        "Payload contents:",
        " SA KE N NOTIFY(NAT_DETECTION_SOURCE_IP) NOTIFY(NAT_DETECTION_DESTINATION_IP)",
        "*Nov 29 10:00:01.102: IKEv2:(SESSION ID = 1,SA ID = 1):Sending Packet [To 2001:DB8:0:2::1:500/From 2001:DB8:0:1::1:500/VRF i0:f0]",
        "Initiator SPI : 5C19CD4F8D2E8A5F - Responder SPI : 0000000000000000 Message id: 0",
        "IKEv2 IKE_SA_INIT Exchange RESPONSE",
        "Payload contents:",
        " NOTIFY(NO_PROPOSAL_CHOSEN)",
        "",
      ].join("\n");
      const f = only(
        checkCapture(text, {
          "file:///lab/hq.ios": peerFixture("ipv6-vti", "hq.ios"),
          "file:///lab/branch.ios": peerFixture("ipv6-vti", "branch.ios"),
        }),
        "log-ike-policy-mismatch",
      );
      assert.deepEqual(
        f.related?.map((x) => x.uri),
        ["file:///lab/hq.ios", "file:///lab/branch.ios"],
      );
    });

    it("flags an IKEv2 IKE_SA_INIT refused with NO_PROPOSAL_CHOSEN", () => {
      const text = captureText("ikev2-success.ioslog").replace(
        "Message id: 0\nIKEv2 IKE_SA_INIT Exchange RESPONSE\nPayload contents:\n SA KE N VID VID NOTIFY(NAT_DETECTION_SOURCE_IP) NOTIFY(NAT_DETECTION_DESTINATION_IP)",
        "Message id: 0\nIKEv2 IKE_SA_INIT Exchange RESPONSE\nPayload contents:\n NOTIFY(NO_PROPOSAL_CHOSEN)",
      );
      assert.ok(
        codesOf(checkCapture(text)).includes("log-ike-policy-mismatch"),
      );
      // With R1's config in the workspace, its proposals are the places to compare.
      const r1 = [
        "hostname R1",
        "crypto ikev2 proposal P1",
        " encryption aes-cbc-256",
        " integrity sha256",
        " group 14",
        "interface GigabitEthernet0/0",
        " ip address 10.0.0.1 255.255.255.0",
        "",
      ].join("\n");
      const f = only(
        checkCapture(text, { "file:///lab/r1.ios": r1 }),
        "log-ike-policy-mismatch",
      );
      assert.deepEqual(
        f.related?.map((x) => [x.uri, x.message]),
        [
          [
            "file:///lab/r1.ios",
            "R1's IKEv2 proposal P1: encryption aes-cbc-256, integrity sha256, group 14",
          ],
        ],
      );
    });
  });

  describe("log-ike-policy-mismatch (IKEv2)", () => {
    it("names what the initiator offered, and the proposals the capture shows", () => {
      const text = captureText("ikev2-no-proposal.ioslog");
      const f = only(checkCapture(text), "log-ike-policy-mismatch");
      assert.match(
        f.message,
        /^Osaka and 172\.16\.5\.1 share no IKEv2 proposal .*NO_PROPOSAL_CHOSEN\. Osaka offered 3DES SHA1 SHA96 DH_GROUP_1024_MODP\/Group 2\./,
      );
      assert.equal(f.related, undefined);
      const both = captureText("show-ikev2-config.ioslog") + text;
      assert.deepEqual(
        only(checkCapture(both), "log-ike-policy-mismatch").related!.map(
          (r) => r.message,
        ),
        [
          "Tokyo's IKEv2 proposal default: encryption AES-CBC-256, integrity SHA512 SHA384, prf SHA512 SHA384, groups DH_GROUP_256_ECP/Group 19 DH_GROUP_2048_MODP/Group 14 DH_GROUP_521_ECP/Group 21 DH_GROUP_1536_MODP/Group 5",
          "Tokyo's IKEv2 proposal PROP-AES: encryption AES-CBC-256 AES-CBC-128, integrity SHA256, prf SHA256, groups DH_GROUP_2048_MODP/Group 14",
        ],
      );
    });
  });

  describe("log-ike-policy-mismatch (IKEv2 responder)", () => {
    const text = captureText("ikev2-responder-no-proposal.ioslog");

    it("compares the proposals the responder received with those it expected, and says what to add", () => {
      const f = only(checkCapture(text), "log-ike-policy-mismatch");
      assert.match(
        textOf(text, f.range),
        /^Received Policies: : Failed to find a matching policy$/,
      );
      // Group 19 against 14 and AES-CBC-128 against 256: the second received proposal is closer.
      assert.equal(
        f.message,
        "Tokyo found none of 172.16.6.2's IKEv2 proposals acceptable (`Failed to find a matching policy`) and answered NO_PROPOSAL_CHOSEN: IKE_SA_INIT fails. Closest: 172.16.6.2's proposal 2 (AES-CBC-128 SHA256 SHA256 DH_GROUP_2048_MODP/Group 14) against Tokyo's proposal 1 (AES-CBC-256 SHA256 SHA256 DH_GROUP_2048_MODP/Group 14), with no common encryption (aes-cbc-128 against aes-cbc-256). Add `encryption aes-cbc-128` to Tokyo's IKEv2 proposal, or `encryption aes-cbc-256` to 172.16.6.2's.",
      );
      assert.deepEqual(
        f.related!.map((r) => [textOf(text, r.range), r.message]),
        [
          [
            "Proposal 2:  AES-CBC-128 SHA256 SHA256 DH_GROUP_2048_MODP/Group 14",
            "172.16.6.2's proposal 2, as Tokyo received it",
          ],
          [
            "Proposal 1:  AES-CBC-256 SHA256 SHA256 DH_GROUP_2048_MODP/Group 14",
            "Tokyo's own proposal 1",
          ],
        ],
      );
    });

    it("reads the labelled form some releases print on the heading's line", () => {
      const labelled = text
        .replace(
          "Received Policies: : Failed to find a matching policy\nProposal 1:  AES-CBC-256 SHA512 SHA512 DH_GROUP_256_ECP/Group 19\nProposal 2:  AES-CBC-128 SHA256 SHA256 DH_GROUP_2048_MODP/Group 14\n",
          "Received Policies: : Failed to find a matching policyProposal 1:  ENCRYPTION: AES-CBC-256 PRF: SHA512 INTEGRITY: SHA512 DH GROUP: DH_GROUP_256_ECP/Group 19\n",
        )
        .replace(
          "Expected Policies: : Failed to find a matching policy\nProposal 1:  AES-CBC-256 SHA256 SHA256 DH_GROUP_2048_MODP/Group 14\n",
          "Expected Policies: : Failed to find a matching policyProposal 1:  ENCRYPTION: AES-CBC-256 PRF: SHA256 INTEGRITY: SHA256 DH GROUP: DH_GROUP_2048_MODP/Group 14\n",
        );
      assert.notEqual(labelled, text);
      const f = only(checkCapture(labelled), "log-ike-policy-mismatch");
      assert.match(
        f.message,
        /with no common integrity \(sha512 against sha256\), PRF \(sha512 against sha256\), DH group \(19 against 14\)\. Add `integrity sha512`, `prf sha512`, `group 19` to Tokyo's IKEv2 proposal, or `integrity sha256`, `prf sha256`, `group 14` to 172\.16\.6\.2's\.$/,
      );
    });

    it("reads `Failed to find a matching policy` alone, without the lists or the exchange", () => {
      const alone =
        "R1#show logging | include IKEv2\n*Mar  1 00:12:34.571: IKEv2:(SESSION ID = 1,SA ID = 1):Failed to find a matching policy\nR1#\n";
      const f = only(checkCapture(alone), "log-ike-policy-mismatch");
      assert.equal(f.severity, "error");
      assert.equal(f.range.start.line, 1);
      assert.match(
        f.message,
        /^R1 found none of the peer's IKEv2 proposals acceptable \(`Failed to find a matching policy`\) and answers NO_PROPOSAL_CHOSEN: IKE_SA_INIT fails\. The capture does not hold the lists .*`show crypto ikev2 proposal` on both routers/,
      );
      assert.match(
        explainCapture(parseCapture(alone), [f]),
        /R1: IKEv2 IKE_SA_INIT \(responder\): failed: none of the initiator's IKEv2 proposals is acceptable/,
      );
    });

    it("gives the timeline the reason and the verdict FAILED", () => {
      const story = explainCapture(parseCapture(text), checkCapture(text));
      assert.match(
        story,
        /IKE_SA_INIT with 172\.16\.6\.2 \(responder\): failed: none of the initiator's IKEv2 proposals is acceptable \(Failed to find a matching policy\)/,
      );
      assert.match(
        story,
        /\nFAILED: Tokyo found none of 172\.16\.6\.2's IKEv2 proposals acceptable/,
      );
    });
  });

  describe("main mode 5/6 that the peer never answers", () => {
    it("reads silence after messages 1-4 on UDP 500 as keys that differ, counting the resends", () => {
      const text = captureText("ios15-mm5-unanswered.ioslog");
      assert.deepEqual(problems(text), ["log-psk-mismatch"]);
      const f = only(checkCapture(text), "log-psk-mismatch");
      assert.equal(
        textOf(text, f.range),
        "retransmitting phase 1 MM_KEY_EXCH...",
      );
      assert.match(
        f.message,
        /^BR1 sent main mode 5\/6 \(its identity and HASH, encrypted with keys derived from the pre-shared key\) to 198\.51\.100\.1 and retransmitted it 5 times without a reply, after 198\.51\.100\.1 had answered messages 2 and 4: 198\.51\.100\.1 could not decrypt it, so the pre-shared keys most likely differ \(198\.51\.100\.1 logs `%CRYPTO-4-IKMP_BAD_MESSAGE`/,
      );
      assert.match(
        textOf(text, f.related![0]!.range),
        /sending packet to 198\.51\.100\.1 my_port 500 peer_port 500 \(I\) MM_KEY_EXCH/,
      );
      assert.deepEqual(
        f.fixes!.map((x) => x.title),
        ["Set the same pre-shared key on both routers"],
      );
    });

    it("reads silence on UDP 4500 after NAT discovery as NAT-T filtered on the path", () => {
      const text = captureText("ios15-mm5-natt-unanswered.ioslog");
      assert.deepEqual(problems(text), ["log-peer-not-responding"]);
      const f = only(checkCapture(text), "log-peer-not-responding");
      assert.match(
        f.message,
        /^BR1 sent main mode 5\/6 to 198\.51\.100\.1 on UDP 4500, where NAT discovery moved IKE, and retransmitted it 5 times without a reply, while 198\.51\.100\.1 had answered messages 1-4 on UDP 500: UDP 4500 is most likely filtered between the two/,
      );
      assert.match(f.message, /eq non500-isakmp/);
    });

    it("reads an IKEv2 IKE_AUTH unanswered on UDP 4500 as NAT-T filtered, never as keys", () => {
      const text = captureText("ikev2-auth-natt-unanswered.ioslog");
      assert.deepEqual(problems(text), ["log-peer-not-responding"]);
      const f = only(checkCapture(text), "log-peer-not-responding");
      assert.equal(textOf(text, f.range), "Retransmitting packet");
      assert.match(
        f.message,
        /^R1 sent IKE_AUTH to 10\.0\.0\.2 on UDP 4500 and retransmitted it 3 times without a reply, while 10\.0\.0\.2 had answered IKE_SA_INIT on UDP 500: UDP 4500, where NAT discovery moved IKE after IKE_SA_INIT, is most likely filtered/,
      );
      // On UDP 500, without certificates: the path, and keys are ruled out.
      const plain = text
        .replaceAll(":4500/", ":500/")
        .replace(/^.*NAT detected float.*\n/m, "");
      const g = only(checkCapture(plain), "log-peer-not-responding");
      assert.match(
        g.message,
        /IKE_AUTH to 10\.0\.0\.2 and retransmitted it 3 times without a reply, while 10\.0\.0\.2 had answered IKE_SA_INIT: the IKE_AUTH request is most likely lost on the way: .*Keys that differ give an AUTHENTICATION_FAILED reply, not silence\./,
      );
      // The verdict does not call the IKE SA up: IKEv2 has none before IKE_AUTH completes.
      assert.doesNotMatch(
        explainCapture(parseCapture(text), checkCapture(text)),
        /PHASE 1 UP/,
      );
    });

    it("leaves a message 5 the peer did answer to the checks of that answer", () => {
      // The book's example: the reply to message 5 is a notify this router cannot parse.
      assert.deepEqual(codesOf(checkCapture(seedText(66))), [
        "log-psk-mismatch",
      ]);
      const answered = captureText("ios15-mm5-unanswered.ioslog").replace(
        /(\*Nov 30 06:01:20\.343: ISAKMP:\(1001\): retransmitting phase 1 MM_KEY_EXCH\.\.\.)/,
        "*Nov 30 06:01:10.411: ISAKMP (1001): received packet from 198.51.100.1 dport 500 sport 500 Global (I) MM_KEY_EXCH\n$1",
      );
      assert.ok(!codesOf(checkCapture(answered)).includes("log-psk-mismatch"));
    });
  });

  describe("log-psk-mismatch", () => {
    it("flags a malformed reply at main mode 5/6 and an unauthenticated notify", () => {
      const t66 = seedText(66);
      const f = only(checkCapture(t66), "log-psk-mismatch");
      assert.equal(
        textOf(t66, f.range),
        "reserved not zero on NOTIFY payload!",
      );
      assert.match(
        textOf(t66, f.related![0]!.range),
        /sending packet to 172\.16\.6\.2 \(I\) MM_KEY_EXCH/,
      );
      assert.deepEqual(codesOf(checkCapture(t66)), ["log-psk-mismatch"]);
      const t70 = seedText(70);
      assert.equal(
        textOf(t70, only(checkCapture(t70), "log-psk-mismatch").range),
        "Notify has no hash. Rejected.",
      );
    });

    it("words the failure by role, and reports a message `show logging` repeats once", () => {
      const responder =
        "Osaka#\nMar 11 11:17:55.551 GMT: ISAKMP (0:1): Input = IKE_MESG_FROM_PEER, IKE_MM_EXCH\nOld State = IKE_R_MM3 New State = IKE_R_MM4\nMar 11 11:17:55.559 GMT: ISAKMP (0:1): received packet from 172.16.5.1 (R) MM_KEY_EXCH\nMar 11 11:17:55.563 GMT: ISAKMP: reserved not zero on ID payload!\nMar 11 11:17:55.567 GMT: %CRYPTO-4-IKMP_BAD_MESSAGE: IKE message from 172.16.5.1 failed its sanity check or is malformed\n";
      const f = only(checkCapture(responder), "log-psk-mismatch");
      assert.match(
        f.message,
        /^Main mode 5\/6 from 172\.16\.5\.1 \(the initiator's identity and HASH, encrypted\) does not decrypt or parse on Osaka: /,
      );
      assert.doesNotMatch(f.message, /reply/);
      const bad =
        "*Mar  1 00:12:34.571: %CRYPTO-4-IKMP_BAD_MESSAGE: IKE message from 192.168.15.1 failed its sanity check or is malformed\n";
      const logged = `R2#show logging | include CRYPTO\n${bad}${bad.replace("34.571", "44.575")}R2#\n`;
      const g = only(checkCapture(logged), "log-psk-mismatch");
      assert.equal(g.range.start.line, 1);
      assert.match(
        g.message,
        /^The encrypted main mode message \(5 or 6\) R2 got from 192\.168\.15\.1 does not decrypt or parse: .* The capture shows it 2 times \(lines 2, 3\)\.$/,
      );
      assert.deepEqual(
        g.related!.map((r) => [r.range.start.line, r.message]),
        [[2, "the same message again"]],
      );
    });

    it("flags an IKEv2 AUTHENTICATION_FAILED with the keyring commands", () => {
      const f = only(
        checkCapture(captureText("ikev2-auth-failed.ioslog")),
        "log-psk-mismatch",
      );
      assert.equal(f.fixes![0]!.cli![0], "crypto ikev2 keyring <keyring>");
      // The peer refused this router: keys, or an identity none of its profiles matches.
      assert.match(
        f.message,
        /^10\.0\.0\.2 refused the router's IKEv2 authentication \(AUTHENTICATION_FAILED\): the pre-shared keys differ, or no IKEv2 profile of 10\.0\.0\.2 matches the identity the router sent \(`debug crypto ikev2` on 10\.0\.0\.2 then prints `Failed to locate an item in the database`\)\./,
      );
    });

    it("copies the peer's key into the router's config without showing either", () => {
      const tokyo = exampleText("tokyo.ios").replace(
        "crypto isakmp key cisco",
        "crypto isakmp key disco",
      );
      const f = only(
        checkCapture(seedText(66), {
          [TOKYO]: tokyo,
          [OSAKA]: exampleText("osaka.ios"),
        }),
        "log-psk-mismatch",
      );
      assert.doesNotMatch(
        f.message + f.fixes!.map((x) => x.title).join(),
        /cisco|disco/,
      );
      assert.ok(
        f.related!.some((r) => r.uri === TOKYO) &&
          f.related!.some((r) => r.uri === OSAKA),
      );
      const fix = f.fixes![0]!;
      assert.equal(fix.isPreferred, true);
      assert.match(
        applyTo(tokyo, TOKYO, fix.edits),
        /^crypto isakmp key cisco address 172\.16\.6\.2$/m,
      );
      assert.deepEqual(fix.cli, ["crypto isakmp key <key> address 172.16.6.2"]);
    });

    it("leaves certificate failures to log-cert-invalid", () => {
      assert.deepEqual(codesOf(checkCapture(seedText(71))), [
        "log-cert-invalid",
      ]);
    });
  });
});
