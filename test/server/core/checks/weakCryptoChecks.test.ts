import * as assert from "node:assert/strict";
import {
  analyse,
  findingsOf,
  fixture,
  peerFixture,
  textAt,
} from "../../../support/configAnalysis";
import { assertFixesCure } from "../../../support/fixes";

describe("checks/weakCryptoChecks", () => {
  const tokyo = fixture("seed-tokyo.ios");

  it("flags DES and group 1 taken by default, MD5, and weak transforms, as information", () => {
    const found = findingsOf(analyse(tokyo), "weak-crypto");
    assert.ok(found.every((f) => f.severity === "information"));
    const texts = found.map((f) => `${textAt(tokyo, f.range)} | ${f.message}`);
    assert.ok(
      texts.some((t) =>
        /^crypto isakmp policy 10 \| .*DES \(the IOS default/.test(t),
      ),
      texts.join("\n"),
    );
    assert.ok(
      texts.some((t) => /^crypto isakmp policy 10 \| .*DH group 1/.test(t)),
    );
    assert.ok(texts.some((t) => /^md5 \| .*MD5.*hash sha.*IOS 15/.test(t)));
    assert.ok(texts.some((t) => /^esp-des \| .*esp-aes 256/.test(t)));
    assert.ok(texts.some((t) => /^esp-md5-hmac \| .*esp-sha-hmac/.test(t)));
    assert.ok(found.every((f) => /both peers/i.test(f.message)));
    assert.equal(found.length, 5);
  });

  it("names the modern replacement on IOS 15 and later", () => {
    const modern = tokyo.replace("version 12.3", "version 15.2");
    const texts = findingsOf(analyse(modern), "weak-crypto").map(
      (f) => f.message,
    );
    assert.ok(texts.some((t) => /hash sha256/.test(t)));
    assert.ok(texts.some((t) => /esp-sha256-hmac/.test(t)));
  });

  it("flags 3DES, group 2 and 5, and weak PFS groups; each fix replaces the value", () => {
    const text = [
      "version 15.2",
      "crypto isakmp policy 10",
      " encryption 3des",
      " hash sha",
      " authentication pre-share",
      " group 5",
      "crypto ipsec transform-set T esp-3des esp-sha-hmac",
      "crypto ipsec profile P",
      " set transform-set T",
      " set pfs group2",
      "crypto map M 10 ipsec-isakmp",
      " set pfs",
    ].join("\n");
    const found = findingsOf(analyse(text), "weak-crypto");
    assert.deepEqual(found.map((f) => textAt(text, f.range)).sort(), [
      "3des",
      "5",
      "esp-3des",
      "group2",
      "set pfs",
    ]);
    const results = assertFixesCure(text, "weak-crypto");
    assert.ok(results.some((r) => /^ encryption aes 256$/m.test(r.after)));
    assert.ok(results.some((r) => /^ group 14$/m.test(r.after)));
    assert.ok(
      results.some((r) =>
        /^crypto ipsec transform-set T esp-aes 256 esp-sha-hmac$/m.test(
          r.after,
        ),
      ),
    );
    assert.ok(
      results.some(
        (r) =>
          /^ set pfs group14$/m.test(r.after) &&
          /crypto map/.test(r.fix.cli?.[0] ?? ""),
      ),
    );
  });

  it("adds the missing attribute to a policy that takes the weak default", () => {
    const results = assertFixesCure(tokyo, "weak-crypto");
    const add = results.find((r) =>
      r.fix.title.startsWith("Add encryption aes 256"),
    );
    assert.match(
      add?.after ?? "",
      /^ authentication pre-share\n encryption aes 256$/m,
    );
    assert.deepEqual(add?.fix.cli, [
      "crypto isakmp policy 10",
      " encryption aes 256",
    ]);
  });

  it("flags weak algorithms of IKEv2 proposals; a fix removes one beside stronger ones or replaces a lone one", () => {
    const text = [
      "version 15.4",
      "crypto ikev2 proposal P",
      " encryption aes-cbc-256 3des",
      " integrity md5",
      " group 14 2",
      "crypto ikev2 proposal STRONG",
      " encryption aes-gcm-256",
      " prf sha384",
      " group 19",
      "",
    ].join("\n");
    const found = findingsOf(analyse(text), "weak-crypto");
    assert.deepEqual(
      found.map((f) => textAt(text, f.range)),
      ["3des", "md5", "2"],
    );
    assert.match(
      found[0]!.message,
      /IKEv2 proposal P offers 3DES for encryption/,
    );
    assert.match(found[2]!.message, /DH group 2 \(1024-bit\)/);
    const results = assertFixesCure(text, "weak-crypto");
    const removed = results.find((r) => r.fix.title.startsWith("Remove 3des"));
    assert.match(removed!.after, /^ encryption aes-cbc-256$/m);
    assert.deepEqual(removed!.fix.cli, [
      "crypto ikev2 proposal P",
      " no encryption 3des",
    ]);
    const replaced = results.find((r) =>
      r.fix.title.startsWith("Use integrity sha256"),
    );
    assert.match(replaced!.after, /^ integrity sha256$/m);
    assert.deepEqual(replaced!.fix.cli, [
      "crypto ikev2 proposal P",
      " integrity sha256",
      " no integrity md5",
    ]);
    const group = results.find((r) => r.fix.title.startsWith("Remove 2"));
    assert.match(group!.after, /^ group 14$/m);
  });

  it("flags ESP encryption with no integrity transform, and adds one", () => {
    const text = fixture("transform-set-invalid.ios");
    const [f] = findingsOf(analyse(text), "weak-crypto").filter((x) =>
      /NO-HMAC/.test(x.message),
    );
    assert.equal(textAt(text, f!.range), "esp-aes 256");
    assert.match(f!.message, /encrypts with esp-aes but has no integrity/);
    const results = assertFixesCure(
      text,
      "weak-crypto",
      {},
      {
        skip: (fix) => !/NO-HMAC/.test(fix.title),
      },
    );
    assert.deepEqual(
      results.map((r) => r.fix.cli),
      [["crypto ipsec transform-set NO-HMAC esp-aes 256 esp-sha256-hmac"]],
    );
    // Integrity from AH or from a combined-mode cipher counts; so does an old release's advice.
    const others = analyse(
      "version 12.4\ncrypto ipsec transform-set A ah-sha-hmac esp-aes\ncrypto ipsec transform-set B esp-gcm 256\ncrypto ipsec transform-set C esp-3des\n",
    );
    const marks = findingsOf(others, "weak-crypto").filter((x) =>
      /no integrity/.test(x.message),
    );
    assert.deepEqual(
      marks.map((x) => x.fixes![0]!.cli),
      [["crypto ipsec transform-set C esp-3des esp-sha-hmac"]],
    );
  });

  it("stays quiet on strong choices", () => {
    const strong = [
      "crypto isakmp policy 10",
      " encryption aes 256",
      " hash sha256",
      " authentication pre-share",
      " group 14",
      "crypto ipsec transform-set T esp-aes 256 esp-sha256-hmac",
      "crypto ipsec profile P",
      " set transform-set T",
      " set pfs group14",
    ].join("\n");
    assert.deepEqual(findingsOf(analyse(strong), "weak-crypto"), []);
  });
});

describe("checks/weakCryptoChecks: certificates", () => {
  const kobe = fixture("certificates-weak.ios");

  it("flags a router certificate with a 1024-bit key and a SHA-1 signature, once, on its line", () => {
    const found = findingsOf(analyse(kobe), "weak-crypto").filter((f) =>
      textAt(kobe, f.range).startsWith("certificate"),
    );
    assert.equal(found.length, 1);
    const [f] = found;
    assert.equal(textAt(kobe, f!.range), "certificate 04");
    assert.match(f!.message, /CN=kobe\.lens\.lab/);
    assert.match(f!.message, /RSA key has 1024 bits/);
    assert.match(f!.message, /signed with sha1WithRSAEncryption/);
    assert.match(
      f!.message,
      /crypto key generate rsa modulus 2048 label LAB-CA/,
    );
  });

  it("leaves sound certificates alone (2048 bits, SHA-256)", () => {
    const tokyo = peerFixture("certificate-chains", "tokyo.ios");
    assert.deepEqual(
      findingsOf(analyse(tokyo), "weak-crypto").filter((f) =>
        textAt(tokyo, f.range).startsWith("certificate"),
      ),
      [],
    );
  });
});
