import { appendConfig } from "../../../support/configAnalysis";
import * as assert from "node:assert/strict";
import type { TextEdit } from "../../../../server/src/core/diagnostics/finding";
import { applyEdits } from "../../../support/applyEdits";
import { captureText, exampleText, seedText } from "../../../support/captures";
import {
  checkCapture,
  codesOf,
  only,
  parseCapture,
  textOf,
} from "../../../support/captureChecks";

const TOKYO = "file:///work/tokyo.ios";
const OSAKA = "file:///work/osaka.ios";

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

describe("checks/capturePhase2Checks", () => {
  describe("log-phase2-unanswered", () => {
    const text = captureText("ios15-qm-unanswered.ioslog");

    it("reads a quick mode sent again with no reply over an older IKE SA as an SA the peer lost", () => {
      const found = checkCapture(text);
      assert.deepEqual(codesOf(found), ["log-phase2-unanswered"]);
      const f = only(found, "log-phase2-unanswered");
      assert.equal(f.severity, "error");
      assert.equal(
        textOf(text, f.range),
        "retransmitting phase 2 QM_IDLE       1882239488 ...",
      );
      assert.equal(
        f.message,
        "R1 sent quick mode 1/3 to 198.51.100.1 over an established IKE SA and retransmitted it 2 times without any reply: a peer answers a quick mode it refuses; it stays silent when it cannot decrypt it, most likely because it no longer has this IKE SA (it rebooted, or cleared or expired it first: it logs `%CRYPTO-4-IKMP_NO_SA`). Clear the IKE SA here (`clear crypto isakmp 1005`) so that main mode starts again; `crypto isakmp keepalive` (dead peer detection) on both routers notices a lost SA by itself.",
      );
      assert.deepEqual(f.fixes![0]!.cli, [
        "clear crypto isakmp 1005",
        "configure terminal",
        "crypto isakmp keepalive 10 3",
        "end",
      ]);
    });

    it("names the NAT mapping too when IKE runs on UDP 4500", () => {
      const natT = text.replaceAll(
        "my_port 500 peer_port 500",
        "my_port 4500 peer_port 4500",
      );
      const f = only(checkCapture(natT), "log-phase2-unanswered");
      assert.match(
        f.message,
        /or because a NAT device on the way dropped the idle UDP 4500 mapping/,
      );
      assert.ok(f.fixes![0]!.cli!.includes("crypto isakmp nat keepalive 20"));
    });

    it("keeps the wording open after a phase 1 the capture shows completing just before", () => {
      const success = captureText("ios15-success.ioslog");
      const cut = success.slice(0, success.indexOf("000113:"));
      const silent = [
        cut.trimEnd(),
        "000114: *Mar  1 00:13:42.195: ISAKMP:(1001): retransmitting phase 2 QM_IDLE       1218418476 ...",
        "000115: *Mar  1 00:13:42.195: ISAKMP (1001): incrementing error counter on node, attempt 1 of 5: retransmit phase 2",
        "000116: *Mar  1 00:13:42.195: ISAKMP:(1001): retransmitting phase 2 1218418476 QM_IDLE",
        "000117: *Mar  1 00:13:42.195: ISAKMP:(1001): sending packet to 10.0.0.2 my_port 500 peer_port 500 (I) QM_IDLE",
        "",
      ].join("\n");
      const f = only(checkCapture(silent), "log-phase2-unanswered");
      assert.match(
        f.message,
        /retransmitted it 1 time without any reply: 10\.0\.0\.2 completed phase 1 with this router just before, so it should hold the IKE SA: `debug crypto isakmp` on 10\.0\.0\.2 shows what it does with the quick mode\.$/,
      );
      assert.equal(f.fixes, undefined);
    });

    it("reads IKMP_NO_SA as a peer that keeps using an IKE SA this router lost", () => {
      const nosa = [
        "R2#",
        "*Nov 30 07:01:20.120: %CRYPTO-4-IKMP_NO_SA: IKE message from 203.0.113.10 has no SA and is not an initialization offer",
        "*Nov 30 07:01:30.120: %CRYPTO-4-IKMP_NO_SA: IKE message from 203.0.113.10 has no SA and is not an initialization offer",
        "*Nov 30 07:01:31.120: %CRYPTO-4-IKMP_NO_SA: IKE message from 192.0.2.7 has no SA and is not an initialization offer",
        "",
      ].join("\n");
      const found = checkCapture(nosa).filter(
        (f) => f.code === "log-phase2-unanswered",
      );
      assert.deepEqual(
        found.map((f) => [f.severity, f.range.start.line, f.related!.length]),
        [
          ["error", 1, 1],
          ["warning", 3, 0],
        ],
      );
      assert.match(
        found[0]!.message,
        /^R2 received IKE messages from 203\.0\.113\.10 for an IKE SA it does not have \(`IKMP_NO_SA`, 2 times\): 203\.0\.113\.10 still uses an IKE SA this router lost/,
      );
      assert.equal(
        found[0]!.fixes![0]!.title,
        "On 203.0.113.10: clear the stale IKE SA and turn on dead peer detection",
      );
    });

    it("leaves a quick mode the peer answered to the other checks", () => {
      assert.ok(
        !codesOf(checkCapture(captureText("ios15-success.ioslog"))).includes(
          "log-phase2-unanswered",
        ),
      );
    });
  });

  describe("log-phase2-rejected", () => {
    it("flags PROPOSAL_NOT_CHOSEN on the initiator and lists the causes that fit", () => {
      for (const n of [80, 84]) {
        const text = seedText(n);
        const f = only(checkCapture(text), "log-phase2-rejected");
        assert.match(
          textOf(text, f.range),
          /^processing NOTIFY PROPOSAL_NOT_CHOSEN protocol 3/,
        );
        assert.match(f.message, /transform sets.*crypto ACLs.*PFS/);
        assert.deepEqual(codesOf(checkCapture(text)), ["log-phase2-rejected"]);
      }
    });

    it("words an IKEv2 child SA refused in IKE_AUTH as IKEv2 does, without PFS", () => {
      const text = captureText("ikev2-child-sa-rejected.ioslog");
      assert.deepEqual(codesOf(checkCapture(text)), ["log-phase2-rejected"]);
      const f = only(checkCapture(text), "log-phase2-rejected");
      assert.equal(
        textOf(text, f.range),
        "Received Packet [From 172.16.5.1:500/To 172.16.6.2:500/VRF i0:f0]",
      );
      assert.match(
        f.message,
        /^172\.16\.5\.1 refused the child SA proposal \(IKE_AUTH\) of Osaka \(NO_PROPOSAL_CHOSEN\): the IKE SA is up \(both sides authenticated\) but no IPsec SA is created\. The causes that fit: the transform sets share no transform .* or the crypto ACLs are not mirror images, so the traffic selectors \(TSi\/TSr\) match nothing/,
      );
      // The first child SA has no key exchange of its own: PFS is not negotiated there.
      assert.doesNotMatch(f.message, /PFS|quick mode|proxy/);
      assert.match(f.message, /Run `debug crypto ikev2` on 172\.16\.5\.1/);
      // TS_UNACCEPTABLE names the selectors: the ACLs are the cause, said without hedging.
      const ts = text.replace(
        " VID IDr AUTH NOTIFY(NO_PROPOSAL_CHOSEN)",
        " VID IDr AUTH NOTIFY(TS_UNACCEPTABLE)",
      );
      assert.match(
        only(checkCapture(ts), "log-phase2-rejected").message,
        /\(TS_UNACCEPTABLE\): the IKE SA is up .* Cause: the crypto ACLs are not mirror images, so the traffic selectors \(TSi\/TSr\) match nothing/,
      );
    });

    it("says which cause the responder's debug names", () => {
      const transform = only(
        checkCapture(captureText("ios124-phase2-transform.ioslog")),
        "log-phase2-rejected",
      );
      assert.match(
        transform.message,
        /^R2 refused the quick mode proposal of 10\.0\.0\.1.*Cause: the transform sets share no transform/,
      );
      assert.doesNotMatch(transform.message, /mirror/);
      const proxy = only(
        checkCapture(captureText("ios124-phase2-proxy.ioslog")),
        "log-phase2-rejected",
      );
      assert.match(
        proxy.message,
        /Cause: the peer proposed 192\.168\.1\.0\/24 \(its side\) to 192\.168\.0\.0\/16 \(this router's\), and no crypto map entry here for that peer protects the mirror image: its crypto ACL needs `permit ip 192\.168\.0\.0 0\.0\.255\.255 192\.168\.1\.0 0\.0\.0\.255`/,
      );
    });

    it("recognises a static VTI's any-to-any proposal refused by a crypto map", () => {
      const vti = only(
        checkCapture(captureText("ios124-phase2-vti-proposal.ioslog")),
        "log-phase2-rejected",
      );
      assert.match(
        vti.message,
        /Cause: the peer proposed any to any \(0\.0\.0\.0\/0 both ways\), which is what a static VTI .* do not interoperate before IOS XE 16\.12's multi-SA VTI/,
      );
    });

    it("reads the responder's refusal without its quick mode lines (show logging, a late debug)", () => {
      const transform = captureText("ios15-phase2-refusal-only.ioslog");
      const f = only(checkCapture(transform), "log-phase2-rejected");
      assert.equal(f.severity, "error");
      assert.equal(f.range.start.line, 3);
      assert.match(
        f.message,
        /^R2 refused the quick mode proposal of 198\.51\.100\.1: phase 1 is up but no IPsec SA is created\. Cause: the transform sets share no transform/,
      );
      assert.doesNotMatch(f.message, /mirror|PFS/);
      // The encryption domains: the two signature lines alone, with no verdict line after them.
      const proxy = captureText("ios15-phase2-proxy-refusal-only.ioslog");
      const g = only(checkCapture(proxy), "log-phase2-rejected");
      assert.equal(textOf(proxy, g.range), "proxy identities not supported");
      assert.match(
        g.message,
        /^R2 refused the quick mode proposal of the peer: .* Cause: the crypto ACLs are not mirror images/,
      );
      assert.doesNotMatch(g.message, /transform sets/);
    });

    it('folds the later deleting node ... reason "QM rejected" line into the refused quick mode', () => {
      const refusal = captureText("ios15-phase2-refusal-only.ioslog");
      const deleting = (reason: string) =>
        `000415: Apr  4 10:31:07.215: ISAKMP:(1021):deleting node -1187397616 error FALSE reason "${reason}"\n`;
      const text = refusal.replace(/R2#\n$/, `${deleting("QM rejected")}R2#\n`);
      const model = parseCapture(text);
      assert.deepEqual(
        model.exchanges.map((e) => [e.kind, e.outcome, e.startLine, e.endLine]),
        [["quick", "failed", 1, 4]],
      );
      assert.equal(model.messages[model.lineMessage[4]!]!.exchange, 0);
      const f = only(checkCapture(text), "log-phase2-rejected");
      assert.equal(f.range.start.line, 3);
      // Another reason, or a deletion once another exchange began on the connection, is not its.
      const other = parseCapture(
        refusal.replace(/R2#\n$/, `${deleting("Informational")}R2#\n`),
      );
      assert.equal(other.exchanges.length, 2);
      const later = parseCapture(
        refusal.replace(
          /R2#\n$/,
          `000415: Apr  4 10:31:08.001: ISAKMP:(1021): processing HASH payload. message ID = 555\n${deleting("QM rejected")}R2#\n`,
        ),
      );
      assert.notEqual(later.messages[later.lineMessage[5]!]!.exchange, 0);
      // A deletion with an error, after the two signature lines alone: the quick mode failed at
      // its refusal, not at the deletion.
      const proxy = captureText("ios15-phase2-proxy-refusal-only.ioslog");
      const deleted = proxy.replace(
        /R2#\n$/,
        `000522: Apr  4 10:40:12.007: ISAKMP:(1022):deleting node 42 error TRUE reason "QM rejected"\nR2#\n`,
      );
      const ex = parseCapture(deleted).exchanges;
      assert.deepEqual(
        ex.map((e) => [e.kind, e.outcome, e.outcomeLine, e.failure, e.endLine]),
        [["quick", "failed", 4, "the phase 2 proposal was refused", 5]],
      );
      assert.equal(
        textOf(
          deleted,
          only(checkCapture(deleted), "log-phase2-rejected").range,
        ),
        "proxy identities not supported",
      );
    });

    it("reads each refusal line alone, and the same refusal again as another attempt", () => {
      for (const [line, cause] of [
        [
          "*Mar  1 00:12:34.571: IPSEC(ipsec_process_proposal): transform proposal not supported for identity: {esp-des esp-sha-hmac }",
          /Cause: the transform sets share no transform/,
        ],
        [
          "*Mar  1 00:12:34.571: map_db_find_best did not find matching map",
          /Cause: the crypto ACLs are not mirror images/,
        ],
        [
          "*Mar  1 00:12:34.571: ISAKMP:(1015): IPSec policy invalidated proposal with error 32",
          /Cause: the crypto ACLs are not mirror images/,
        ],
        [
          "ISAKMP (0:1): phase 2 SA not acceptable!",
          /The causes that fit: .*transform.*crypto ACLs.*PFS.* Run `debug crypto ipsec` on R2 to see which/,
        ],
      ] as const) {
        const text = `R2#\n${line}\n`;
        const f = only(checkCapture(text), "log-phase2-rejected");
        assert.equal(f.range.start.line, 1, line);
        assert.match(f.message, cause, line);
      }
      const twice = captureText(
        "ios15-phase2-proxy-refusal-only.ioslog",
      ).replace(
        /^R2#\n(?![\s\S]*^R2#\n)/m,
        "000530: Apr  4 11:40:12.003: map_db_find_best did not find matching map\n000531: Apr  4 11:40:12.003: IPSEC(ipsec_process_proposal): proxy identities not supported\nR2#\n",
      );
      assert.deepEqual(
        checkCapture(twice).map((f) => [f.code, f.range.start.line]),
        [
          ["log-phase2-rejected", 4],
          ["log-phase2-rejected", 6],
        ],
      );
    });

    it("compares the two transform sets shown in the same capture: both named, what differs, the commands that fix it", () => {
      const text = seedText(80) + seedText(81);
      const f = only(checkCapture(text), "log-phase2-rejected");
      assert.match(
        f.message,
        /Cause: the transform sets share no transform: Tokyo's mjlnet \{esp-des esp-sha-hmac\} against Osaka's mjlnet \{esp-des esp-md5-hmac\} \(ESP integrity esp-sha-hmac on Tokyo, esp-md5-hmac on Osaka\)\.$/,
      );
      assert.deepEqual(
        f.related!.map((r) => [textOf(text, r.range), r.message]),
        [
          ["mjlnet", "Tokyo: mjlnet {esp-des esp-sha-hmac}"],
          ["mjlnet", "Osaka: mjlnet {esp-des esp-md5-hmac}"],
        ],
      );
      assert.deepEqual(
        f.fixes!.map((x) => [x.title, x.edits, x.cli]),
        [
          [
            "Use Osaka's transforms (esp-des esp-md5-hmac) in Tokyo's transform set mjlnet",
            [],
            ["crypto ipsec transform-set mjlnet esp-des esp-md5-hmac"],
          ],
        ],
      );
      // Sets that share a transform say nothing of the cause.
      const same = only(
        checkCapture(text.replace("esp-md5-hmac", "esp-sha-hmac")),
        "log-phase2-rejected",
      );
      assert.match(same.message, /The causes that fit/);
      assert.deepEqual(same.fixes, []);
    });

    it("compares the two crypto maps shown in the same capture: the entry with no mirror, and the mirror to write", () => {
      // Example 8-84's refusal with Example 8-87's two crypto maps (Tokyo 10.1.0.0/16 to
      // 10.2.0.0/16, Osaka 10.2.2.0/24 to 10.1.1.0/24).
      const text = seedText(84) + seedText(87);
      const f = only(checkCapture(text), "log-phase2-rejected");
      assert.match(
        f.message,
        /Cause: the crypto ACLs are not mirror images, so the proxy identities match nothing on the other side: Tokyo's ACL 101 permits 10\.1\.0\.0\/16 to 10\.2\.0\.0\/16, which no entry of Osaka's ACL 101 mirrors \(it permits 10\.2\.2\.0\/24 to 10\.1\.1\.0\/24\)\.$/,
      );
      assert.doesNotMatch(f.message, /transform|PFS/);
      assert.deepEqual(
        f.related!.map((r) => [textOf(text, r.range), r.message]),
        [
          [
            "access-list 101 permit ip 10.1.0.0 0.0.255.255 10.2.0.0 0.0.255.255",
            "this crypto ACL entry has no mirror on the other router",
          ],
        ],
      );
      assert.deepEqual(f.fixes![0]!.cli, [
        "no access-list 101",
        "access-list 101 permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255",
      ]);
      assert.deepEqual(f.fixes![0]!.edits, []);
      // Mirror images leave the cause open.
      const mirrored = text.replace(
        "permit ip 10.1.0.0 0.0.255.255 10.2.0.0 0.0.255.255",
        "permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255",
      );
      assert.match(
        only(checkCapture(mirrored), "log-phase2-rejected").message,
        /The causes that fit/,
      );
    });

    it("fixes the transform set and the crypto ACL from the workspace configs", () => {
      const tokyo = exampleText("broken/tokyo.ios");
      const configs = { [TOKYO]: tokyo, [OSAKA]: exampleText("osaka.ios") };
      const f = only(
        checkCapture(seedText(84), configs),
        "log-phase2-rejected",
      );
      assert.match(
        f.message,
        /transform sets share no transform: Tokyo's mjlnet \{esp-des esp-sha-hmac\} against Osaka's mjlnet \{esp-des esp-md5-hmac\}.*crypto ACLs are not mirror images.*: Tokyo's ACL 101 permits 10\.1\.0\.0\/16 to 10\.2\.0\.0\/16, which no entry of Osaka's ACL 101 mirrors/,
      );
      const transform = f.fixes!.find((x) => /transforms/.test(x.title))!;
      assert.match(
        applyTo(tokyo, TOKYO, transform.edits),
        /^crypto ipsec transform-set mjlnet esp-des esp-md5-hmac$/m,
      );
      assert.deepEqual(transform.cli, [
        "crypto ipsec transform-set mjlnet esp-des esp-md5-hmac",
      ]);
      const acl = f.fixes!.find((x) => /mirror image/.test(x.title))!;
      assert.match(
        applyTo(tokyo, TOKYO, acl.edits),
        /^access-list 101 permit ip 10\.1\.1\.0 0\.0\.0\.255 10\.2\.2\.0 0\.0\.0\.255$/m,
      );
    });

    it("finds nothing in a successful quick mode", () => {
      assert.deepEqual(
        codesOf(checkCapture(seedText(76) + seedText(77) + seedText(78))),
        [],
      );
    });
  });

  describe("log-identity-rejected", () => {
    it("flags IKE_QUICKMODE_BAD_CERT and not a phase 2 rejection on top", () => {
      const text = seedText(90);
      const f = only(checkCapture(text), "log-identity-rejected");
      assert.match(textOf(text, f.range), /^%CRYPTO-4-IKE_QUICKMODE_BAD_CERT/);
      assert.deepEqual(codesOf(checkCapture(text)), ["log-identity-rejected"]);
      assert.deepEqual(f.fixes![0]!.cli, [
        "crypto identity <identity list>",
        " fqdn <FQDN of 172.16.6.2>",
      ]);
    });

    it("names the identity list the same capture shows, and fixes the config's list", () => {
      const withMap = seedText(90) + seedText(91);
      const f = only(checkCapture(withMap), "log-identity-rejected");
      assert.match(f.message, /identity list from-mjlnet/);
      assert.equal(f.fixes![0]!.cli![0], "crypto identity from-mjlnet");
      const tokyo = appendConfig(
        exampleText("tokyo.ios").replace(
          " match address 101\n",
          " match address 101\n set identity from-mjlnet\n",
        ),
        "crypto identity from-mjlnet\n fqdn Niigata.mjlnet.com\n",
      );
      const g = only(
        checkCapture(seedText(90), {
          [TOKYO]: tokyo,
          [OSAKA]: exampleText("osaka.ios"),
        }),
        "log-identity-rejected",
      );
      const fix = g.fixes![0]!;
      assert.equal(fix.snippet, true);
      assert.match(
        applyTo(tokyo, TOKYO, fix.edits),
        /crypto identity from-mjlnet\n fqdn Niigata\.mjlnet\.com\n fqdn Osaka\.example\.com/,
      );
    });
  });
});
