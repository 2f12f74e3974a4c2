import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  captureFixturePaths,
  captureText,
  lineOf,
} from "../../../support/captures";
import { checkCapture, codesOf, textOf } from "../../../support/captureChecks";

const SESSION = "console-refused-commands.ioslog";

function rejected(text: string) {
  return checkCapture(text).filter((f) => f.code === "log-command-rejected");
}

describe("checks/captureCommandChecks", () => {
  describe("log-command-rejected", () => {
    const text = captureText(SESSION);

    it("reports each refused configuration command on the word the caret marks, with the IOS spelling", () => {
      const found = rejected(text);
      assert.deepEqual(
        found.map((f) => textOf(text, f.range)),
        ["aes-256", "esp-aes-256", "set transform-set TS"],
      );
      const [policy, set, entry] = found;
      assert.equal(policy!.severity, "warning");
      assert.equal(
        policy!.message,
        "R1 refused `encryption aes-256` (in `crypto isakmp policy 10`) at `aes-256` (the caret marks it), so the running config does not have it and the policy keeps that attribute's previous value (the default unless set before). IOS spells it `encryption aes 256`.",
      );
      assert.deepEqual(policy!.fixes![0]!.cli, [
        "crypto isakmp policy 10",
        " encryption aes 256",
      ]);
      assert.match(
        set!.message,
        /^R1 refused `crypto ipsec transform-set TS esp-aes-256 esp-sha256-hmac` at `esp-aes-256` \(the caret marks it\), so the running config does not have it\. IOS spells it `crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac`\.$/,
      );
      // The crypto map entry that names the refused set says why it does not exist.
      assert.match(
        entry!.message,
        /^R1 refused `set transform-set TS` \(in `crypto map CMAP 10 ipsec-isakmp`\): no transform set TS exists \(its definition on line 13 was refused\), so the entry has no transform set/,
      );
      assert.deepEqual(
        entry!.related!.map((r) => r.range.start.line),
        [
          lineOf(text, 'ERROR: transform set with tag "TS"'),
          lineOf(text, "R1(config)#crypto ipsec transform-set"),
        ],
      );
      assert.deepEqual(entry!.fixes![0]!.cli, [
        "crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac",
        "crypto map CMAP 10 ipsec-isakmp",
        " set transform-set TS",
      ]);
    });

    it("leaves alone a refusal typed again and taken, and a mistyped exec command", () => {
      // `set p` (ambiguous) then `set peer`, `crypto map` (incomplete) then `crypto map CMAP`,
      // and `show crypto isakmp sa detial` at the exec prompt.
      assert.doesNotMatch(
        rejected(text)
          .map((f) => f.message)
          .join("\n"),
        /set p |`crypto map`|detial/,
      );
    });

    it("reports an ambiguous or incomplete command that was not typed again", () => {
      const alone = text
        .replace("R1(config-crypto-map)#set peer 198.51.100.1\n", "")
        .replace("R1(config-if)#crypto map CMAP\n", "");
      const messages = rejected(alone).map((f) => f.message);
      assert.ok(
        messages.includes(
          "R1 refused `set p 198.51.100.1` (in `crypto map CMAP 10 ipsec-isakmp`): an abbreviation in it matches several keywords, so IOS ran nothing. Type more letters of the keyword.",
        ),
        messages.join("\n"),
      );
      assert.ok(
        messages.includes(
          "R1 refused `crypto map` (in `interface GigabitEthernet0/0`): the command is incomplete (IOS expects more words; `?` after it lists them), so the running config does not have it.",
        ),
        messages.join("\n"),
      );
    });

    it("names a typo IOS has no spelling for, and the values a policy attribute takes", () => {
      const typo = [
        "R2(config)#crypto isakmp policy 20",
        "R2(config-isakmp)#group 7",
        "                        ^",
        "% Invalid input detected at '^' marker.",
        "R2(config-isakmp)#exit",
        "R2(config)#crypto ipsec tranform-set T2 esp-aes esp-sha-hmac",
        "                        ^",
        "% Invalid input detected at '^' marker.",
        "",
      ].join("\n");
      const [group, word] = rejected(typo);
      assert.equal(textOf(typo, group!.range), "7");
      assert.match(group!.message, / IOS takes groups 1, 2, 5, 14/);
      assert.equal(group!.fixes, undefined);
      assert.equal(textOf(typo, word!.range), "tranform-set");
      assert.match(
        word!.message,
        /The word is a typo or a keyword this release does not have/,
      );
    });

    it("names the IOS spelling of an IKEv2 proposal's algorithm", () => {
      const session = [
        "R1(config)#crypto ikev2 proposal P1",
        "R1(config-ikev2-proposal)#integrity sha2-256",
        "                                    ^",
        "% Invalid input detected at '^' marker.",
        "",
      ].join("\n");
      const [f] = rejected(session);
      assert.equal(textOf(session, f!.range), "sha2-256");
      assert.match(
        f!.message,
        /^R1 refused `integrity sha2-256` \(in `crypto ikev2 proposal P1`\).*IOS spells it `integrity sha256`\.$/,
      );
      assert.deepEqual(f!.fixes![0]!.cli, [
        "crypto ikev2 proposal P1",
        " integrity sha256",
      ]);
    });

    it("masks the key of a refused key command unless secrets are revealed", () => {
      const session = [
        "R1(config)#crypto isakmp key Sup3rS3cret adress 198.51.100.1",
        "                                         ^",
        "% Invalid input detected at '^' marker.",
        "",
      ].join("\n");
      const [f] = checkCapture(session).filter(
        (x) => x.code === "log-command-rejected",
      );
      assert.equal(textOf(session, f!.range), "adress");
      assert.match(
        f!.message,
        /^R1 refused `crypto isakmp key \*{5} adress 198\.51\.100\.1` at `adress`/,
      );
      assert.doesNotMatch(JSON.stringify(f), /Sup3rS3cret/);
      const [shown] = checkCapture(session, {}, true).filter(
        (x) => x.code === "log-command-rejected",
      );
      assert.match(shown!.message, /crypto isakmp key Sup3rS3cret adress/);
    });

    it("says RSA keys need a domain name first", () => {
      const session = [
        "R1(config)#crypto key generate rsa modulus 2048",
        "% Please define a domain-name first.",
        "R1(config)#",
        "",
      ].join("\n");
      const [f] = rejected(session);
      assert.equal(
        textOf(session, f!.range),
        "crypto key generate rsa modulus 2048",
      );
      assert.match(
        f!.message,
        /^R1 refused `crypto key generate rsa modulus 2048`: IOS names an RSA key pair after the host name and the domain, and the router has no `ip domain-name`/,
      );
      assert.deepEqual(f!.fixes![0]!.cli, [
        "ip domain-name <domain>",
        "crypto key generate rsa modulus 2048",
      ]);
    });

    it("follows the modes of each router of a session apart", () => {
      const two = [
        "R1(config)#crypto isakmp policy 10",
        "R2(config)#crypto map VPN 10 ipsec-isakmp",
        "R1(config-isakmp)#hash sha-256",
        "                       ^",
        "% Invalid input detected at '^' marker.",
        "",
      ].join("\n");
      const [f] = rejected(two);
      assert.match(
        f!.message,
        /^R1 refused `hash sha-256` \(in `crypto isakmp policy 10`\).*IOS spells it `hash sha256`\.$/,
      );
    });

    it("finds nothing in the other capture fixtures", () => {
      for (const file of captureFixturePaths()) {
        if (path.basename(file) === SESSION) {
          continue;
        }
        const codes = codesOf(checkCapture(fs.readFileSync(file, "utf8")));
        assert.ok(!codes.includes("log-command-rejected"), file);
      }
    });
  });
});
