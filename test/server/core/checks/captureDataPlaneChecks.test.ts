import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseConfig } from "../../../../server/src/core/config/parser";
import type { Finding } from "../../../../server/src/core/diagnostics/finding";
import { applyEdits } from "../../../support/applyEdits";
import { checkCapture, only } from "../../../support/captureChecks";
import { captureHoverAt, captureText } from "../../../support/captures";
import { textAt } from "../../../support/configAnalysis";
import { REPO_ROOT } from "../../../support/paths";

/**
 * Packets dropped once the tunnel is up: the CRYPTO syslog messages of each cause
 * (`log-invalid-spi`, `log-replay-drops`, `log-integrity-failure`, `log-invalid-identity`,
 * `log-cleartext-received`) and the drop counters of `show crypto ipsec sa` (`show-ipsec-drops`),
 * alone and with the two routers' configs (the chapter's Tokyo and Osaka, whose crypto ACLs are
 * not mirror images).
 */

const TOKYO_URI = "file:///work/tokyo.ios";
const OSAKA_URI = "file:///work/osaka.ios";

function peerConfig(name: string): string {
  return fs.readFileSync(
    path.join(REPO_ROOT, "test", "fixtures", "peers", "acl", name),
    "utf8",
  );
}

const TOKYO = peerConfig("tokyo.ios");
const OSAKA = peerConfig("osaka.ios");
const ON_TOKYO = captureText("dataplane-drops-tokyo.ioslog");
const ON_OSAKA = captureText("dataplane-drops-osaka.ioslog");

function withConfigs(
  text: string,
  tokyo = TOKYO,
  osaka = OSAKA,
): readonly Finding[] {
  return checkCapture(text, { [TOKYO_URI]: tokyo, [OSAKA_URI]: osaka });
}

/** The same router negotiating with IKEv2: a keyring and profile for `peer` in place of ISAKMP. */
function toIkev2(text: string, peer: string): string {
  const isakmp =
    /crypto isakmp policy 10\n hash md5\n authentication pre-share\ncrypto isakmp key cisco address \S+\n/;
  assert.match(text, isakmp);
  return text
    .replace(
      isakmp,
      [
        "crypto ikev2 keyring KR",
        " peer P",
        `  address ${peer}`,
        "  pre-shared-key cisco",
        "crypto ikev2 profile IKEV2",
        ` match identity remote address ${peer} 255.255.255.255`,
        " authentication remote pre-share",
        " authentication local pre-share",
        " keyring local KR",
        "",
      ].join("\n"),
    )
    .replace(
      " set transform-set mjlnet\n",
      " set transform-set mjlnet\n set ikev2-profile IKEV2\n",
    );
}

function fixTitled(f: Finding, title: RegExp) {
  const fix = (f.fixes ?? []).find((x) => title.test(x.title));
  assert.ok(
    fix,
    `no fix titled ${title}: ${(f.fixes ?? []).map((x) => x.title).join(" | ")}`,
  );
  return fix;
}

describe("checks/captureDataPlaneChecks", () => {
  describe("the syslog messages, without configs", () => {
    const findings = checkCapture(ON_TOKYO);

    it("an invalid SPI: one finding for three messages from one peer, the later ones related", () => {
      const f = only(findings, "log-invalid-spi");
      assert.ok(
        textAt(ON_TOKYO, f.range).startsWith("%CRYPTO-4-RECVD_PKT_INV_SPI"),
      );
      assert.equal(f.range.start.line, 2);
      assert.match(f.message, /^Tokyo dropped ESP packets from 172\.16\.6\.2/);
      assert.match(f.message, /\(SPI 0x9E6D41B7\)/);
      assert.match(f.message, /3 such messages/);
      assert.match(f.message, /out of step/);
      assert.match(f.message, /show crypto ipsec sa peer 172\.16\.6\.2/);
      assert.deepEqual(
        (f.related ?? []).map((r) => r.range.start.line),
        [3, 4],
      );
      assert.equal(f.fixes, undefined, "no config, no fix");
    });

    it("clear text where encryption was expected names the inner packet", () => {
      const f = only(findings, "log-cleartext-received");
      assert.match(f.message, /\(10\.2\.9\.9 -> 10\.1\.1\.5, ICMP\)/);
      assert.match(f.message, /arrived unencrypted/);
      assert.doesNotMatch(f.message, /The configs say/);
    });

    it("a replay drop finds its peer through the connection id of the show output", () => {
      const f = only(findings, "log-replay-drops");
      assert.match(
        f.message,
        /from 172\.16\.6\.2 that failed the anti-replay check/,
      );
      assert.match(f.message, /reorder/);
      assert.match(f.message, /replay window-size 1024/);
    });
  });

  describe("show crypto ipsec sa counters (show-ipsec-drops)", () => {
    it("a large replay count is reported on its counter; a few integrity failures among many packets are not", () => {
      const drops = checkCapture(ON_TOKYO).filter(
        (f) => f.code === "show-ipsec-drops",
      );
      assert.equal(drops.length, 1, drops.map((f) => f.message).join("\n"));
      const replay = drops[0]!;
      assert.equal(
        textAt(ON_TOKYO, replay.range),
        "#pkts replay failed (rcv): 611",
      );
      assert.equal(replay.severity, "warning");
      assert.match(
        replay.message,
        /^Tokyo dropped 611 packets from 172\.16\.6\.2/,
      );
      assert.match(replay.message, /against 44468 decapsulated/);
      // 8 verify failures against 44,468 packets: background, as in the corpus's VTI output.
      const many = ON_TOKYO.replace(
        "#pkts verify failed: 8",
        "#pkts verify failed: 80",
      );
      const verify = checkCapture(many).filter(
        (f) => f.code === "show-ipsec-drops" && /integrity/.test(f.message),
      );
      assert.equal(verify.length, 1);
      assert.equal(textAt(many, verify[0]!.range), "#pkts verify failed: 80");
    });

    it("12.x output has only `#recv errors`: the finding says how to split it", () => {
      const f = only(checkCapture(ON_OSAKA), "show-ipsec-drops");
      assert.equal(textAt(ON_OSAKA, f.range), "#recv errors 3");
      assert.match(
        f.message,
        /Osaka dropped 3 received packets from 172\.16\.5\.1/,
      );
      assert.match(f.message, /show crypto ipsec sa detail/);
    });

    it("a flow without drops, and the send errors of a flow, are not drops", () => {
      const text = captureText("show-problems.ioslog");
      assert.deepEqual(
        checkCapture(text).filter((f) => f.code === "show-ipsec-drops"),
        [],
      );
    });
  });

  describe("with both routers' configs", () => {
    const findings = withConfigs(ON_TOKYO);

    it("an invalid SPI: recovery missing on Tokyo, dead peer detection missing on Osaka, each with its fix", () => {
      const f = only(findings, "log-invalid-spi");
      assert.match(
        f.message,
        /Tokyo's config has no `crypto isakmp invalid-spi-recovery`/,
      );
      assert.match(f.message, /Osaka has no dead peer detection/);
      const recovery = fixTitled(f, /invalid SPI recovery on Tokyo/);
      assert.deepEqual(recovery.cli, ["crypto isakmp invalid-spi-recovery"]);
      assert.equal(recovery.edits.length, 1);
      assert.equal(recovery.edits[0]!.uri, TOKYO_URI);
      const fixed = applyEdits(TOKYO, recovery.edits);
      assert.match(
        fixed,
        /crypto isakmp key cisco address 172\.16\.6\.2\ncrypto isakmp invalid-spi-recovery\n/,
      );
      assert.ok(parseConfig(fixed).isakmpInvalidSpiRecovery);
      const dpd = fixTitled(f, /dead peer detection on Osaka/);
      assert.equal(dpd.edits[0]!.uri, OSAKA_URI);
      assert.deepEqual(dpd.cli, ["crypto isakmp keepalive 10 3 periodic"]);

      // Once both are configured, nothing is left to fix and the message says recovery is on.
      const after = only(
        withConfigs(ON_TOKYO, fixed, applyEdits(OSAKA, dpd.edits)),
        "log-invalid-spi",
      );
      assert.equal(after.fixes, undefined);
      assert.match(
        after.message,
        /Tokyo has `crypto isakmp invalid-spi-recovery`/,
      );
      assert.ok(
        (after.related ?? []).some(
          (r) =>
            r.uri === OSAKA_URI && r.message.includes("dead peer detection"),
        ),
      );
    });

    it("an invalid SPI between IKEv2 peers: dead peer detection in Osaka's IKEv2 profile, and no IKEv1 recovery advice", () => {
      const tokyo = toIkev2(TOKYO, "172.16.6.2");
      const osaka = toIkev2(OSAKA, "172.16.5.1");
      const f = only(withConfigs(ON_TOKYO, tokyo, osaka), "log-invalid-spi");
      // The configs' part says nothing of IKEv1's recovery, which these SAs do not use.
      assert.doesNotMatch(
        f.message.split("The configs say:")[1]!.split("Verify:")[0]!,
        /invalid-spi-recovery/,
      );
      assert.match(
        f.message,
        /Osaka negotiates with IKEv2 and has no dead peer detection/,
      );
      assert.deepEqual(
        (f.fixes ?? []).map((x) => x.title),
        ["Turn on dead peer detection on Osaka (IKEv2 profile IKEV2)"],
      );
      const dpd = f.fixes![0]!;
      assert.deepEqual(dpd.cli, [
        "crypto ikev2 profile IKEV2",
        " dpd 10 3 periodic",
      ]);
      assert.equal(dpd.edits[0]!.uri, OSAKA_URI);
      const fixed = applyEdits(osaka, dpd.edits);
      assert.match(fixed, / keyring local KR\n dpd 10 3 periodic\n/);
      assert.ok(parseConfig(fixed).ikev2Profiles[0]!.dpd);
      const after = only(
        withConfigs(ON_TOKYO, tokyo, fixed),
        "log-invalid-spi",
      );
      assert.equal(after.fixes, undefined);
      assert.ok(
        (after.related ?? []).some(
          (r) =>
            r.uri === OSAKA_URI &&
            textAt(fixed, r.range).trim() === "dpd 10 3 periodic",
        ),
      );
      // The global command serves as well.
      const global = osaka.replace(
        "crypto ikev2 profile",
        "crypto ikev2 dpd 30 5 on-demand\ncrypto ikev2 profile",
      );
      assert.equal(
        only(withConfigs(ON_TOKYO, tokyo, global), "log-invalid-spi").fixes,
        undefined,
      );
    });

    it("clear text: Osaka's crypto ACL has no line for the packet Tokyo expects protected", () => {
      const f = only(findings, "log-cleartext-received");
      assert.match(
        f.message,
        /Tokyo's crypto map mjlnetmap 10 \(ACL 101\) protects 10\.1\.1\.5 <-> 10\.2\.9\.9 with 172\.16\.6\.2/,
      );
      assert.match(
        f.message,
        /Osaka's crypto ACLs have no line for 10\.2\.9\.9 -> 10\.1\.1\.5/,
      );
      assert.ok(
        (f.related ?? []).some(
          (r) =>
            r.uri === TOKYO_URI &&
            textAt(TOKYO, r.range).startsWith("crypto map mjlnetmap 10"),
        ),
      );
    });

    it("replay: the default window, widened by the fix; a wide window gets no fix", () => {
      const f = only(findings, "log-replay-drops");
      assert.match(f.message, /default anti-replay window of 64 packets/);
      const widen = fixTitled(f, /Widen the anti-replay window on Tokyo/);
      const fixed = applyEdits(TOKYO, widen.edits);
      assert.match(
        fixed,
        /crypto ipsec transform-set mjlnet esp-des esp-md5-hmac\ncrypto ipsec security-association replay window-size 1024\n/,
      );
      assert.equal(parseConfig(fixed).replayWindow?.size, 1024);
      const after = only(withConfigs(ON_TOKYO, fixed), "log-replay-drops");
      assert.equal(after.fixes, undefined);
      assert.match(after.message, /already 1024 packets/);
    });

    it("the replay counter of the show output gets the same advice and fix", () => {
      const f = findings.find(
        (x) => x.code === "show-ipsec-drops" && /anti-replay/.test(x.message),
      )!;
      assert.match(f.message, /default anti-replay window of 64 packets/);
      const widen = fixTitled(f, /Widen the anti-replay window on Tokyo/);
      assert.equal(widen.edits[0]!.uri, TOKYO_URI);
    });

    it("a window set too small is replaced in place", () => {
      const small = TOKYO.replace(
        "crypto ipsec transform-set",
        "crypto ipsec security-association replay window-size 128\ncrypto ipsec transform-set",
      );
      const f = only(withConfigs(ON_TOKYO, small), "log-replay-drops");
      assert.match(f.message, /Tokyo's anti-replay window is 128 packets/);
      const fixed = applyEdits(small, fixTitled(f, /Widen/).edits);
      assert.doesNotMatch(fixed, /window-size 128/);
      assert.equal(fixed.match(/replay window-size 1024/g)?.length, 1);
    });

    it("a crypto map entry's own window wins over the global one, and its fix widens the entry's line", () => {
      const own = TOKYO.replace(
        "crypto ipsec transform-set",
        "crypto ipsec security-association replay window-size 1024\ncrypto ipsec transform-set",
      ).replace(
        " set peer 172.16.6.2",
        " set peer 172.16.6.2\n set security-association replay window-size 128",
      );
      const f = only(withConfigs(ON_TOKYO, own), "log-replay-drops");
      assert.match(
        f.message,
        /Tokyo's crypto map mjlnetmap 10 sets its own anti-replay window of 128 packets/,
      );
      const widen = fixTitled(
        f,
        /Widen the anti-replay window of crypto map mjlnetmap 10 on Tokyo to 1024 packets/,
      );
      assert.deepEqual(widen.cli, [
        "crypto map mjlnetmap 10 ipsec-isakmp",
        " set security-association replay window-size 1024",
      ]);
      const fixed = applyEdits(own, widen.edits);
      assert.match(
        fixed,
        /set peer 172\.16\.6\.2\n set security-association replay window-size 1024\n/,
      );
      assert.equal(fixed.match(/replay window-size 1024/g)?.length, 2);
      const after = only(withConfigs(ON_TOKYO, fixed), "log-replay-drops");
      assert.equal(after.fixes, undefined);
      assert.match(after.message, /own window is already 1024 packets/);
    });

    it("anti-replay turned off for the entry: the file is not what runs, and there is nothing to widen", () => {
      const off = TOKYO.replace(
        " set peer 172.16.6.2",
        " set peer 172.16.6.2\n set security-association replay disable",
      );
      const f = only(withConfigs(ON_TOKYO, off), "log-replay-drops");
      assert.match(
        f.message,
        /crypto map mjlnetmap 10 turns anti-replay off, so a router running this config drops nothing as a replay/,
      );
      assert.equal(f.fixes, undefined);
      assert.ok(
        (f.related ?? []).some(
          (r) =>
            r.uri === TOKYO_URI &&
            textAt(off, r.range).trim() ===
              "set security-association replay disable",
        ),
      );
    });

    it("invalid identity: Osaka's ACL does not cover what Tokyo's does", () => {
      const f = only(withConfigs(ON_OSAKA), "log-invalid-identity");
      assert.ok(
        textAt(ON_OSAKA, f.range).startsWith(
          "%CRYPTO-4-RECVD_PKT_INV_IDENTITY_ACL",
        ),
      );
      assert.match(f.message, /^Osaka dropped ESP packets from 172\.16\.5\.1/);
      assert.match(f.message, /\(10\.1\.5\.5 -> 10\.2\.2\.10, ICMP\)/);
      assert.match(
        f.message,
        /none of Osaka's crypto ACLs covers 10\.2\.2\.10 -> 10\.1\.5\.5/,
      );
      assert.match(f.message, /Tokyo's crypto map mjlnetmap 10 covers it/);
      assert.ok((f.related ?? []).some((r) => r.uri === TOKYO_URI));
    });

    it("an integrity failure names the SPI and points at the path", () => {
      const f = only(withConfigs(ON_OSAKA), "log-integrity-failure");
      assert.match(
        f.message,
        /from 172\.16\.5\.1 whose integrity check \(HMAC\) failed \(SPI 999CD43B\)/,
      );
      assert.match(f.message, /CRC and input errors/);
    });
  });

  describe("clear GRE (prot= 47): a tunnel protected on one end only", () => {
    const GRE = captureText("gre-cleartext.ioslog");
    const R1_URI = "file:///work/r1.ios";

    it("the protocol settles the cause: the peer's tunnel, not crypto ACLs, NAT or routes", () => {
      const f = only(checkCapture(GRE), "log-cleartext-received");
      assert.equal(f.range.start.line, 1);
      assert.equal(f.severity, "warning");
      assert.match(f.message, /^R2 dropped GRE packets that arrived/);
      assert.match(f.message, /\(192\.168\.15\.1 -> 192\.168\.25\.2, GRE\)/);
      assert.match(
        f.message,
        /Cause: GRE in clear is a GRE tunnel that one end protects/,
      );
      assert.match(
        f.message,
        /`tunnel protection ipsec profile <profile>` under its tunnel interface toward 192\.168\.25\.2/,
      );
      assert.match(
        f.message,
        /`permit gre host 192\.168\.15\.1 host 192\.168\.25\.2`/,
      );
      assert.doesNotMatch(
        f.message,
        /Likely cause|mirror this router's crypto ACL|exempt the traffic from NAT/,
      );
    });

    it("another protocol in clear keeps the general causes", () => {
      const f = only(
        checkCapture(GRE.replace(/prot= 47/g, "prot= 1")),
        "log-cleartext-received",
      );
      assert.match(f.message, /^R2 dropped packets that arrived/);
      assert.match(
        f.message,
        /Likely cause: the peer sends this traffic in clear/,
      );
    });

    it("with the peer's config: its tunnel toward this router that has no protection", () => {
      const r1 = fs.readFileSync(
        path.join(
          REPO_ROOT,
          "test",
          "fixtures",
          "peers",
          "gre-one-side",
          "r1.ios",
        ),
        "utf8",
      );
      const f = only(
        checkCapture(GRE, { [R1_URI]: r1 }),
        "log-cleartext-received",
      );
      assert.match(
        f.message,
        /The configs say: R1's Tunnel0 sends GRE to 192\.168\.25\.2 and has no `tunnel protection`/,
      );
      const tunnel = (f.related ?? []).find((r) => r.uri === R1_URI);
      assert.ok(tunnel);
      assert.equal(
        textAt(r1, tunnel.range).split("\n")[0],
        "interface Tunnel0",
      );
    });
  });

  describe("hovers", () => {
    it("the drop mnemonics are explained from the same table", () => {
      const h = captureHoverAt(
        // The prompt's own `|` would be read as the cursor.
        ON_OSAKA.replace(" | include CRYPTO-4", "").replace(
          "%CRYPTO-4-RECVD_PKT_INV_IDENTITY_ACL",
          "%CRYPTO-4-RECVD_PKT_INV_|IDENTITY_ACL",
        ),
      );
      assert.ok(h);
      assert.match(h.markdown, /outside the SA's proxy identities/);
      assert.match(h.markdown, /mirror images/);
    });

    it("the clear-text mnemonic gives GRE's cause apart", () => {
      const h = captureHoverAt(
        captureText("gre-cleartext.ioslog").replace(
          "%CRYPTO-4-RECVD_PKT_NOT_IPSEC",
          "%CRYPTO-4-RECVD_PKT_NOT_|IPSEC",
        ),
      );
      assert.ok(h);
      assert.match(h.markdown, /Usually the peer sends this traffic in clear/);
      assert.match(
        h.markdown,
        /With `prot= 47` \(GRE packets\): GRE in clear is a GRE tunnel that one end protects/,
      );
      assert.doesNotMatch(h.markdown, /\{source\}|\{destination\}/);
    });

    it("the drop counters say what they count", () => {
      const h = captureHoverAt(
        ON_TOKYO.replace(
          "#pkts replay failed (rcv): 611",
          "#pkts replay fa|iled (rcv): 611",
        ),
      );
      assert.ok(h);
      assert.match(h.markdown, /replay window/);
    });
  });
});
