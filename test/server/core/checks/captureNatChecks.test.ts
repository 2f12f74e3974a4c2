import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseCapture } from "../../../../server/src/core/capture/parser";
import { captureNatChecks } from "../../../../server/src/core/checks/captureNatChecks";
import { parseConfig } from "../../../../server/src/core/config/parser";
import type { Finding } from "../../../../server/src/core/diagnostics/finding";
import { DEFAULT_ANALYSIS_SETTINGS } from "../../../../server/src/core/document";
import { natCaptureHover } from "../../../../server/src/core/hover/natCaptureHover";
import {
  parseDocument,
  validate,
} from "../../../../server/src/core/languageService";
import {
  natDiscoveries,
  natDiscoveryAnnotations,
} from "../../../../server/src/core/nat/natDiscovery";
import { applyEdits } from "../../../support/applyEdits";
import { SHARED, textAt } from "../../../support/configAnalysis";
import { REPO_ROOT } from "../../../support/paths";

function fixture(...parts: string[]): string {
  return fs.readFileSync(
    path.join(REPO_ROOT, "test", "fixtures", ...parts),
    "utf8",
  );
}

/** Runs the NAT capture checks with the given configs as the workspace. */
function check(
  capture: string,
  configs: Record<string, string> = {},
): Finding[] {
  return captureNatChecks.run(parseCapture(capture), {
    uri: "file:///capture.ioslog",
    settings: DEFAULT_ANALYSIS_SETTINGS,
    workspace: {
      configs: Object.entries(configs).map(([uri, text]) => ({
        uri,
        model: parseConfig(text),
      })),
    },
  });
}

function codes(findings: readonly Finding[]): string[] {
  return findings.map((f) => f.code);
}

describe("checks/captureNatChecks", () => {
  describe("log-nat-detected in each IOS format", () => {
    it("12.2 `ISAKMP (0:1):`: hash lines and a bare `NAT found` say the peer is behind NAT", () => {
      const text = fixture("nat", "natd-12.2-peer-behind.ioslog");
      const [f, ...rest] = check(text);
      assert.deepEqual(rest, []);
      assert.equal(f!.code, "log-nat-detected");
      assert.equal(textAt(text, f!.range), "NAT found");
      assert.match(f!.message, /the peer 203\.0\.113\.10 sits behind NAT/);
      assert.match(f!.message, /UDP 4500/);
      const related = (f!.related ?? []).map((r) => textAt(text, r.range));
      assert.ok(related.includes("NAT does not match HIS hash"));
      assert.ok(related.includes("local port 4500, remote port 4500"));
    });

    it("15.x `ISAKMP:(1001):`: `No NAT Found for self or peer`", () => {
      const text = fixture("nat", "natd-15-no-nat.ioslog");
      const [f, ...rest] = check(text);
      assert.deepEqual(rest, []);
      assert.equal(textAt(text, f!.range), "No NAT Found for self or peer");
      assert.match(
        f!.message,
        /no NAT between this router and the peer 172\.16\.6\.2/,
      );
      assert.match(f!.message, /UDP 500/);
    });

    it("15.x: the last hash line decides (this router inside NAT)", () => {
      const text = fixture("nat", "natd-15-self-behind.ioslog");
      const [f] = check(text);
      assert.equal(
        textAt(text, f!.range),
        "My hash no match -  this node inside NAT",
      );
      assert.match(
        f!.message,
        /^Branch: NAT discovery: this router sits behind NAT/,
      );
    });

    it("IOS-XE `ISAKMP: (1003):`: both nodes inside NAT", () => {
      const text = fixture("nat", "natd-iosxe-both.ioslog");
      const [f] = check(text);
      assert.equal(textAt(text, f!.range), "NAT found, both nodes inside NAT");
      assert.match(
        f!.message,
        /both this router and the peer 198\.51\.100\.1 sit behind NAT/,
      );
    });

    it("show crypto ipsec sa: a peer on port 4500 means NAT-T is in use", () => {
      const text = fs.readFileSync(
        path.join(
          SHARED,
          "corpus",
          "show_ntc_ios_show-crypto-ipsec-sa-detail_vti-natt.raw",
        ),
        "utf8",
      );
      const found = check(text);
      assert.ok(found.length >= 1);
      assert.ok(found.every((f) => f.code === "log-nat-detected"));
      assert.match(
        textAt(text, found[0]!.range),
        /^current_peer 2\.2\.2\.2 port 4500$/,
      );
    });

    it("is information, and the seed's captures (no NAT-T in 12.2 without NAT) give none", () => {
      const settings = DEFAULT_ANALYSIS_SETTINGS;
      const text = fixture("nat", "natd-15-no-nat.ioslog");
      const resolved = validate(
        parseDocument(
          { uri: "file:///c.ioslog", languageId: "cisco-ios-log", text },
          settings,
        ),
        { settings, overrides: {} },
      ).filter((f) => f.code === "log-nat-detected");
      assert.equal(resolved[0]?.severity, "information");
      const seed = path.join(REPO_ROOT, "test", "fixtures", "seed");
      for (const name of fs.readdirSync(seed)) {
        assert.deepEqual(
          codes(check(fs.readFileSync(path.join(seed, name), "utf8"))),
          [],
          name,
        );
      }
    });
  });

  describe("what the verdict means for the workspace's configs", () => {
    const hq = fixture("nat", "natt-hq.ios");

    it("flags NAT-T off and AH in the config of the router that printed the capture, with a fix in that config", () => {
      const text = fixture("nat", "natd-12.2-peer-behind.ioslog");
      const found = check(text, { "file:///hq.ios": hq });
      assert.deepEqual(codes(found).sort(), [
        "ah-through-nat",
        "log-nat-detected",
        "nat-t-disabled",
      ]);
      const natT = found.find((f) => f.code === "nat-t-disabled")!;
      assert.equal(natT.related?.[0]?.uri, "file:///hq.ios");
      assert.equal(
        textAt(hq, natT.related![0]!.range),
        "no crypto ipsec nat-transparency udp-encapsulation",
      );
      const fix = natT.fixes![0]!;
      assert.ok(fix.edits.every((e) => e.uri === "file:///hq.ios"));
      const after = applyEdits(hq, fix.edits);
      assert.doesNotMatch(after, /nat-transparency/);
      assert.deepEqual(codes(check(text, { "file:///hq.ios": after })).sort(), [
        "ah-through-nat",
        "log-nat-detected",
      ]);
      const ah = found.find((f) => f.code === "ah-through-nat")!;
      assert.equal(textAt(hq, ah.related![0]!.range), "ah-sha-hmac");
    });

    it("finds the peer's config by the address the capture talks to", () => {
      const found = check(fixture("nat", "natd-iosxe-both.ioslog"), {
        "file:///hq.ios": hq,
      });
      assert.ok(
        found.some(
          (f) => f.code === "nat-t-disabled" && /HQ, the peer,/.test(f.message),
        ),
      );
    });

    it("says nothing about configs when the capture found no NAT", () => {
      const found = check(fixture("nat", "natd-15-no-nat.ioslog"), {
        "file:///tokyo.ios": fs.readFileSync(
          path.join(REPO_ROOT, "examples", "tokyo.ios"),
          "utf8",
        ),
      });
      assert.deepEqual(codes(found), ["log-nat-detected"]);
    });
  });

  describe("annotations and hover", () => {
    it("annotates the verdict, hash and UDP 4500 lines in place", () => {
      const model = parseCapture(
        fixture("nat", "natd-12.2-peer-behind.ioslog"),
      );
      const notes = natDiscoveryAnnotations(model);
      const byLine = new Map(notes.map((a) => [a.position.line, a.label]));
      const lineOf = (needle: string) =>
        model.lines.findIndex((l) => l.includes(needle));
      assert.equal(byLine.get(lineOf("NAT found")), "NAT-D: NAT on the path");
      assert.equal(
        byLine.get(lineOf("NAT does not match HIS hash")),
        "NAT-D: peer address translated",
      );
      assert.equal(
        byLine.get(lineOf("local port 4500")),
        "NAT-T: IKE on UDP 4500",
      );
      assert.ok(notes.every((a) => a.placement === "inlay" && a.tooltip));
      assert.equal(natDiscoveries(model)[0]?.verdict, "peer");
    });

    it("explains a NAT-D line on hover with its exchange's outcome", () => {
      const model = parseCapture(fixture("nat", "natd-15-self-behind.ioslog"));
      const line = model.lines.findIndex((l) =>
        l.includes("His hash no match"),
      );
      const hover = natCaptureHover(
        model,
        { line, character: 40 },
        DEFAULT_ANALYSIS_SETTINGS,
      );
      assert.ok(hover);
      assert.match(hover.markdown, /peer/);
      assert.match(
        hover.markdown,
        /Outcome for IKE SA 1002: this router sits behind NAT/,
      );
      assert.equal(
        natCaptureHover(
          model,
          { line: 0, character: 1 },
          DEFAULT_ANALYSIS_SETTINGS,
        ),
        null,
      );
    });
  });
});
