import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { ResolvedFinding } from "../../../../server/src/core/diagnostics/severityOverrides";
import {
  DEFAULT_ANALYSIS_SETTINGS,
  type LanguageId,
} from "../../../../server/src/core/document";
import {
  parseDocument,
  validate,
} from "../../../../server/src/core/languageService";
import {
  CAPTURE_URI,
  checkCapture,
  codesOf,
  only,
  parseCapture,
  textOf,
} from "../../../support/captureChecks";
import { seedText } from "../../../support/captures";
import { capturedConfigs } from "../../../../server/src/core/capture/runningConfigs";
import { REPO_ROOT } from "../../../support/paths";

const PEERS = path.join(REPO_ROOT, "test", "fixtures", "peers");

function peerFixture(folder: string, file: string): string {
  return fs.readFileSync(path.join(PEERS, folder, file), "utf8");
}

/** A console session that prints the config with `show running-config`. */
function printed(router: string, config: string): string {
  const body = config.endsWith("\n") ? config : `${config}\n`;
  return `${router}#show running-config\nBuilding configuration...\n\nCurrent configuration : ${body.length} bytes\n${body}${router}#\n`;
}

/** What a user sees of a finding: code, place and message. */
function seen(f: ResolvedFinding, lineShift = 0): string {
  return `${f.code} ${f.range.start.line + lineShift}:${f.range.start.character} ${f.message}`;
}

/**
 * The findings of config file `self` of two analysed together. The files are named in the order
 * the capture prints them, since a message names the two sides in the order of their URIs.
 */
function fileFindings(
  first: string,
  second: string,
  self: 0 | 1,
  languageId: LanguageId = "cisco-ios",
): ResolvedFinding[] {
  const settings = DEFAULT_ANALYSIS_SETTINGS;
  const texts = [first, second];
  const uris = ["file:///w/1.ios", "file:///w/2.ios"];
  const parsed = texts.map((text, i) =>
    parseDocument({ uri: uris[i]!, languageId, text }, settings),
  );
  const configs = parsed.map((p) => {
    assert.equal(p.kind, "config");
    return { uri: p.uri, model: p.model };
  });
  return validate(parsed[self]!, {
    settings,
    overrides: {},
    workspace: { configs },
  });
}

describe("checks/capturedConfigChecks", () => {
  it("checks a printed configuration as a config, on the capture's lines", () => {
    // Example 8-57: Osaka's policy 10 keeps the defaults DES and group 1, and hashes with MD5.
    const text = seedText(57);
    const weak = checkCapture(text).filter((f) => f.code === "weak-crypto");
    assert.deepEqual(
      weak.map((f) => [f.range.start.line, textOf(text, f.range)]).sort(),
      [
        [3, "crypto isakmp policy 10"],
        [3, "crypto isakmp policy 10"],
        [4, "md5"],
      ].sort(),
    );
    assert.ok(weak.some((f) => /uses DES/.test(f.message)));
  });

  it("finds in both printed configurations what only the pair reveals, as the files would", () => {
    for (const folder of ["psk", "transform", "policy", "acl"]) {
      const tokyo = peerFixture(folder, "tokyo.ios");
      const osaka = peerFixture(folder, "osaka.ios");
      const capture = printed("Tokyo", tokyo) + printed("Osaka", osaka);
      const found = checkCapture(capture);
      const tokyoStart = 4;
      const osakaStart = tokyoStart + tokyo.split("\n").length + 4;
      const expected = [
        ...fileFindings(tokyo, osaka, 0).map((f) => seen(f, tokyoStart)),
        ...fileFindings(tokyo, osaka, 1).map((f) => seen(f, osakaStart)),
      ].sort();
      // Something only the pair reveals, or the comparison proves nothing about the peer checks.
      const alone = new Set([
        ...checkCapture(printed("Tokyo", tokyo)).map((f) => f.code),
        ...checkCapture(printed("Osaka", osaka)).map((f) => f.code),
      ]);
      assert.ok(
        found.some((f) => !alone.has(f.code)),
        `${folder}: no finding needs both configs`,
      );
      assert.deepEqual(
        found.map((f) => seen(f)).sort(),
        expected,
        `${folder}: the capture's findings differ from the files'`,
      );
      // A fix cannot edit a log: what stays are the console commands.
      for (const f of found) {
        for (const fix of f.fixes ?? []) {
          assert.deepEqual(fix.edits, [], `${f.code}: ${fix.title}`);
          assert.ok(fix.cli?.length, `${f.code}: ${fix.title} has no commands`);
        }
        for (const r of f.related ?? []) {
          assert.equal(r.uri, undefined, `${f.code} relates outside`);
        }
      }
    }
  });

  it("pairs a printed configuration with the peer's config file, whose fixes still edit the file", () => {
    const tokyo = peerFixture("transform", "tokyo.ios");
    const osaka = peerFixture("transform", "osaka.ios");
    const capture = printed("Osaka", osaka);
    // The file sorts after the capture (file:///work/capture.ioslog), as Osaka does in fileFindings.
    const found = checkCapture(capture, { "file:///z/tokyo.ios": tokyo });
    const expected = fileFindings(tokyo, osaka, 1).map((f) => seen(f, 4));
    assert.deepEqual(found.map((f) => seen(f)).sort(), expected.sort());
    const peerFinding = found.find((f) =>
      f.related?.some((r) => r.uri === "file:///z/tokyo.ios"),
    );
    assert.ok(peerFinding, "no finding related to the peer's file");
    const edits = (peerFinding.fixes ?? []).flatMap((fix) => fix.edits);
    assert.ok(edits.length);
    assert.ok(edits.every((e) => e.uri === "file:///z/tokyo.ios"));
  });

  it("judges the pair on the configuration each router printed last", () => {
    const tokyo = peerFixture("transform", "tokyo.ios");
    const osaka = peerFixture("transform", "osaka.ios");
    const capture =
      printed("Tokyo", tokyo) +
      printed("Osaka", osaka) +
      printed("Tokyo", tokyo);
    const secondTokyo =
      capture.split("\n").length - 1 - tokyo.split("\n").length - 4;
    const alone = new Set(
      checkCapture(printed("Tokyo", tokyo)).map((f) => f.code),
    );
    const pairOnly = checkCapture(capture).filter((f) => !alone.has(f.code));
    assert.ok(pairOnly.length);
    // Findings of the pair sit on Osaka's printing and on Tokyo's second, none on the first.
    const firstTokyoEnd = tokyo.split("\n").length + 4;
    for (const f of pairOnly) {
      assert.ok(
        f.range.start.line > firstTokyoEnd,
        `${f.code} on the first printing, line ${f.range.start.line}`,
      );
    }
    assert.ok(pairOnly.some((f) => f.range.start.line >= secondTokyo));
  });

  it("lets a printed configuration stand for its router in the debug checks", () => {
    // Examples 8-56 and 8-57: Osaka has no key for 172.16.5.1; its config shows the key it has.
    const text = seedText(56) + seedText(57);
    const f = only(checkCapture(text), "log-no-psk-for-peer");
    assert.deepEqual(
      f.related?.map((r) => [r.uri, textOf(text, r.range)]),
      [[undefined, "172.16.4.1"]],
    );
    const fix = f.fixes?.[0];
    assert.ok(fix);
    assert.deepEqual(fix.edits, []);
    assert.deepEqual(fix.cli, [
      "no crypto isakmp key <key> address 172.16.4.1",
      "crypto isakmp key <key> address 172.16.5.1",
    ]);
    // A config file of the router in the workspace is what the debug checks read instead.
    const file = "hostname Osaka\ncrypto isakmp key cisco address 172.16.9.9\n";
    const withFile = only(
      checkCapture(text, { "file:///w/osaka.ios": file }),
      "log-no-psk-for-peer",
    );
    assert.deepEqual(
      withFile.related?.map((r) => r.uri),
      ["file:///w/osaka.ios"],
    );
  });

  it("reads the configuration only: headers, pager output after `end` and other routers' prompts stay out", () => {
    const config =
      "hostname Osaka\n!\ncrypto isakmp policy 10\n encryption aes 256\n hash sha256\n group 14\n authentication pre-share\n!\nend\n";
    const text = `Osaka#show running-config\nBuilding configuration...\n\nCurrent configuration : 120 bytes\n${config}\nsome trailing text\nOsaka#show startup-config\nUsing 1234 out of 262136 bytes\n${config.replace("group 14", "group 2")}Osaka#\n`;
    const codes = codesOf(checkCapture(text));
    // The second (startup) copy uses group 2: one weak-crypto there, none from the headers.
    assert.deepEqual(codes, ["weak-crypto"]);
    const weak = checkCapture(text).find((f) => f.code === "weak-crypto")!;
    assert.equal(textOf(text, weak.range), "2");
    assert.equal(weak.range.start.line, 22);
  });

  it("trusts a filtered printing only for what its lines say by themselves", () => {
    const config =
      "crypto isakmp policy 10\n authentication pre-share\ncrypto isakmp key k address 172.16.9.9\ncrypto map M 10 ipsec-isakmp\n set peer 172.16.9.10\n";
    const as = (command: string) =>
      codesOf(checkCapture(`Osaka#${command}\n${config}Osaka#\n`));
    // Printed whole, the map applied nowhere and the key for another address are faults...
    const whole = as("show running-config");
    for (const code of [
      "crypto-map-not-applied",
      "missing-psk-for-peer",
      "unused-psk",
      "weak-crypto",
    ]) {
      assert.ok(whole.includes(code), `${code} in ${whole.join(", ")}`);
    }
    assert.deepEqual(as("show running-config all"), whole);
    // ...but a filter left the interfaces and other keys out: only whole sections are judged.
    assert.deepEqual(
      [...new Set(as("show running-config | section crypto"))],
      ["weak-crypto"],
    );
    assert.deepEqual(as("sh run | include crypto"), []);
    assert.deepEqual(as("show running-config interface Serial0/0"), []);
    // What a line says by itself holds on any part.
    assert.deepEqual(
      codesOf(
        checkCapture(
          "R1#show running-config | include access-list 101\naccess-list 101 permit ip any any\nR1#\n",
        ),
      ),
      [],
    );
    assert.deepEqual(
      codesOf(
        checkCapture(
          "R1#show running-config | include username\nusername admin password 7 0822455D0A16\nR1#\n",
        ),
      ),
      ["weak-secret-encoding"],
    );
  });

  describe("log messages printed in the middle of the configuration", () => {
    const top =
      "Osaka#show running-config\nBuilding configuration...\n!\nhostname Osaka\ncrypto isakmp policy 10\n encryption aes 256\n hash sha256\n authentication pre-share\n group 14\ncrypto isakmp key k address 172.16.5.1\ncrypto ipsec transform-set T esp-aes 256 esp-sha256-hmac\ncrypto map M 10 ipsec-isakmp\n set peer 172.16.5.1\n set transform-set T\n";
    const rest =
      " match address 101\ninterface Serial2/0\n ip address 172.16.6.2 255.255.255.0\n crypto map M\naccess-list 101 permit ip 10.2.2.0 0.0.0.255 10.1.1.0 0.0.0.255\nip route 0.0.0.0 0.0.0.0 172.16.6.1\nend\nOsaka#\n";
    const syslog =
      "*Mar  1 00:10:00.123: %SYS-5-CONFIG_I: Configured from console by console\n";
    const debug =
      "*Mar  1 00:10:00.131: IPSEC(sa_request): ,\n  (key eng. msg.) OUTBOUND local= 172.16.6.2, remote= 172.16.5.1,\n    local_proxy= 10.2.2.0/255.255.255.0/0/0 (type=4),\n";

    it("reads the printing whole around them, the messages left to the log", () => {
      // Printed whole, the map is complete and applied: nothing is missing.
      assert.deepEqual(codesOf(checkCapture(top + rest)), []);
      for (const messages of [syslog, debug, syslog + debug + syslog]) {
        const text = top + messages + rest;
        assert.deepEqual(codesOf(checkCapture(text)), [], messages);
        const model = parseCapture(text);
        const [config, ...others] = capturedConfigs(model);
        assert.equal(others.length, 0);
        assert.equal(config?.extent, "whole");
        // ` match address 101` after the messages is still the entry's.
        assert.equal(
          config?.model.cryptoMaps.get("M")?.entries[0]?.matchAddress?.name,
          "101",
        );
        assert.deepEqual(
          config?.model.interfaces.map((i) => i.name),
          ["Serial2/0"],
        );
        // The messages stay messages (the debug one with its indented lines).
        assert.equal(model.messages.length, messages.split("*Mar").length - 1);
      }
    });

    it("reads a printing whose end never came after them as a part", () => {
      // The messages are the last thing before the next prompt: the rest was never seen.
      const cut = `${top}${syslog}Osaka#\n`;
      const model = parseCapture(cut);
      assert.equal(capturedConfigs(model)[0]?.extent, "lines");
      // So the entry's missing ACL and the unapplied map are not claimed.
      assert.deepEqual(codesOf(checkCapture(cut)), []);
    });

    it("does not read past them without the prompt that ran the command", () => {
      // A pasted output without its prompt: nothing says the text after a message is output.
      const text = `${top.slice(top.indexOf("\n") + 1)}${syslog}${rest}`;
      const model = parseCapture(text);
      assert.equal(capturedConfigs(model)[0]?.extent, "lines");
    });
  });

  it("does not let a filtered printing stand for its router", () => {
    const text = `${seedText(56)}Osaka#show running-config | include key\ncrypto isakmp key cisco address 172.16.4.1\nOsaka#\n`;
    const f = only(checkCapture(text), "log-no-psk-for-peer");
    assert.deepEqual(f.related ?? [], []);
    // Nor a later part hide the whole printing that came before.
    const part =
      "Osaka#show running-config | include key\ncrypto isakmp key cisco address 172.16.4.1\nOsaka#\n";
    const both = `${printed("Osaka", "hostname Osaka\ncrypto isakmp key cisco address 172.16.1.1\n")}${part}${seedText(56)}`;
    const g = only(checkCapture(both), "log-no-psk-for-peer");
    assert.deepEqual(
      g.related?.map((r) => textOf(both, r.range)),
      ["172.16.1.1"],
    );
  });

  it("reports a printed ASA configuration once, as a config file", () => {
    const asa = fs.readFileSync(path.join(PEERS, "asa", "fw1.cfg"), "utf8");
    const found = checkCapture(printed("fw1", asa));
    assert.deepEqual(codesOf(found), ["unsupported-platform"]);
  });

  it("uses the configuration a router printed last before the line, else the first after it", () => {
    const old = "hostname Osaka\ncrypto isakmp key cisco address 172.16.1.1\n";
    const fixed =
      "hostname Osaka\ncrypto isakmp key cisco address 172.16.4.1\n";
    const text = printed("Osaka", old) + seedText(56) + printed("Osaka", fixed);
    const f = only(checkCapture(text), "log-no-psk-for-peer");
    assert.deepEqual(
      f.related?.map((r) => textOf(text, r.range)),
      ["172.16.1.1"],
    );
    const after = seedText(56) + printed("Osaka", fixed);
    const g = only(checkCapture(after), "log-no-psk-for-peer");
    assert.deepEqual(
      g.related?.map((r) => textOf(after, r.range)),
      ["172.16.4.1"],
    );
  });

  it("keeps a capture without printed configuration as it was (the URI of the capture is its own)", () => {
    const text = seedText(56);
    for (const f of checkCapture(text)) {
      for (const r of f.related ?? []) {
        assert.doesNotMatch(r.uri ?? "", /#running-config/);
      }
    }
    assert.equal(CAPTURE_URI.includes("#"), false);
  });
});
