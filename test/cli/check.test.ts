import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CODES } from "../../server/src/core/diagnostics/catalog";
import { runBundledCli as cli } from "../support/cli";
import { REPO_ROOT } from "../support/paths";

let tmp: string;
before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ipsec-lens-cli-"));
});
after(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Writes a temporary file and returns its path. */
function write(name: string, content: string | Buffer): string {
  const file = path.join(tmp, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

const OFF_CONFIG =
  "hostname R1\n!\nno crypto isakmp enable\n!\ncrypto map M 10 ipsec-isakmp\n set peer 192.0.2.2\n set transform-set T\n match address 101\n!\ncrypto ipsec transform-set T esp-aes esp-sha-hmac\ninterface Gi0/0\n ip address 192.0.2.1 255.255.255.0\n crypto map M\naccess-list 101 permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255\n";

describe("ipsec-lens CLI", function () {
  this.timeout(30000);

  it("prints help and rejects unknown commands with exit 2", () => {
    const help = cli("--help");
    assert.equal(help.code, 0);
    assert.match(help.stdout, /ipsec-lens check/);
    const bad = cli("frobnicate");
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown command "frobnicate"/);
    assert.equal(cli("check", "--format", "xml", "examples").code, 2);
    assert.equal(cli("check").code, 2);
  });

  it("checks the working Tokyo/Osaka pair with exit 0 and no error", () => {
    const result = cli(
      "check",
      "--format",
      "json",
      "examples/tokyo.ios",
      "examples/osaka.ios",
    );
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const findings = JSON.parse(result.stdout) as { severity: string }[];
    assert.deepEqual(
      findings.filter(
        (f) => f.severity === "error" || f.severity === "warning",
      ),
      [],
    );
  });

  it("prints valid JSON for the examples folder, 0-based LSP ranges and fixes", () => {
    const result = cli("check", "--format", "json", "examples/");
    assert.ok(result.code === 0 || result.code === 1, result.stderr);
    const findings = JSON.parse(result.stdout) as {
      file: string;
      range: {
        start: { line: number; character: number };
        end: { line: number; character: number };
      };
      severity: string;
      code: string;
      message: string;
      fixes: { title: string; edits: { file: string; newText: string }[] }[];
    }[];
    assert.ok(Array.isArray(findings));
    for (const f of findings) {
      assert.ok(
        ["error", "warning", "information", "hint"].includes(f.severity),
      );
      assert.ok((CODES as string[]).includes(f.code), f.code);
      assert.ok(f.range.start.line >= 0 && f.range.start.character >= 0);
      assert.ok(fs.existsSync(path.join(REPO_ROOT, f.file)), f.file);
      assert.ok(Array.isArray(f.fixes));
    }
    assert.equal(
      result.code,
      findings.some((f) => f.severity === "error") ? 1 : 0,
    );
  });

  it("gives each JSON finding its related places and its fixes' console commands", () => {
    const result = cli(
      "check",
      "--format",
      "json",
      "test/fixtures/peers/ikev2/working/tokyo.ios",
      "test/fixtures/captures/ikev2-identity-not-matched.ioslog",
    );
    const findings = JSON.parse(result.stdout) as {
      file: string;
      code: string;
      related: {
        file: string;
        range: { start: { line: number } };
        message: string;
      }[];
      fixes: { title: string; cli?: string[] }[];
    }[];
    const f = findings.find((x) => x.code === "log-profile-not-matched");
    assert.ok(f, result.stdout);
    assert.deepEqual(
      f.related.map((r) => [r.file, r.range.start.line, r.message]),
      [
        [
          "test/fixtures/peers/ikev2/working/tokyo.ios",
          20,
          "IKEv2 profile PROF-OSAKA (Tokyo's config): it matches address 172.16.6.2",
        ],
      ],
    );
    assert.deepEqual(f.fixes[0]!.cli, [
      "crypto ikev2 profile PROF-OSAKA",
      " match identity remote fqdn osaka.example.net",
    ]);
  });

  it("reports text as file:line:col: severity code: message and exits 1 on an error", () => {
    const file = write("r1-confg", OFF_CONFIG);
    const result = cli("check", file);
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(
      result.stdout,
      new RegExp(
        `^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:3:1: error isakmp-disabled: .+$`,
        "m",
      ),
    );
    assert.match(result.stderr, /1 file\(s\) checked: \d+ error/);
  });

  it("writes SARIF 2.1.0 with rules for every code and 1-based regions", () => {
    const file = write("sarif/r1-confg", OFF_CONFIG);
    const result = cli("check", "--format", "sarif", file);
    const log = JSON.parse(result.stdout);
    assert.equal(log.version, "2.1.0");
    const run = log.runs[0];
    assert.equal(run.tool.driver.name, "ipsec-lens");
    assert.deepEqual(
      run.tool.driver.rules.map((r: { id: string }) => r.id),
      CODES,
    );
    const off = run.results.find(
      (r: { ruleId: string }) => r.ruleId === "isakmp-disabled",
    );
    assert.equal(off.level, "error");
    assert.equal(off.locations[0].physicalLocation.region.startLine, 3);
    assert.equal(off.locations[0].physicalLocation.region.startColumn, 1);
  });

  it("writes GitHub Actions annotations, escaping what would break the command", () => {
    // A comma and a colon in the path would end the `file` property early.
    const file = write("github/r1,lab:a-confg", OFF_CONFIG);
    const result = cli("check", "--format", "github", file);
    assert.equal(result.code, 1, result.stderr);
    const escaped = file.replace(/:/g, "%3A").replace(/,/g, "%2C");
    const off = result.stdout
      .split("\n")
      .find((l) => l.includes("isakmp-disabled"));
    assert.ok(off, result.stdout);
    assert.ok(
      off.startsWith(
        `::error file=${escaped},line=3,col=1,endLine=3,endColumn=24,title=ipsec-lens isakmp-disabled::`,
      ),
      off,
    );
    // Every line is one command; information is a notice (GitHub has no lower level).
    for (const line of result.stdout.trimEnd().split("\n")) {
      assert.match(line, /^::(error|warning|notice) file=[^,]+,line=\d+,/);
    }
    assert.match(result.stderr, /1 file\(s\) checked/);
  });

  it("exits 1 at the severity --fail-on names, and never with `never`", () => {
    const warned = write(
      "fail-on/r1-confg",
      [
        "hostname R1",
        "crypto isakmp policy 10",
        " authentication pre-share",
        " encryption aes 256",
        " group 14",
        "crypto isakmp key abc address 192.0.2.9",
        "crypto isakmp key abc address 192.0.2.10",
        "crypto ipsec transform-set T esp-aes 256 esp-sha-hmac",
        "crypto map M 10 ipsec-isakmp",
        " set peer 192.0.2.9",
        " set transform-set T",
        " match address 101",
        "interface Gi0/0",
        " ip address 192.0.2.1 255.255.255.0",
        " crypto map M",
        "interface Gi0/1",
        " ip address 10.1.1.1 255.255.255.0",
        "access-list 101 permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255",
        "ip route 10.2.2.0 255.255.255.0 192.0.2.9",
        "",
      ].join("\n"),
    );
    const plain = cli("check", warned);
    assert.match(plain.stdout, /warning unused-psk/);
    assert.doesNotMatch(plain.stdout, / error /);
    assert.equal(plain.code, 0);
    assert.equal(cli("check", "--fail-on", "warning", warned).code, 1);
    assert.equal(cli("check", "--fail-on", "information", warned).code, 1);
    const errors = write("fail-on/r2-confg", OFF_CONFIG);
    assert.equal(cli("check", "--fail-on", "never", errors).code, 0);
    const bad = cli("check", "--fail-on", "sometimes", errors);
    assert.equal(bad.code, 2);
    assert.match(
      bad.stderr,
      /unknown --fail-on "sometimes": use error, warning, information or never/,
    );
  });

  it("judges certificates at --now (the clock without it), and refuses a date it cannot read", () => {
    const tokyo = path.join(
      REPO_ROOT,
      "test/fixtures/peers/certificate-chains/tokyo.ios",
    );
    const expired = cli("check", "--now", "2026-11-29", tokyo);
    assert.equal(expired.code, 1);
    assert.match(
      expired.stdout,
      /tokyo\.ios:22:2: error certificate-expired: The certificate 02 of trustpoint LAB-CA \(CN=tokyo\.lens\.lab, OU=VPN, O=Lens Lab\) expired on 2026-06-01 00:00 UTC/,
    );
    const soon = cli("check", "--now", "2026-05-20T12:00:00Z", tokyo);
    assert.equal(soon.code, 0);
    assert.match(
      soon.stdout,
      /warning certificate-expiring-soon: .* in 11 days/,
    );
    const valid = cli("check", "--now", "2026-01-15", tokyo);
    assert.doesNotMatch(valid.stdout, /certificate-/);
    // Without --now, the clock of the run: this certificate ended in 2026, so it stays expired.
    assert.match(cli("check", tokyo).stdout, /error certificate-expired/);
    // A settings file widens the warning: 137 days before the end date.
    const settings = write(
      "expiry/settings.json",
      JSON.stringify({ "ipsecLens.certificates.expiryWarningDays": 180 }),
    );
    assert.match(
      cli("check", "--config", settings, "--now", "2026-01-15", tokyo).stdout,
      /warning certificate-expiring-soon: .* in 137 days/,
    );
    const badDays = write(
      "expiry/bad.json",
      JSON.stringify({ "ipsecLens.certificates.expiryWarningDays": "soon" }),
    );
    assert.equal(cli("check", "--config", badDays, tokyo).code, 2);
    const bad = cli("check", "--now", "next tuesday", tokyo);
    assert.equal(bad.code, 2);
    assert.match(
      bad.stderr,
      /--now takes a date such as 2027-01-31 or 2027-01-31T12:00:00Z, not "next tuesday"/,
    );
  });

  it("applies --config severities, and refuses a bad config file with exit 2", () => {
    const file = write("cfg/r1-confg", OFF_CONFIG);
    const config = write(
      "cfg/severity.json",
      JSON.stringify({ "isakmp-disabled": "off" }),
    );
    const result = cli("check", "--format", "json", "--config", config, file);
    const findings = JSON.parse(result.stdout) as { code: string }[];
    assert.ok(!findings.some((f) => f.code === "isakmp-disabled"));
    const asSettings = write(
      "cfg/settings.json",
      JSON.stringify({
        "ipsecLens.diagnostics.severity": { "isakmp-disabled": "hint" },
      }),
    );
    const hinted = JSON.parse(
      cli("check", "--format", "json", "--config", asSettings, file).stdout,
    ) as { code: string; severity: string }[];
    assert.equal(
      hinted.find((f) => f.code === "isakmp-disabled")?.severity,
      "hint",
    );
    const bad = write(
      "cfg/bad.json",
      JSON.stringify({ "no-such-code": "error" }),
    );
    const refused = cli("check", "--config", bad, file);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /unknown diagnostic code "no-such-code"/);
  });

  it("still checks the other paths when one cannot be read, then exits 2", () => {
    const file = write("partial/r1-confg", OFF_CONFIG);
    const result = cli(
      "check",
      "--format",
      "json",
      path.join(tmp, "missing.cfg"),
      file,
    );
    assert.equal(result.code, 2);
    assert.match(result.stderr, /missing\.cfg: no such file or folder/);
    const findings = JSON.parse(result.stdout) as { code: string }[];
    assert.ok(findings.some((f) => f.code === "isakmp-disabled"));
  });

  it("reads a file reached twice once: named twice, through its folder, through links, in a link loop", () => {
    const file = write("twice/r1-confg", OFF_CONFIG);
    const folder = path.dirname(file);
    // `latest -> .` is both a second way to every file and a loop; two of them made the walk
    // exponential (2^40 paths before the system's link limit).
    fs.symlinkSync(".", path.join(folder, "latest"), "dir");
    fs.symlinkSync(".", path.join(folder, "again"), "dir");
    fs.symlinkSync("r1-confg", path.join(folder, "r1-link-confg"));
    const result = cli("check", "--format", "text", file, folder, file);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /^1 file\(s\) checked: 1 error\(s\)/);
    const reported = result.stdout
      .split("\n")
      .filter((l) => l.includes("isakmp-disabled"));
    assert.equal(reported.length, 1, result.stdout);
    assert.ok(reported[0]!.startsWith(`${file}:3:1: error isakmp-disabled`));
  });

  it("survives bad input: binary, NUL, a 10 MB line, CRLF, lone CR, tabs, non-ASCII, empty", () => {
    const files = [
      write(
        "bad/binary.cfg",
        Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3, 0, 0, 255, 254]),
      ),
      write("bad/nul-confg", "hostname R1\u0000\ninterface Gi0/0\n"),
      write(
        "bad/long-confg",
        "hostname R1\n" + "x".repeat(10 * 1024 * 1024) + "\n",
      ),
      write("bad/crlf-confg", OFF_CONFIG.replace(/\n/g, "\r\n")),
      write("bad/cr-confg", OFF_CONFIG.replace(/\n/g, "\r")),
      write("bad/tabs-confg", OFF_CONFIG.replace(/^ /gm, "\t")),
      write(
        "bad/unicode-confg",
        "hostname Tōkyō-ルーター\ndescription 🚀 链路\n" + OFF_CONFIG,
      ),
      write("bad/empty-confg", ""),
    ];
    const result = cli("check", "--format", "json", ...files);
    assert.notEqual(result.code, 2, result.stderr);
    assert.doesNotMatch(result.stderr, /internal error|TypeError|RangeError/);
    const findings = JSON.parse(result.stdout) as {
      file: string;
      code: string;
      range: { start: { line: number } };
    }[];
    const of = (name: string): string[] =>
      findings.filter((f) => f.file.endsWith(name)).map((f) => f.code);
    assert.deepEqual(of("binary.cfg"), ["binary-content"]);
    assert.deepEqual(of("nul-confg"), ["binary-content"]);
    // Line endings do not move findings: the disabled ISAKMP is on line 3 (index 2) whatever the ending.
    for (const name of ["crlf-confg", "cr-confg", "tabs-confg"]) {
      const off = findings.find(
        (f) => f.file.endsWith(name) && f.code === "isakmp-disabled",
      );
      assert.equal(off?.range.start.line, 2, name);
    }
    assert.ok(of("unicode-confg").includes("isakmp-disabled"));
    assert.deepEqual(of("empty-confg"), []);
  });

  it("does not analyse files over --max-file-size and says so", () => {
    const file = write("big/r1-confg", OFF_CONFIG);
    const findings = JSON.parse(
      cli("check", "--format", "json", "--max-file-size", "10", file).stdout,
    ) as { code: string; message: string }[];
    assert.deepEqual(
      findings.map((f) => f.code),
      ["file-too-large"],
    );
    assert.match(findings[0]!.message, /limit/);
  });
});
