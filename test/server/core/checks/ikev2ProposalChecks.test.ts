import * as assert from "node:assert/strict";
import {
  analyse,
  findingsOf,
  fixture,
  textAt,
} from "../../../support/configAnalysis";
import { assertFixesCure } from "../../../support/fixes";

const CODES = ["ikev2-proposal-unused", "ikev2-proposal-incomplete"] as const;

/** The findings of both codes: code, severity and the text each marks. */
const marks = (text: string) =>
  findingsOf(analyse(text), ...CODES).map((f) => [
    f.code,
    f.severity,
    textAt(text, f.range),
  ]);

describe("checks/ikev2ProposalChecks", () => {
  describe("ikev2-proposal-unused", () => {
    const text = fixture("ikev2-proposal-no-policy.ios");

    it("warns on each proposal of a config that writes no IKEv2 policy, naming what IOS offers instead", () => {
      const found = findingsOf(analyse(text), "ikev2-proposal-unused");
      assert.deepEqual(
        found.map((f) => [f.severity, textAt(text, f.range)]),
        [
          ["warning", "P-GCM"],
          ["warning", "P-CBC"],
        ],
      );
      // The config's `version 17.3` picks the IOS-XE default proposal.
      assert.match(
        found[0]!.message,
        /^IKEv2 proposal P-GCM is never used: .*this config writes none, so IOS runs its built-in default policy, which offers and accepts only the built-in default proposal \(IOS-XE 16\.x and later\): encryption aes-cbc-256, integrity sha512 sha384, prf sha512 sha384, group 19 14 21 5\. IKE_SA_INIT proposes those, not P-GCM's encryption aes-gcm-256, integrity none, prf sha384, group 19\./,
      );
      assert.deepEqual(
        found[0]!.related?.map((r) => textAt(text, r.range)),
        ["PROF-HUB"],
      );
    });

    it("names the classic IOS default proposal for a 15.x config", () => {
      const [first] = findingsOf(
        analyse(text.replace("version 17.3", "version 15.4")),
        "ikev2-proposal-unused",
      );
      assert.match(
        first!.message,
        /built-in default proposal \(classic IOS 15\.x\): encryption aes-cbc-256 aes-cbc-192 aes-cbc-128, integrity sha512 sha384 sha256 sha1 md5, prf sha512 sha384 sha256 sha1 md5, group 5 2\./,
      );
    });

    it("fixes it with a policy listing the proposals, after the last proposal", () => {
      const [result] = assertFixesCure(text, "ikev2-proposal-unused");
      assert.equal(
        result!.fix.title,
        "Add IKEv2 policy IKEV2-POLICY listing P-GCM, P-CBC",
      );
      assert.deepEqual(result!.fix.cli, [
        "crypto ikev2 policy IKEV2-POLICY",
        " proposal P-GCM",
        " proposal P-CBC",
      ]);
      assert.match(
        result!.after,
        /\n group 14\ncrypto ikev2 policy IKEV2-POLICY\n proposal P-GCM\n proposal P-CBC\n!\ncrypto ikev2 keyring/,
      );
      assert.deepEqual(findingsOf(result!.findings, ...CODES), []);
    });

    it("completes an unused incomplete proposal when its fix lists it, so the fix brings no error", () => {
      const noPrf = text.replace(" prf sha384\n", "");
      const found = findingsOf(analyse(noPrf), ...CODES);
      // One finding for the proposal: it is unused, and says what it lacks.
      assert.deepEqual(
        found.map((f) => [f.code, textAt(noPrf, f.range)]),
        [
          ["ikev2-proposal-unused", "P-GCM"],
          ["ikev2-proposal-unused", "P-CBC"],
        ],
      );
      assert.match(
        found[0]!.message,
        /It is incomplete too \(it has no `prf` line, which AES-GCM needs/,
      );
      const [result] = assertFixesCure(noPrf, "ikev2-proposal-unused");
      assert.deepEqual(result!.fix.cli, [
        "crypto ikev2 proposal P-GCM",
        " prf sha256",
        "crypto ikev2 policy IKEV2-POLICY",
        " proposal P-GCM",
        " proposal P-CBC",
      ]);
      assert.deepEqual(findingsOf(result!.findings, ...CODES), []);
    });

    it("reports a leftover proposal no policy lists as information, and deletes it", () => {
      const withPolicy = text.replace(
        "!\ncrypto ikev2 keyring",
        "crypto ikev2 policy POL\n proposal P-GCM\n!\ncrypto ikev2 keyring",
      );
      const found = findingsOf(analyse(withPolicy), ...CODES);
      assert.deepEqual(
        found.map((f) => [f.code, f.severity, textAt(withPolicy, f.range)]),
        [["ikev2-proposal-unused", "information", "P-CBC"]],
      );
      assert.match(
        found[0]!.message,
        /^IKEv2 proposal P-CBC is listed by no IKEv2 policy \(POL\), so IOS neither offers nor accepts it/,
      );
      const [result] = assertFixesCure(withPolicy, "ikev2-proposal-unused");
      assert.deepEqual(result!.fix.cli, ["no crypto ikev2 proposal P-CBC"]);
      assert.doesNotMatch(result!.after, /P-CBC|integrity sha256/);
    });

    it("counts `crypto ikev2 policy default` as a policy of the config", () => {
      const modifiedDefault = text.replace(
        "!\ncrypto ikev2 keyring",
        "crypto ikev2 policy default\n match fvrf any\n!\ncrypto ikev2 keyring",
      );
      assert.deepEqual(
        marks(modifiedDefault).map(([code, severity]) => [code, severity]),
        [
          ["ikev2-proposal-unused", "information"],
          ["ikev2-proposal-unused", "information"],
        ],
      );
    });

    it("says nothing of a written `default` proposal without a policy: the built-in policy uses it", () => {
      const ownDefault = text.replace(
        "crypto ikev2 proposal P-GCM",
        "crypto ikev2 proposal default",
      );
      // P-CBC beside it is still never used.
      assert.deepEqual(marks(ownDefault), [
        ["ikev2-proposal-unused", "warning", "P-CBC"],
      ]);
      assert.match(
        findingsOf(analyse(ownDefault), "ikev2-proposal-unused")[0]!.message,
        /offers and accepts only the config's own proposal default: encryption aes-gcm-256, integrity none, prf sha384, group 19\./,
      );
    });

    it("is information, with a fix of each kind, in a config that uses no IKEv2 yet", () => {
      const noIkev2 = text
        .replace(/crypto ikev2 profile PROF-HUB\n(?: .*\n)*/, "")
        .replace(" set ikev2-profile PROF-HUB\n", "");
      const found = findingsOf(analyse(noIkev2), "ikev2-proposal-unused");
      assert.deepEqual(
        found.map((f) => f.severity),
        ["information", "information"],
      );
      assert.deepEqual(
        found[0]!.fixes?.map((f) => f.title),
        [
          "Add IKEv2 policy IKEV2-POLICY listing P-GCM, P-CBC",
          "Delete IKEv2 proposal P-GCM",
        ],
      );
      assertFixesCure(noIkev2, "ikev2-proposal-unused");
    });
  });

  describe("ikev2-proposal-incomplete", () => {
    const text = fixture("ikev2-proposal-incomplete.ios");
    const found = findingsOf(analyse(text), "ikev2-proposal-incomplete");

    it("flags each listed proposal IOS cannot use, on its name, and not a complete or unlisted one", () => {
      assert.deepEqual(marks(text), [
        ["ikev2-proposal-incomplete", "error", "P-NO-GROUP"],
        ["ikev2-proposal-incomplete", "error", "P-CBC-NO-INTEGRITY"],
        ["ikev2-proposal-incomplete", "error", "P-GCM-NO-PRF"],
        ["ikev2-proposal-incomplete", "error", "P-GCM-INTEGRITY"],
        ["ikev2-proposal-unused", "information", "P-OLD"],
      ]);
    });

    it("says what each lacks and what its policy is left with", () => {
      assert.match(
        found[0]!.message,
        /^IKEv2 proposal P-NO-GROUP is incomplete: it has no `group` line, .*so it neither offers nor accepts P-NO-GROUP: IKEv2 policy POL-WAN1 negotiates with proposal P-GOOD only\./,
      );
      assert.match(
        found[1]!.message,
        /^IKEv2 proposal P-CBC-NO-INTEGRITY is incomplete: it has no `integrity` line, which a CBC cipher needs\..*IKEv2 policy POL-WAN2 has no other complete proposal, so it offers nothing/,
      );
      assert.match(
        found[2]!.message,
        /^IKEv2 proposal P-GCM-NO-PRF is incomplete: it has no `prf` line, which AES-GCM needs/,
      );
      assert.match(
        found[3]!.message,
        /it writes `integrity` beside AES-GCM, which protects integrity itself: RFC 7296/,
      );
      assert.deepEqual(
        found[1]!.related?.map((r) => [textAt(text, r.range), r.message]),
        [["P-CBC-NO-INTEGRITY", "listed by IKEv2 policy POL-WAN2"]],
      );
    });

    it("completes each proposal, and the finding is gone", () => {
      const results = assertFixesCure(text, "ikev2-proposal-incomplete");
      assert.deepEqual(
        results.map((r) => [r.fix.title, r.fix.cli]),
        [
          [
            "Complete IKEv2 proposal P-NO-GROUP: add group 20",
            ["crypto ikev2 proposal P-NO-GROUP", " group 20"],
          ],
          [
            "Complete IKEv2 proposal P-CBC-NO-INTEGRITY: add integrity sha256",
            ["crypto ikev2 proposal P-CBC-NO-INTEGRITY", " integrity sha256"],
          ],
          [
            "Complete IKEv2 proposal P-GCM-NO-PRF: add prf sha256",
            ["crypto ikev2 proposal P-GCM-NO-PRF", " prf sha256"],
          ],
          [
            "Complete IKEv2 proposal P-GCM-INTEGRITY: replace integrity sha256 with prf sha256",
            [
              "crypto ikev2 proposal P-GCM-INTEGRITY",
              " no integrity sha256",
              " prf sha256",
            ],
          ],
        ],
      );
      // The new line goes where IOS prints it: integrity right after encryption.
      assert.match(
        results[1]!.after,
        /crypto ikev2 proposal P-CBC-NO-INTEGRITY\n encryption aes-cbc-256\n integrity sha256\n group 14\n/,
      );
      assert.match(
        results[3]!.after,
        /crypto ikev2 proposal P-GCM-INTEGRITY\n encryption aes-gcm-128\n prf sha256\n group 19\n/,
      );
    });

    it("drops the integrity line of an AES-GCM proposal that already has a prf", () => {
      const withPrf = text.replace(
        " integrity sha256\n group 19",
        " integrity sha256\n prf sha384\n group 19",
      );
      const [result] = assertFixesCure(
        withPrf,
        "ikev2-proposal-incomplete",
        {},
      ).filter((r) => r.fix.title.includes("P-GCM-INTEGRITY"));
      assert.deepEqual(result!.fix.cli, [
        "crypto ikev2 proposal P-GCM-INTEGRITY",
        " no integrity sha256",
      ]);
    });

    it("keeps the ciphers of a mixed encryption line that the rest of the proposal fits", () => {
      const mixed = text.replace(
        " encryption aes-cbc-256\n integrity sha256\n",
        " encryption aes-gcm-256 aes-cbc-256\n integrity sha256\n group 14\n",
      );
      const [one] = findingsOf(analyse(mixed), "ikev2-proposal-incomplete");
      assert.match(one!.message, /mixes AES-GCM with CBC ciphers/);
      const [result] = assertFixesCure(
        mixed,
        "ikev2-proposal-incomplete",
      ).filter((r) => r.fix.title.includes("P-NO-GROUP"));
      assert.deepEqual(result!.fix.cli, [
        "crypto ikev2 proposal P-NO-GROUP",
        " no encryption aes-gcm-256",
      ]);
    });

    it("says nothing of a complete AES-GCM proposal with a prf and a group", () => {
      const complete = [
        "crypto ikev2 proposal P",
        " encryption aes-gcm-256",
        " prf sha384",
        " group 19",
        "crypto ikev2 policy POL",
        " proposal P",
      ].join("\n");
      assert.deepEqual(marks(complete), []);
      // The same proposal without its prf line is flagged.
      assert.deepEqual(marks(complete.replace(" prf sha384\n", "")), [
        ["ikev2-proposal-incomplete", "error", "P"],
      ]);
    });
  });
});

describe("checks/ikev2ProposalChecks: ikev2-proposal-invalid", () => {
  const text = fixture("ikev2-proposal-invalid.ios");

  it("marks each line IOS refuses, with the IOS spelling and what the proposal is left with", () => {
    const found = findingsOf(analyse(text), "ikev2-proposal-invalid");
    assert.deepEqual(
      found.map((f) => [f.severity, textAt(text, f.range)]),
      [
        ["error", "aes-256"],
        ["error", "sha-256"],
        ["error", "aes-gcm256"],
        ["error", "hmac-sha384"],
        ["error", "19 7"],
      ],
    );
    assert.equal(
      found[0]!.message,
      "IKEv2 proposal PROP-ASA: IOS refuses `encryption aes-256` (it does not know `aes-256`); IOS writes `encryption aes-cbc-256`. It takes aes-cbc-256, aes-cbc-192, aes-cbc-128, aes-gcm-256, aes-gcm-128, 3des, des. The line is not configured, so the proposal has no encryption: it is incomplete, and IOS neither offers nor accepts it.",
    );
    assert.match(
      found[2]!.message,
      /so the proposal keeps only the encryption its other line lists\.$/,
    );
    assert.match(
      found[3]!.message,
      /IOS writes `prf sha384`\..*so IOS takes the integrity algorithms as PRFs\.$/,
    );
    assert.match(
      found[4]!.message,
      /it does not know `7`\); `group 19` keeps the groups it knows\..*no Diffie-Hellman group: it is incomplete/,
    );
    // The refused lines tell what the proposals lack: no second finding on their names.
    assert.deepEqual(
      findingsOf(analyse(text), "ikev2-proposal-incomplete"),
      [],
    );
  });

  it("fixes each line with the IOS spelling, and the proposals become complete", () => {
    const results = assertFixesCure(text, "ikev2-proposal-invalid");
    assert.deepEqual(
      results.map((r) => r.fix.cli),
      [
        ["crypto ikev2 proposal PROP-ASA", " encryption aes-cbc-256"],
        ["crypto ikev2 proposal PROP-ASA", " integrity sha256"],
        ["crypto ikev2 proposal PROP-OTHER", " encryption aes-gcm-256"],
        ["crypto ikev2 proposal PROP-OTHER", " prf sha384"],
        ["crypto ikev2 proposal PROP-OTHER", " group 19"],
      ],
    );
    let all = text;
    for (const [from, to] of [
      [" encryption aes-256\n", " encryption aes-cbc-256\n"],
      [" integrity sha-256\n", " integrity sha256\n"],
      [" group 19 7\n", " group 19\n"],
    ]) {
      all = all.replace(from!, to!);
    }
    assert.deepEqual(
      findingsOf(
        analyse(all),
        "ikev2-proposal-invalid",
        "ikev2-proposal-incomplete",
      ).map((f) => textAt(all, f.range)),
      ["aes-gcm256", "hmac-sha384"],
    );
  });

  it("offers the values IOS takes when it knows none of the words", () => {
    const none = text.replace(" group 19 7\n", " group 7\n");
    const [result] = assertFixesCure(none, "ikev2-proposal-invalid", {
      group: "19",
    }).filter((r) => r.fix.snippet);
    assert.equal(
      result!.fix.title,
      "Pick a Diffie-Hellman group IOS takes (the peer's proposal must have it too)",
    );
    assert.match(result!.after, /\n group 19\n/);
  });
});
