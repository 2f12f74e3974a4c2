import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  buildTunnelReport,
  renderTunnelReportText,
} from "../../../../server/src/core/peers/tunnelReport";
import { parseConfig } from "../../../../server/src/core/config/parser";
import {
  compareIkev2Proposals,
  profileAdmits,
  type Ikev2Offer,
} from "../../../../server/src/core/peers/ikev2Negotiation";
import { analyse } from "../../../support/configAnalysis";
import {
  allFindings,
  applyFix,
  edited,
  findingsOf,
  fixture,
  onlyFindingOf,
  pairs,
  rangeText,
  workspace,
} from "./support";

const WORKING = path.join(__dirname, "../../../fixtures/peers/ikev2/working");

/** The working IKEv2 pair, Tokyo first (its pair's direction and messages start from Tokyo). */
const tokyoThenOsaka = () =>
  workspace(path.join(WORKING, "tokyo.ios"), path.join(WORKING, "osaka.ios"));

const offer = (o: Partial<Ikev2Offer>): Ikev2Offer => ({
  name: "P",
  origin: "configured",
  encryption: [],
  integrity: [],
  prf: [],
  groups: [],
  ...o,
});

describe("peers/ikev2Negotiation", () => {
  it("pairs a hub that matches its spokes by domain with a spoke that names itself in it, and not another", () => {
    const byDomain = edited(fixture("flexvpn"), "hub.ios", [
      " match identity remote address 0.0.0.0\n",
      " match identity remote fqdn domain example.com\n",
    ]);
    const withSpokeName = (fqdn: string) =>
      edited(byDomain, "spoke.ios", [
        " authentication remote pre-share\n",
        ` identity local fqdn ${fqdn}\n authentication remote pre-share\n`,
      ]);
    const inDomain = withSpokeName("flexspoke.example.com");
    assert.equal(pairs(inDomain)[0]?.forward?.outcome, "ESTABLISHED");
    assert.deepEqual(
      findingsOf(inDomain, "hub.ios", "identity-rejects-peer"),
      [],
    );
    const outside = withSpokeName("flexspoke.example.org");
    assert.equal(pairs(outside)[0]?.forward?.outcome, "PHASE1_FAILED");
    const [found] = findingsOf(outside, "hub.ios", "identity-rejects-peer");
    assert.match(
      found?.message ?? "",
      /^FlexHub's IKEv2 profile FLEX-PROF matches fqdn domain example\.com, not the identity FlexSpoke sends \(fqdn flexspoke\.example\.org\)/,
    );
  });

  it("admits by `fqdn domain` and `email domain` every name in the domain, and only those", () => {
    const [profile] = parseConfig(
      [
        "crypto ikev2 profile P",
        " match identity remote fqdn domain Example.com",
        " match identity remote email domain corp.example.net",
      ].join("\n"),
    ).ikev2Profiles;
    assert.deepEqual(
      profile!.matches.map((m) => [m.kind, m.value, m.domain]),
      [
        ["fqdn", "Example.com", true],
        ["email", "corp.example.net", true],
      ],
    );
    const admits = (kind: string, value: string) =>
      profileAdmits(profile, { kind, value });
    assert.equal(admits("fqdn", "spoke1.example.com"), true);
    assert.equal(admits("fqdn", "SPOKE1.EXAMPLE.COM"), true);
    assert.equal(admits("fqdn", "example.com"), true);
    assert.equal(admits("fqdn", "spoke1.example.net"), false);
    // A suffix that is not a whole label is another domain.
    assert.equal(admits("fqdn", "badexample.com"), false);
    assert.equal(admits("email", "ops@corp.example.net"), true);
    assert.equal(admits("email", "ops@example.net"), false);
    // The kind counts: an FQDN in the e-mail domain is not an e-mail name.
    assert.equal(admits("fqdn", "corp.example.net"), false);
  });

  it("picks the initiator's first algorithm of each kind that the responder lists", () => {
    const { chosen, differences } = compareIkev2Proposals(
      offer({
        encryption: ["aes-cbc-256", "aes-cbc-128"],
        integrity: ["sha512", "sha256"],
        prf: ["sha512", "sha256"],
        groups: [19, 14],
      }),
      offer({
        encryption: ["aes-cbc-128", "aes-cbc-256"],
        integrity: ["sha256"],
        prf: ["sha256"],
        groups: [14],
      }),
    );
    assert.deepEqual(differences, []);
    assert.deepEqual(chosen, {
      encryption: "aes-cbc-256",
      integrity: "sha256",
      prf: "sha256",
      group: 14,
    });
  });

  it("needs no integrity for an AEAD cipher, but a PRF", () => {
    const { chosen } = compareIkev2Proposals(
      offer({ encryption: ["aes-gcm-256"], prf: ["sha384"], groups: [20] }),
      offer({ encryption: ["aes-gcm-256"], prf: ["sha384"], groups: [20] }),
    );
    assert.equal(chosen?.integrity, undefined);
    assert.equal(chosen?.prf, "sha384");
  });

  it("offers no incomplete proposal: a side whose only proposal is one has nothing to negotiate with", () => {
    const ws = fixture("ikev2/incomplete-proposal");
    const [pa] = pairs(ws);
    // Osaka writes AES-GCM with an integrity line and no prf, which IOS does not use.
    assert.deepEqual(
      [pa?.outcome, pa?.forward?.outcome, pa?.reverse?.outcome],
      ["PHASE1_FAILED", "PHASE1_FAILED", "PHASE1_FAILED"],
    );
    const report = renderTunnelReportText(buildTunnelReport(ws.view));
    assert.match(
      report,
      /^ {2}why: Osaka initiating: Osaka's IKEv2 policy POL-OSAKA lists only incomplete proposals \(PROP-OSAKA: it has no `prf` line, which AES-GCM needs.*\), which IOS neither offers nor accepts, so it has nothing to negotiate with$/m,
    );
    assert.doesNotMatch(report, /phase 1: IKEv2/);
    // Osaka's own config says it, with its fix; the pair adds no proposal mismatch.
    const [incomplete, ...others] = allFindings(ws, "osaka.ios").filter(
      (f) => f.code === "ikev2-proposal-incomplete",
    );
    assert.equal(others.length, 0);
    assert.equal(rangeText(ws, "osaka.ios", incomplete!.range), "PROP-OSAKA");
    assert.deepEqual(findingsOf(ws, "osaka.ios", "ike-policy-mismatch"), []);
    assert.deepEqual(findingsOf(ws, "tokyo.ios", "ike-policy-mismatch"), []);
    const fixed = applyFix(ws, "osaka.ios", incomplete!.fixes![0]!, [
      "osaka.ios",
      "tokyo.ios",
    ]);
    assert.equal(pairs(fixed)[0]?.outcome, "ESTABLISHED");
  });

  it("offers nothing from a line IOS refuses: a proposal left without encryption is not negotiated", () => {
    const base = fixture("ikev2/working");
    const ws = workspace(
      {
        name: "osaka.ios",
        text: base
          .text("osaka.ios")
          .replace(" encryption aes-cbc-128\n", " encryption aes-128\n"),
      },
      { name: "tokyo.ios", text: base.text("tokyo.ios") },
    );
    const [pa] = pairs(ws);
    assert.equal(pa?.outcome, "PHASE1_FAILED");
    assert.match(
      renderTunnelReportText(buildTunnelReport(ws.view)),
      /lists only incomplete proposals \(PROP-OSAKA: its `encryption aes-128` line is one IOS refuses, so it has no encryption\)/,
    );
    const [invalid] = allFindings(ws, "osaka.ios").filter(
      (f) => f.code === "ikev2-proposal-invalid",
    );
    assert.equal(rangeText(ws, "osaka.ios", invalid!.range), "aes-128");
    const fixed = applyFix(ws, "osaka.ios", invalid!.fixes![0]!, [
      "osaka.ios",
      "tokyo.ios",
    ]);
    assert.match(fixed.text("osaka.ios"), / encryption aes-cbc-128\n/);
    assert.equal(pairs(fixed)[0]?.outcome, "ESTABLISHED");
  });

  it("establishes the IKEv2 pair and reports it in IKEv2 words", () => {
    const ws = fixture("ikev2/working");
    const [pa] = pairs(ws);
    assert.equal(pa?.outcome, "ESTABLISHED");
    const text = renderTunnelReportText(buildTunnelReport(ws.view));
    assert.match(text, /phase 1: IKEv2: aes-cbc-128, integrity sha256/);
    assert.match(text, /group 14/);
    assert.match(text, /keys match/);
    assert.doesNotMatch(text, /protection suite|des, sha|rsa-sig|group 1\b/);
    assert.deepEqual(findingsOf(ws, "tokyo.ios", "psk-mismatch"), []);
    assert.deepEqual(findingsOf(ws, "osaka.ios", "ike-policy-mismatch"), []);
  });

  it("fails phase 1 both ways when an IKEv2 profile does not serve the end's front-door VRF", () => {
    const ws = fixture("ikev2/fvrf");
    const [pa] = pairs(ws);
    assert.equal(pa?.outcome, "PHASE1_FAILED");
    assert.deepEqual(
      [pa?.forward?.outcome, pa?.reverse?.outcome],
      ["PHASE1_FAILED", "PHASE1_FAILED"],
    );
    assert.match(
      pa?.reasons.join("\n") ?? "",
      /Tokyo: IKEv2 profile PROF-OSAKA has no `match fvrf`, so it serves only the global table, but crypto map mjlnetmap 10 reaches 172\.16\.6\.2 in VRF INET, so IOS does not use the profile and IKEv2 fails/,
    );
    // Its IKEv2 policy has no `match fvrf` either: the move into VRF INET needs both.
    assert.match(
      pa?.reasons.join("\n") ?? "",
      /Tokyo has no IKEv2 policy for this peer \(IKEv2 policy POL-TOKYO serves the global table and local address 172\.16\.5\.1; none serves VRF INET/,
    );
    const fixed = ws
      .text("tokyo.ios")
      .replace(
        "crypto ikev2 profile PROF-OSAKA\n",
        "crypto ikev2 profile PROF-OSAKA\n match fvrf INET\n",
      )
      .replace(
        "crypto ikev2 policy POL-TOKYO\n",
        "crypto ikev2 policy POL-TOKYO\n match fvrf INET\n",
      );
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ikev2-fvrf-"));
    fs.writeFileSync(path.join(dir, "tokyo.ios"), fixed);
    fs.copyFileSync(
      path.join(WORKING, "osaka.ios"),
      path.join(dir, "osaka.ios"),
    );
    try {
      const [after] = pairs(
        workspace(path.join(dir, "osaka.ios"), path.join(dir, "tokyo.ios")),
      );
      assert.equal(after?.outcome, "ESTABLISHED");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("fails phase 1 when the config's IKEv2 policies serve another VRF: no fallback to the default policy", () => {
    const ws = fixture("ikev2/policy-fvrf");
    const [pa] = pairs(ws);
    assert.equal(pa?.outcome, "PHASE1_FAILED");
    assert.deepEqual(
      pa?.reasons.map((r) => r.split(" (")[0]),
      [
        "Osaka initiating: Tokyo has no IKEv2 policy for this peer",
        "Tokyo initiating: Tokyo has no IKEv2 policy for this peer",
      ],
    );
    // The config check ikev2-policy-unmatched reports it on Tokyo alone; no pair finding repeats it.
    assert.deepEqual(findingsOf(ws, "tokyo.ios", "ike-policy-mismatch"), []);
    const fixed = workspace(
      { name: "osaka.ios", text: ws.text("osaka.ios") },
      {
        name: "tokyo.ios",
        text: ws
          .text("tokyo.ios")
          .replace(
            "crypto ikev2 policy POL-TOKYO\n",
            "crypto ikev2 policy POL-TOKYO\n match fvrf any\n",
          ),
      },
    );
    assert.equal(pairs(fixed)[0]?.outcome, "ESTABLISHED");
    // A config without any policy of its own uses the built-in default policy in every VRF.
    const noPolicy = ws
      .text("tokyo.ios")
      .replace(/crypto ikev2 policy POL-TOKYO\n(?: .*\n)*/, "");
    const [withDefault] = pairs(
      workspace(
        { name: "osaka.ios", text: ws.text("osaka.ios") },
        { name: "tokyo.ios", text: noPolicy },
      ),
    );
    assert.match(
      withDefault?.reasons.join("\n") ?? "",
      /Tokyo's built-in default proposal/,
    );
  });

  it("reports an IKEv2 profile that matches no identity the peer sends, and fixes its match line", () => {
    const ws = fixture("ikev2/identity");
    assert.equal(pairs(ws)[0]?.outcome, "PHASE1_FAILED");
    const [tokyo] = findingsOf(ws, "tokyo.ios", "identity-rejects-peer");
    const [osaka] = findingsOf(ws, "osaka.ios", "identity-rejects-peer");
    assert.ok(tokyo && osaka);
    assert.equal(rangeText(ws, "tokyo.ios", tokyo.range), "PROF-OSAKA");
    assert.equal(
      tokyo.message,
      "Tokyo's IKEv2 profile PROF-OSAKA matches fqdn osaka.example.net, not the identity Osaka sends (address 172.16.6.2): Tokyo refuses Osaka in IKE_AUTH (`Failed to locate an item in the database`, then AUTHENTICATION_FAILED), so the tunnel does not come up.",
    );
    assert.equal(osaka.message, tokyo.message);
    const fix = tokyo.fixes![0]!;
    assert.deepEqual(fix.cli, [
      "crypto ikev2 profile PROF-OSAKA",
      " match identity remote address 172.16.6.2 255.255.255.255",
    ]);
    const fixed = applyFix(ws, "tokyo.ios", fix, ["osaka.ios", "tokyo.ios"]);
    assert.equal(pairs(fixed)[0]?.outcome, "ESTABLISHED");
    assert.deepEqual(
      findingsOf(fixed, "tokyo.ios", "identity-rejects-peer"),
      [],
    );
  });

  describe("several faults of one pair at once", () => {
    it("reports an identity no profile admits and a key mismatch together, each with the fix it has alone", () => {
      const ws = fixture("ikev2/identity-and-psk");
      const names = ["osaka.ios", "tokyo.ios"];
      const identity = onlyFindingOf(ws, "tokyo.ios", "identity-rejects-peer");
      const key = onlyFindingOf(ws, "tokyo.ios", "psk-mismatch");
      assert.equal(rangeText(ws, "tokyo.ios", identity.range), "PROF-OSAKA");
      assert.equal(rangeText(ws, "tokyo.ios", key.range), "Tokyo2Osaka");
      // The same fixes as each fault has alone.
      const alone = (
        folder: string,
        code: "identity-rejects-peer" | "psk-mismatch",
      ) =>
        onlyFindingOf(fixture(folder), "tokyo.ios", code).fixes?.map(
          (f) => f.cli,
        );
      assert.deepEqual(
        identity.fixes?.map((f) => f.cli),
        alone("ikev2/identity", "identity-rejects-peer"),
      );
      assert.deepEqual(
        key.fixes?.map((f) => f.cli),
        alone("ikev2/psk", "psk-mismatch"),
      );
      // Each direction fails at the fault its routers meet first, the other waiting behind it.
      const report = renderTunnelReportText(buildTunnelReport(ws.view));
      assert.match(
        report,
        /^ {2}why: Osaka initiating: Tokyo's IKEv2 profile PROF-OSAKA matches no identity Osaka sends \(address 172\.16\.6\.2\); behind it, once that is fixed: Tokyo's local pre-shared key and Osaka's remote key for it differ: IKE_AUTH fails \(AUTHENTICATION_FAILED\)$/m,
      );
      assert.match(
        report,
        /^ {2}why: Tokyo initiating: Tokyo's local pre-shared key and Osaka's remote key for it differ: IKE_AUTH fails \(AUTHENTICATION_FAILED\); behind it, once that is fixed: Tokyo's IKEv2 profile PROF-OSAKA matches no identity Osaka sends \(address 172\.16\.6\.2\)$/m,
      );
      const [pa] = pairs(ws);
      assert.deepEqual(
        [pa?.outcome, pa?.forward?.outcome, pa?.reverse?.outcome],
        ["PHASE1_FAILED", "PHASE1_FAILED", "PHASE1_KEY_MISMATCH"],
      );
      // Fixed one after the other, in either order, the pair comes up.
      const identityFixed = applyFix(
        ws,
        "tokyo.ios",
        identity.fixes![0]!,
        names,
      );
      assert.equal(pairs(identityFixed)[0]?.outcome, "PHASE1_KEY_MISMATCH");
      assert.deepEqual(
        findingsOf(identityFixed, "tokyo.ios", "identity-rejects-peer"),
        [],
      );
      const keyFixed = applyFix(ws, "tokyo.ios", key.fixes![0]!, names);
      assert.equal(pairs(keyFixed)[0]?.outcome, "PHASE1_FAILED");
      assert.deepEqual(findingsOf(keyFixed, "tokyo.ios", "psk-mismatch"), []);
      const both = applyFix(
        identityFixed,
        "tokyo.ios",
        onlyFindingOf(identityFixed, "tokyo.ios", "psk-mismatch").fixes![0]!,
        names,
      );
      assert.equal(pairs(both)[0]?.outcome, "ESTABLISHED");
    });

    it("reports the profiles' faults with a proposal mismatch, which IKE_SA_INIT meets first", () => {
      const ws = edited(fixture("ikev2/proposal"), "tokyo.ios", [
        " match identity remote address 172.16.6.2 255.255.255.255",
        " match identity remote fqdn osaka.example.net",
      ]);
      assert.deepEqual(
        findingsOf(ws, "tokyo.ios", "ike-policy-mismatch").map((f) =>
          rangeText(ws, "tokyo.ios", f.range),
        ),
        ["integrity sha256"],
      );
      onlyFindingOf(ws, "tokyo.ios", "identity-rejects-peer");
      const reasons = pairs(ws)[0]?.forward?.reasons ?? [];
      assert.match(reasons[0] ?? "", /^no IKEv2 proposal of/);
      assert.match(
        reasons[1] ?? "",
        /^behind it, once that is fixed: Tokyo's IKEv2 profile PROF-OSAKA matches no identity/,
      );
    });
  });

  it("reports an authentication method the other side does not accept, and fixes the acceptor", () => {
    const ws = fixture("ikev2/auth-method");
    assert.equal(pairs(ws)[0]?.outcome, "PHASE1_FAILED");
    const [osaka] = findingsOf(ws, "osaka.ios", "ike-policy-mismatch");
    const [tokyo] = findingsOf(ws, "tokyo.ios", "ike-policy-mismatch");
    assert.ok(osaka && tokyo);
    assert.equal(
      rangeText(ws, "osaka.ios", osaka.range),
      "authentication remote rsa-sig",
    );
    assert.equal(
      rangeText(ws, "tokyo.ios", tokyo.range),
      "authentication local pre-share",
    );
    assert.equal(
      osaka.message,
      "Tokyo signs its AUTH payload with pre-share (IKEv2 profile PROF-OSAKA), which Osaka's IKEv2 profile PROF-TOKYO does not accept (`authentication remote rsa-sig`): IKE_AUTH fails with AUTHENTICATION_FAILED.",
    );
    const fix = osaka.fixes![0]!;
    assert.deepEqual(fix.cli, [
      "crypto ikev2 profile PROF-TOKYO",
      " authentication remote pre-share",
    ]);
    const fixed = applyFix(ws, "osaka.ios", fix, ["osaka.ios", "tokyo.ios"]);
    assert.equal(pairs(fixed)[0]?.outcome, "ESTABLISHED");
    assert.deepEqual(findingsOf(fixed, "osaka.ios", "ike-policy-mismatch"), []);
    // A profile without `authentication local` cannot sign: the fix writes a method the peer accepts.
    const unsigned = workspace(
      { name: "osaka.ios", text: ws.text("osaka.ios") },
      {
        name: "tokyo.ios",
        text: ws
          .text("tokyo.ios")
          .replace(" authentication local pre-share\n", ""),
      },
    );
    const [none] = findingsOf(unsigned, "tokyo.ios", "ike-policy-mismatch");
    assert.match(
      none?.message ?? "",
      /^Tokyo's IKEv2 profile PROF-OSAKA has no `authentication local` line/,
    );
    assert.deepEqual(none?.fixes?.[0]?.cli, [
      "crypto ikev2 profile PROF-OSAKA",
      " authentication local rsa-sig",
    ]);
  });

  it("fails phase 1 when no proposal fits, naming the closest and what differs", () => {
    const ws = fixture("ikev2/proposal");
    assert.equal(pairs(ws)[0]?.outcome, "PHASE1_FAILED");
    const [tokyo] = findingsOf(ws, "tokyo.ios", "ike-policy-mismatch");
    const [osaka] = findingsOf(ws, "osaka.ios", "ike-policy-mismatch");
    assert.ok(tokyo && osaka);
    assert.equal(tokyo.severity, "error");
    // The first kind without a common value is integrity: each side points at its line.
    assert.equal(rangeText(ws, "tokyo.ios", tokyo.range), "integrity sha256");
    assert.equal(rangeText(ws, "osaka.ios", osaka.range), "integrity sha512");
    assert.match(tokyo.message, /PROP-AES/);
    assert.match(tokyo.message, /PROP-OSAKA/);
    assert.match(
      tokyo.message,
      /group \((Tokyo: 14, Osaka: 19|Osaka: 19, Tokyo: 14)\)/,
    );
    assert.match(tokyo.message, /NO_PROPOSAL_CHOSEN/);
    assert.equal(tokyo.related?.[0]?.uri, ws.uri("osaka.ios"));
    assert.deepEqual(tokyo.related?.[0]?.range, osaka.range);
  });

  it("offers to add the other side's choices to either proposal; applied, the pair comes up", () => {
    const ws = fixture("ikev2/proposal");
    const [tokyo] = findingsOf(ws, "tokyo.ios", "ike-policy-mismatch");
    const titles = tokyo!.fixes!.map((f) => f.title);
    assert.equal(titles.length, 2);
    const onOsaka = tokyo!.fixes!.find((f) =>
      f.title.startsWith(
        "Add integrity sha256, prf sha256, group 14 to Osaka's proposal PROP-OSAKA",
      ),
    );
    assert.ok(onOsaka, titles.join("\n"));
    assert.deepEqual(onOsaka.cli, [
      "crypto ikev2 proposal PROP-OSAKA",
      " integrity sha256",
      " prf sha256",
      " group 14",
    ]);
    const fixed = applyFix(ws, "tokyo.ios", onOsaka, [
      "osaka.ios",
      "tokyo.ios",
    ]);
    assert.match(fixed.text("osaka.ios"), /^ integrity sha512 sha256$/m);
    assert.match(fixed.text("osaka.ios"), /^ group 19 14$/m);
    assert.equal(pairs(fixed)[0]?.outcome, "ESTABLISHED");
    assert.deepEqual(findingsOf(fixed, "tokyo.ios", "ike-policy-mismatch"), []);
    // The other way round works as well.
    const onTokyo = tokyo!.fixes!.find((f) =>
      f.title.includes("Tokyo's proposal PROP-AES"),
    )!;
    const other = applyFix(ws, "tokyo.ios", onTokyo, [
      "osaka.ios",
      "tokyo.ios",
    ]);
    assert.equal(pairs(other)[0]?.outcome, "ESTABLISHED");
  });

  it("finds differing asymmetric keys, points at both key lines and masks them", () => {
    const ws = fixture("ikev2/psk");
    assert.equal(pairs(ws)[0]?.outcome, "PHASE1_KEY_MISMATCH");
    const [tokyo] = findingsOf(ws, "tokyo.ios", "psk-mismatch");
    const [osaka] = findingsOf(ws, "osaka.ios", "psk-mismatch");
    assert.ok(tokyo && osaka);
    // Tokyo signs with its local key; Osaka verifies with its remote key.
    assert.equal(rangeText(ws, "tokyo.ios", tokyo.range), "Tokyo2Osaka");
    assert.equal(rangeText(ws, "osaka.ios", osaka.range), "tokyo2osaka");
    assert.match(tokyo.message, /local/);
    assert.match(tokyo.message, /remote/);
    assert.match(tokyo.message, /IKE_AUTH/);
    assert.doesNotMatch(tokyo.message, /Tokyo2Osaka|tokyo2osaka|MM_KEY_EXCH/);
    assert.match(tokyo.message, /\*\*\*\*\*/);
    const revealed = findingsOf(ws, "tokyo.ios", "psk-mismatch", {
      revealSecrets: true,
    })[0]!;
    assert.match(revealed.message, /Tokyo2Osaka/);
    const fix = tokyo.fixes?.find((f) => /^Set Tokyo's/.test(f.title));
    assert.ok(fix);
    assert.deepEqual(fix.cli, [
      "crypto ikev2 keyring KR-OSAKA",
      " peer Osaka",
      "  pre-shared-key local tokyo2osaka",
    ]);
  });

  it("fails phase 1 when one side speaks IKEv2 and the other IKEv1", () => {
    const ws = fixture("ikev2/version");
    const [pa] = pairs(ws);
    assert.equal(pa?.outcome, "PHASE1_FAILED");
    assert.ok(pa?.reasons.every((r) => /IKEv2.*IKEv1|IKEv1.*IKEv2/.test(r)));
    const [tokyo] = findingsOf(ws, "tokyo.ios", "ike-policy-mismatch");
    const [osaka] = findingsOf(ws, "osaka.ios", "ike-policy-mismatch");
    assert.ok(tokyo && osaka);
    assert.equal(
      rangeText(ws, "tokyo.ios", tokyo.range),
      "set ikev2-profile PROF-OSAKA",
    );
    assert.equal(
      rangeText(ws, "osaka.ios", osaka.range),
      "crypto map mjlnetmap 10 ipsec-isakmp",
    );
    assert.match(osaka.message, /IKEv1/);
    // Either end can move: Tokyo back to IKEv1, or Osaka (given an IKEv2 profile) to IKEv2.
    const remove = tokyo.fixes!.find((f) =>
      f.title.startsWith("Remove set ikev2-profile"),
    )!;
    assert.deepEqual(remove.cli, [
      "crypto map mjlnetmap 10 ipsec-isakmp",
      " no set ikev2-profile PROF-OSAKA",
    ]);
    const ikev1 = applyFix(ws, "tokyo.ios", remove, ["osaka.ios", "tokyo.ios"]);
    assert.doesNotMatch(ikev1.text("tokyo.ios"), /set ikev2-profile/);
    assert.ok(
      findingsOf(ikev1, "tokyo.ios", "ike-policy-mismatch").every(
        (f) => !/IKEv2/.test(f.message),
      ),
    );
    assert.ok(
      !tokyo.fixes!.some((f) => f.title.startsWith("Add set ikev2-profile")),
    );
    const withProfile = workspace(
      { name: "tokyo.ios", text: ws.text("tokyo.ios") },
      {
        name: "osaka.ios",
        text: ws
          .text("osaka.ios")
          .replace(
            "crypto map mjlnetmap 10 ipsec-isakmp",
            "crypto ikev2 profile PROF-TOKYO\n match identity remote address 172.16.5.1 255.255.255.255\n!\ncrypto map mjlnetmap 10 ipsec-isakmp",
          ),
      },
    );
    const [again] = findingsOf(withProfile, "osaka.ios", "ike-policy-mismatch");
    const add = again!.fixes!.find((f) =>
      f.title.startsWith("Add set ikev2-profile PROF-TOKYO"),
    )!;
    assert.deepEqual(add.cli, [
      "crypto map mjlnetmap 10 ipsec-isakmp",
      " set ikev2-profile PROF-TOKYO",
    ]);
    const both = applyFix(withProfile, "osaka.ios", add, [
      "osaka.ios",
      "tokyo.ios",
    ]);
    assert.match(both.text("osaka.ios"), /^ set ikev2-profile PROF-TOKYO$/m);
    assert.ok(
      findingsOf(both, "osaka.ios", "ike-policy-mismatch").every(
        (f) => !/IKEv1/.test(f.message),
      ),
    );
  });

  it("tells phase-2 failures of an IKEv2 pair in IKEv2 terms (child SA, not quick mode)", () => {
    const tokyo = fs.readFileSync(path.join(WORKING, "tokyo.ios"), "utf8");
    const osaka = fs
      .readFileSync(path.join(WORKING, "osaka.ios"), "utf8")
      .replace(
        "transform-set mjlnet esp-aes 256 esp-sha256-hmac",
        "transform-set mjlnet esp-3des esp-sha-hmac",
      )
      .replace(
        "permit ip 10.2.2.0 0.0.0.255 10.1.1.0 0.0.0.255",
        "permit ip 10.2.0.0 0.0.255.255 10.1.1.0 0.0.0.255",
      );
    const ws = workspace(
      { name: "tokyo.ios", text: tokyo },
      { name: "osaka.ios", text: osaka },
    );
    const [transforms] = findingsOf(ws, "tokyo.ios", "transform-set-mismatch");
    assert.match(transforms!.message, /NO_PROPOSAL_CHOSEN in IKE_AUTH/);
    assert.doesNotMatch(transforms!.message, /[Qq]uick mode/);
    const [acl] = findingsOf(ws, "tokyo.ios", "crypto-acl-not-mirrored");
    assert.match(acl!.message, /TS_UNACCEPTABLE/);
    assert.doesNotMatch(acl!.message, /quick mode/);
  });

  it("brings an IKEv2 pair with PFS on one side up, and says its rekeys started by the other side fail", () => {
    const ws = edited(tokyoThenOsaka(), "osaka.ios", [
      " set ikev2-profile PROF-TOKYO\n",
      " set ikev2-profile PROF-TOKYO\n set pfs group14\n",
    ]);
    // IKE_AUTH carries no key exchange: the first child SA comes up whoever starts.
    const [pa] = pairs(ws);
    assert.deepEqual(
      [pa?.outcome, pa?.forward?.outcome, pa?.reverse?.outcome],
      ["ESTABLISHED", "ESTABLISHED", "ESTABLISHED"],
    );
    const [pfs] = findingsOf(ws, "tokyo.ios", "pfs-mismatch");
    assert.equal(pfs?.severity, "error");
    assert.match(
      pfs!.message,
      /^PFS differs: Tokyo sets no PFS, Osaka sets PFS group14\. With IKEv2 the first child SA is made in IKE_AUTH, which carries no key exchange, so the tunnel comes up; PFS counts at each rekey \(CREATE_CHILD_SA, every 3600 s or sooner\): rekeys Tokyo starts fail \(the responder requires PFS \(group14\) and the initiator offers none\); rekeys Osaka starts succeed\./,
    );
    // Either fix cures it.
    for (const fix of pfs!.fixes!) {
      const fixed = applyFix(ws, "tokyo.ios", fix, ws.names());
      assert.deepEqual(
        findingsOf(fixed, "tokyo.ios", "pfs-mismatch"),
        [],
        fix.title,
      );
    }
  });

  it("says IKEv2 does not negotiate child SA lifetimes: the shorter side starts the rekeys", () => {
    const ws = edited(tokyoThenOsaka(), "osaka.ios", [
      " set ikev2-profile PROF-TOKYO\n",
      " set ikev2-profile PROF-TOKYO\n set security-association lifetime seconds 1800\n",
    ]);
    const [lifetime] = findingsOf(ws, "tokyo.ios", "ipsec-lifetime-mismatch");
    assert.equal(
      lifetime?.message,
      "IPsec SA lifetimes differ: Tokyo 3600 s / 4608000 KB, Osaka 1800 s / 4608000 KB. IKEv2 does not negotiate lifetimes: each side rekeys its child SAs when its own lifetime runs out, so the side with the shorter one starts the rekeys.",
    );
  });

  describe("smart defaults", () => {
    const ws = fixture("ikev2/smart-defaults");

    it("pairs two VTIs on IOS's own default IPsec profile, transform set, proposal and policy", () => {
      const [pa] = pairs(ws);
      assert.deepEqual(
        [pa?.outcome, pa?.forward?.outcome, pa?.reverse?.outcome],
        ["ESTABLISHED", "ESTABLISHED", "ESTABLISHED"],
      );
      const chosen = pa!.forward!.phase2.transforms.chosen!;
      assert.deepEqual(
        [chosen.offer.name, chosen.offer.transforms.map((t) => t.name)],
        ["default", ["esp-aes", "esp-sha-hmac"]],
      );
      assert.equal(pa!.forward!.ikev2?.initiator?.profile?.name, "default");
      // `default` names IOS's own objects: no undefined reference on either side.
      for (const name of ["a.ios", "b.ios"]) {
        assert.deepEqual(
          analyse(ws.text(name)).filter(
            (f) => f.code === "undefined-reference",
          ),
          [],
          name,
        );
      }
    });

    it("uses IKEv1 where the config writes no IKEv2 profile `default`", () => {
      const text = ws.text("b.ios");
      const profile = text.slice(
        text.indexOf("crypto ikev2 profile default"),
        text.indexOf("!\ninterface Tunnel0"),
      );
      const noProfile = edited(ws, "b.ios", [profile, ""]);
      assert.match(
        pairs(noProfile)[0]!.reasons.join(" "),
        /the two versions never agree/,
      );
    });
  });

  describe("tunnels over IPv6", () => {
    /** The IPv6 VTI pair with `from` replaced by `to` in one config. */
    const variant = (name: string, from: string, to: string) => {
      const ws = fixture("ipv6-vti");
      const other = name === "hq.ios" ? "branch.ios" : "hq.ios";
      const text = ws.text(name);
      assert.ok(text.includes(from), `${name} has ${from}`);
      return workspace(
        { name, text: text.replace(from, to) },
        { name: other, text: ws.text(other) },
      );
    };

    it("pairs the two ends by their IPv6 addresses and brings the tunnel up", () => {
      const ws = fixture("ipv6-vti");
      const [pair] = pairs(ws);
      assert.equal(pair?.outcome, "ESTABLISHED");
      const text = renderTunnelReportText(buildTunnelReport(ws.view));
      assert.match(
        text,
        /^ESTABLISHED {2}BRANCH interface Tunnel0 \(2001:DB8:0:2::1\) {2}<-> {2}HQ interface Tunnel0 \(2001:DB8:0:1::1\)$/m,
      );
      assert.match(text, /keys match/);
    });

    it("finds different keys, proposals and transform sets between IPv6 peers", () => {
      const keys = variant(
        "hq.ios",
        "pre-shared-key Branch2Hq-v6",
        "pre-shared-key Other-v6",
      );
      const [psk] = findingsOf(keys, "hq.ios", "psk-mismatch");
      // Each side's key is named by the peer it is for, and masked.
      assert.match(
        psk?.message ?? "",
        /^HQ's pre-shared key for 2001:DB8:0:2::1 \(\*+\) does not match BRANCH's key for 2001:DB8:0:1::1 \(\*+\)\./,
      );
      const groups = variant("hq.ios", " group 14", " group 19");
      assert.equal(pairs(groups)[0]?.outcome, "PHASE1_FAILED");
      assert.equal(
        findingsOf(groups, "branch.ios", "ike-policy-mismatch").length,
        1,
      );
      const sets = variant(
        "hq.ios",
        "esp-aes 256 esp-sha256-hmac",
        "esp-aes 128 esp-sha-hmac",
      );
      assert.equal(pairs(sets)[0]?.outcome, "PHASE2_FAILED");
      assert.equal(
        findingsOf(sets, "hq.ios", "transform-set-mismatch").length,
        1,
      );
    });

    it("judges IPv6 identities, and fixes the match line with a host prefix", () => {
      const ws = variant(
        "hq.ios",
        "match identity remote address 2001:DB8:0:2::1/128",
        "match identity remote address 2001:DB8:0:9::/64",
      );
      const [found] = findingsOf(ws, "hq.ios", "identity-rejects-peer");
      assert.match(
        found?.message ?? "",
        /matches address 2001:DB8:0:9::\/64, not the identity BRANCH sends \(address 2001:DB8:0:2::1\)/,
      );
      const fix = found!.fixes![0]!;
      assert.deepEqual(fix.cli, [
        "crypto ikev2 profile PROF-V6",
        " match identity remote address 2001:DB8:0:2::1/128",
      ]);
      const fixed = applyFix(ws, "hq.ios", fix, ["hq.ios", "branch.ios"]);
      assert.equal(pairs(fixed)[0]?.outcome, "ESTABLISHED");
      // A prefix that holds the peer's address admits it.
      const wide = variant(
        "hq.ios",
        "match identity remote address 2001:DB8:0:2::1/128",
        "match identity remote address 2001:db8::/32",
      );
      assert.equal(pairs(wide)[0]?.outcome, "ESTABLISHED");
    });

    it("chooses IKEv2 policies by an IPv6 local address, and fixes one that serves another", () => {
      const own = variant(
        "hq.ios",
        "\n proposal PROP-V6",
        "\n match address local 2001:DB8:0:1::1\n proposal PROP-V6",
      );
      assert.equal(pairs(own)[0]?.outcome, "ESTABLISHED");
      const other = variant(
        "hq.ios",
        "\n proposal PROP-V6",
        "\n match address local 2001:DB8:0:1::9\n proposal PROP-V6",
      );
      assert.equal(pairs(other)[0]?.outcome, "PHASE1_FAILED");
      const [found] = analyse(other.text("hq.ios")).filter(
        (f) => f.code === "ikev2-policy-unmatched",
      );
      assert.match(
        found?.message ?? "",
        /IKEv2 policy POL-V6 serves the global table and local address 2001:DB8:0:1::9; none serves the global table and local address 2001:DB8:0:1::1/,
      );
      assert.deepEqual(found!.fixes![0]!.cli, [
        "crypto ikev2 policy POL-V6",
        " match address local 2001:DB8:0:1::1",
      ]);
    });

    it("tells a tunnel pointed at the wrong IPv6 address which one its peer has, and repoints it", () => {
      const ws = variant(
        "branch.ios",
        "tunnel destination 2001:DB8:0:1::1",
        "tunnel destination 2001:DB8:0:1::7",
      );
      const [found] = findingsOf(ws, "branch.ios", "peer-address-mismatch");
      assert.match(
        found?.message ?? "",
        /points at 2001:DB8:0:1::7, which no router of the workspace owns, while HQ points its interface Tunnel0 at this router: the peer address should be 2001:DB8:0:1::1\./,
      );
      const fix = found!.fixes![0]!;
      assert.deepEqual(fix.cli, [
        "interface Tunnel0",
        " tunnel destination 2001:DB8:0:1::1",
      ]);
      const fixed = applyFix(ws, "branch.ios", fix, ["hq.ios", "branch.ios"]);
      assert.equal(pairs(fixed)[0]?.outcome, "ESTABLISHED");
    });

    it("tells an IPv6 destination no router owns by its address", () => {
      const ws = variant(
        "branch.ios",
        "tunnel destination 2001:DB8:0:1::1",
        "tunnel destination 2001:DB8:0:1::9",
      );
      const text = renderTunnelReportText(buildTunnelReport(ws.view));
      assert.match(
        text,
        /points at 2001:DB8:0:1::9, which no router of the workspace owns/,
      );
    });
  });
});
