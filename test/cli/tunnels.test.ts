import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runCli } from "../../server/src/cli/main";
import type { TunnelReport } from "../../server/src/core/peers/tunnelReport";
import { REPO_ROOT } from "../support/paths";

/** Runs the CLI in process from the repository root, as a user would type it. */
function cli(...args: string[]): {
  code: number;
  stdout: string;
  stderr: string;
} {
  let stdout = "";
  let stderr = "";
  const cwd = process.cwd();
  process.chdir(REPO_ROOT);
  try {
    const code = runCli(
      args,
      { out: (t) => (stdout += t), err: (t) => (stderr += t) },
      "0.0.0-test",
    );
    return { code, stdout, stderr };
  } finally {
    process.chdir(cwd);
  }
}

const CORPUS = path.join("..", "shared", "corpus");

describe("ipsec-lens tunnels", () => {
  it("reports the chapter's working pair as ESTABLISHED with exit 0", () => {
    const r = cli("tunnels", "examples/tokyo.ios", "examples/osaka.ios");
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^IPsec tunnels: 1 tunnel pair \(1 ESTABLISHED\)/);
    assert.match(
      r.stdout,
      /ESTABLISHED {2}Tokyo crypto map mjlnetmap 10 \(172\.16\.5\.1\) {2}<-> {2}Osaka/,
    );
    assert.match(
      r.stdout,
      /at examples\/tokyo\.ios:24, examples\/osaka\.ios:22/,
    );
    assert.match(r.stdout, /phase 1: des, md5, pre-share, group 1/);
    assert.match(r.stdout, /phase 2: mjlnet \(esp-des esp-md5-hmac, tunnel\)/);
    assert.doesNotMatch(r.stdout, /cisco/);
  });

  it("exits 1 when a tunnel fails, with the reasons (the chapter's broken pair)", () => {
    const r = cli("tunnels", "examples/broken");
    assert.equal(r.code, 1);
    assert.match(r.stdout, /PHASE1_FAILED/);
    assert.match(r.stdout, /why: .*ISAKMP is turned off/);
  });

  it("judges the pairs' certificates at --now, the clock without it", () => {
    const folder = "test/fixtures/peers/certificate-chains";
    const before = cli("tunnels", "--now", "2026-01-15", folder);
    assert.equal(before.code, 0, before.stderr);
    assert.match(before.stdout, /^ESTABLISHED {2}Osaka/m);
    const after = cli("tunnels", "--now", "2026-11-29", folder);
    assert.equal(after.code, 1);
    assert.match(
      after.stdout,
      /why: Tokyo initiating: Osaka refuses Tokyo's certificate \(CN=tokyo\.lens\.lab, OU=VPN, O=Lens Lab\): it expired on 2026-06-01 00:00 UTC/,
    );
    // Tokyo's certificate ended in 2026: by the clock of any run from now on, it has expired.
    assert.equal(cli("tunnels", folder).code, 1);
    const bad = cli("tunnels", "--now", "soon", folder);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--now takes a date such as 2027-01-31/);
  });

  it("prints Markdown for a pipeline's job summary, with the same verdicts and exit status", () => {
    const r = cli("tunnels", "--format", "markdown", "examples/broken");
    assert.equal(r.code, 1);
    const lines = r.stdout.split("\n");
    assert.equal(lines[0], "# IPsec tunnels");
    assert.ok(
      lines.includes(
        "## PHASE1_FAILED: Osaka crypto map mjlnetmap 10 (172.16.6.2) ↔ Tokyo crypto map mjlnetmap 10 (172.16.5.1)",
      ),
      r.stdout,
    );
    assert.ok(
      lines.includes(
        `- Configs: ${path.join("examples", "broken", "osaka.ios")}:21, ${path.join("examples", "broken", "tokyo.ios")}:19`,
      ),
      r.stdout,
    );
    assert.match(
      r.stdout,
      /^- Osaka initiating: \*\*PHASE1_FAILED\*\* \(ISAKMP is turned off on the initiator; behind it/m,
    );
    const bad = cli("tunnels", "--format", "html", "examples/broken");
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /use text, json or markdown/);
  });

  it("prints JSON for every pair of a folder, with a summary", () => {
    const r = cli(
      "tunnels",
      "--format",
      "json",
      ...["r1", "r2", "r3"].map((n) =>
        path.join(CORPUS, `cfg_batfish_ios-crypto-ipsec_${n}.cfg`),
      ),
    );
    const report = JSON.parse(r.stdout) as TunnelReport;
    assert.equal(report.pairs.length, 5);
    assert.deepEqual(report.summary, {
      ESTABLISHED: 1,
      PHASE1_FAILED: 0,
      PHASE1_KEY_MISMATCH: 0,
      PHASE2_FAILED: 3,
      ONE_WAY: 0,
      NOT_STARTED: 0,
      MISSING_PEER: 1,
    });
    const tunnel = report.pairs.find(
      (p) => p.kind === "tunnel" && p.outcome === "ESTABLISHED",
    )!;
    assert.equal(tunnel.phase2?.transformSet, "ts1");
    assert.equal(tunnel.phase1?.keys, "match");
    assert.doesNotMatch(r.stdout, /psk[0-9]/);
  });

  it("lists the ESP a side's inbound ACL drops under a tunnel that comes up, with exit 0", () => {
    const dir = "test/fixtures/peers/esp-filtered";
    const r = cli("tunnels", dir);
    // The SAs come up: the pair is ESTABLISHED and the exit status stays 0 (`check` reports the
    // ACL as an error).
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^IPsec tunnels: 1 tunnel pair \(1 ESTABLISHED\)/);
    assert.match(
      r.stdout,
      /\n {2}R1 -> R2: ESTABLISHED, but R2 drops what R1 sends through the tunnel \(see dropped\)\n {2}R2 -> R1: ESTABLISHED, but R2 drops what R1 sends through the tunnel \(see dropped\)\n {2}dropped: test\/fixtures\/peers\/esp-filtered\/r2\.ios:24, acl-blocks-esp: R2 drops ESP \(IP protocol 50\) from 198\.51\.100\.1 in inbound ACL 101 on GigabitEthernet0\/0: the SAs come up, but every packet R1 sends through them to R2 is lost/,
    );
    const lines = fs
      .readFileSync(path.join(REPO_ROOT, dir, "r2.ios"), "utf8")
      .split("\n");
    assert.equal(lines[23], " ip access-group 101 in");
    const json = cli("tunnels", "--format", "json", dir);
    assert.equal(json.code, 0);
    const [pair] = (JSON.parse(json.stdout) as TunnelReport).pairs;
    assert.deepEqual(
      pair?.dropped?.map(
        (x) =>
          `${x.router} ${x.uri.endsWith("/esp-filtered/r2.ios")} ${x.line} ${x.code} ${x.protocol} from ${x.from}`,
      ),
      ["R2 true 24 acl-blocks-esp ESP from R1"],
    );
    assert.deepEqual(
      pair?.directions.map((d) => d.droppedAt),
      [["R2"], ["R2"]],
    );
  });

  it("pairs the configurations a capture prints, at the capture's lines", () => {
    const capture = "test/fixtures/captures/tokyo-osaka-printed-configs.ioslog";
    const { code, stdout } = cli("tunnels", capture);
    assert.equal(code, 1);
    assert.match(
      stdout,
      /PHASE2_FAILED {2}Tokyo crypto map mjlnetmap 10 \(172\.16\.5\.1\) {2}<-> {2}Osaka crypto map mjlnetmap 10 \(172\.16\.6\.2\)\n {2}at test\/fixtures\/captures\/tokyo-osaka-printed-configs\.ioslog:26, test\/fixtures\/captures\/tokyo-osaka-printed-configs\.ioslog:76\n/,
    );
    const lines = fs
      .readFileSync(path.join(REPO_ROOT, capture), "utf8")
      .split("\n");
    // Each end is named at its `set peer` line.
    assert.equal(lines[25], " set peer 172.16.6.2");
    assert.equal(lines[75], " set peer 172.16.5.1");
    const json = JSON.parse(
      cli("tunnels", "--format", "json", capture).stdout,
    ) as TunnelReport;
    assert.match(json.pairs[0]!.a.uri, /\.ioslog#running-config-\d+$/);
    // Given with the routers' config files, the files are what the report pairs.
    const withFiles = cli(
      "tunnels",
      capture,
      "test/fixtures/peers/transform/tokyo.ios",
      "examples/osaka.ios",
    );
    assert.match(withFiles.stdout, /^IPsec tunnels: 1 tunnel pair /);
    assert.match(
      withFiles.stdout,
      /at test\/fixtures\/peers\/transform\/tokyo\.ios:\d+, examples\/osaka\.ios:\d+/,
    );
  });

  it("skips captures without configurations and rejects bad usage with exit 2", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ipsec-lens-tunnels-"));
    const capture = path.join(dir, "tokyo.ioslog");
    fs.writeFileSync(
      capture,
      "Tokyo#debug crypto isakmp\n*Mar  1 00:00:01.000: ISAKMP: received packet from 172.16.6.2\n",
    );
    const logs = cli("tunnels", capture);
    fs.rmSync(dir, { recursive: true, force: true });
    assert.equal(logs.code, 0);
    assert.match(logs.stdout, /0 tunnel pairs/);
    assert.equal(cli("tunnels").code, 2);
    assert.equal(cli("tunnels", "--format", "sarif", "examples").code, 2);
    assert.equal(cli("tunnels", "no/such/path").code, 2);
    assert.match(
      cli("--help").stdout,
      /ipsec-lens tunnels|tunnels \[--format text\|json\] \[--all\] PATH/,
    );
  });

  it("summarises a DMVPN cloud's healthy spoke-to-spoke pairs unless --all", () => {
    // The fixture's hub and Spoke1, and four more spokes made from Spoke1.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ipsec-lens-cloud-"));
    const fixtures = path.join(
      REPO_ROOT,
      "test",
      "fixtures",
      "peers",
      "dmvpn-spokes",
    );
    fs.copyFileSync(path.join(fixtures, "hub.ios"), path.join(dir, "hub.ios"));
    const template = fs.readFileSync(path.join(fixtures, "spoke1.ios"), "utf8");
    for (let n = 1; n <= 5; n++) {
      fs.writeFileSync(
        path.join(dir, `spoke${n}.ios`),
        template
          .replace("hostname Spoke1", `hostname Spoke${n}`)
          .replace("172.16.0.11 255", `172.16.0.${10 + n} 255`)
          .replace("198.51.100.2 255", `198.51.100.${4 * n + 2} 255`)
          .replace("0.0.0.0 198.51.100.1", `0.0.0.0 198.51.100.${4 * n + 1}`),
      );
    }
    try {
      const summary = cli("tunnels", dir);
      assert.equal(summary.code, 0, summary.stderr);
      assert.match(
        summary.stdout,
        /^IPsec tunnels: 15 tunnel pairs \(10 ESTABLISHED, 5 ONE_WAY, all by design: a dynamic responder never initiates\)/,
      );
      assert.match(
        summary.stdout,
        /\nESTABLISHED {2}10 spoke-to-spoke pairs among 5 spokes: Spoke1, Spoke2, Spoke3, Spoke4, Spoke5\n {2}phase 1: aes 256/,
      );
      assert.equal(summary.stdout.split("\n\n").length - 1, 6);
      const all = cli("tunnels", "--all", dir);
      assert.doesNotMatch(all.stdout, /spoke-to-spoke pairs among/);
      assert.equal(all.stdout.split("\n\n").length - 1, 15);
      // JSON holds every pair whatever the layout.
      const json = JSON.parse(
        cli("tunnels", "--format", "json", dir).stdout,
      ) as TunnelReport;
      assert.equal(json.pairs.filter((p) => p.spokes).length, 10);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
