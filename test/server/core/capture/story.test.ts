import * as assert from "node:assert/strict";
import { annotations } from "../../../../server/src/core/annotations";
import { explainCapture } from "../../../../server/src/core/capture/explain";
import { parseCapture } from "../../../../server/src/core/capture/parser";
import { DEFAULT_ANALYSIS_SETTINGS } from "../../../../server/src/core/document";
import { parseDocument } from "../../../../server/src/core/languageService";
import { captureOutline } from "../../../../server/src/core/symbols/captureSymbols";
import { captureText, exampleText, seedText } from "../../../support/captures";
import { checkCapture, only } from "../../../support/captureChecks";

/** The capture's story: the outline as a timeline, the notes in place, and "Explain Capture". */
describe("capture story: outline, annotations, explanation", () => {
  const success = exampleText("tokyo-success.ioslog");

  it("lists commands and exchanges in time order, packets as children", () => {
    const outline = captureOutline(parseCapture(success));
    assert.deepEqual(
      outline.map((s) => s.name),
      [
        "Tokyo# debug crypto isakmp",
        "Main mode with 172.16.6.2",
        "Quick mode with 172.16.6.2",
        "Tokyo# show crypto isakmp sa",
        "Tokyo# show crypto ipsec sa",
      ],
    );
    const mm = outline[1]!;
    assert.match(
      mm.detail!,
      /^initiator · complete in 164 ms · Mar 7 16:14:29\.027 GMT$/,
    );
    assert.deepEqual(
      mm.children!.map((c) => c.name.replace(/:.*/, "")),
      [
        "main mode 1/6 sent",
        "main mode 2/6 received",
        "main mode 3/6 sent",
        "main mode 4/6 received",
        "main mode 5/6 sent",
        "main mode 6/6 received",
      ],
    );
    // Packet names are made once per kind of packet: quick mode's steps are not main mode's.
    assert.deepEqual(
      outline[2]!.children!.map((c) => c.name.replace(/:.*/, "")),
      ["quick mode 1/3 sent", "quick mode 2/3 received", "quick mode 3/3 sent"],
    );
    for (const s of outline) {
      assert.ok(
        s.range.start.line <= s.selectionRange.start.line &&
          s.selectionRange.end.line <= s.range.end.line,
        s.name,
      );
    }
  });

  it("selects an entry's text without the white space around it, as trim sees it", () => {
    const text = [
      "Tokyo#show crypto isakmp sa\u00a0\t ",
      "dst             src             state          conn-id status",
      "\t  *Mar  1 00:13:31.891: ISAKMP (0:1): beginning Main Mode exchange\u3000",
      "*Mar  1 00:13:31.895: ISAKMP (0:1): sending packet to 172.16.6.2 my_port 500 peer_port 500 (I) MM_NO_STATE  ",
    ].join("\n");
    const outline = captureOutline(parseCapture(text));
    const lines = text.split("\n");
    const selected = (r: {
      start: { line: number; character: number };
      end: { line: number; character: number };
    }): string =>
      lines[r.start.line]!.slice(r.start.character, r.end.character);
    assert.deepEqual(
      outline.map((s) => selected(s.selectionRange)),
      [lines[0]!.trim(), lines[2]!.trim()],
    );
    const packet = outline[1]!.children![0]!;
    assert.equal(selected(packet.selectionRange), lines[3]!.trim());
    assert.deepEqual(packet.range, packet.selectionRange);
  });

  it("annotates each packet, the end of each exchange, and a lens per exchange", () => {
    const parsed = parseDocument(
      { uri: "file:///c.ioslog", languageId: "cisco-ios-log", text: success },
      DEFAULT_ANALYSIS_SETTINGS,
    );
    const notes = annotations(parsed);
    const labels = notes.map((a) => `${a.placement}:${a.label}`);
    assert.ok(labels.includes("inlay:main mode 3/6 sent: KE + nonce"));
    assert.ok(labels.includes("inlay:phase 1 complete in 164 ms"));
    assert.ok(
      labels.includes("inlay:quick mode complete in 264 ms: 2 IPsec SAs"),
    );
    assert.ok(
      labels.includes(
        "lens:Main mode with 172.16.6.2 (initiator): complete in 164 ms",
      ),
    );
    const lines = success.split("\n");
    const complete = notes.find(
      (a) => a.label === "phase 1 complete in 164 ms",
    )!;
    assert.match(lines[complete.position.line]!, /New State = IKE_P1_COMPLETE/);
    assert.equal(
      complete.position.character,
      lines[complete.position.line]!.length,
    );
    const sorted = [...notes].sort((a, b) => a.position.line - b.position.line);
    assert.deepEqual(notes, sorted);
    // A config tells no story: its notes are the IOS defaults it relies on, as inlay hints (its
    // lenses come from the tunnel report).
    const configNotes = annotations(
      parseDocument(
        {
          uri: "file:///t.ios",
          languageId: "cisco-ios",
          text: exampleText("tokyo.ios"),
        },
        DEFAULT_ANALYSIS_SETTINGS,
      ),
    );
    assert.ok(configNotes.length > 0);
    assert.ok(
      configNotes.every(
        (a) => a.placement === "inlay" && a.tooltip?.startsWith("Without"),
      ),
    );
  });

  it("says why a quick mode failed in place", () => {
    const notes = annotations(
      parseDocument(
        {
          uri: "file:///c.ioslog",
          languageId: "cisco-ios-log",
          text: seedText(80),
        },
        DEFAULT_ANALYSIS_SETTINGS,
      ),
    );
    assert.ok(
      notes.some(
        (a) =>
          a.label ===
          "quick mode failed: peer rejected our proposal (transform set, crypto ACL or PFS)",
      ),
    );
    const v2 = annotations(
      parseDocument(
        {
          uri: "file:///c.ioslog",
          languageId: "cisco-ios-log",
          text: captureText("ikev2-success.ioslog"),
        },
        DEFAULT_ANALYSIS_SETTINGS,
      ),
    );
    assert.ok(v2.some((a) => a.label.startsWith("IKE_SA_INIT 1/2 sent")));
    assert.ok(v2.some((a) => a.label.startsWith("IKE_AUTH complete")));
  });

  it("explains a success with its timeline and an UP verdict", () => {
    const text = explainCapture(parseCapture(success), []);
    assert.match(
      text,
      /Timeline\n- Mar 7 16:14:29\.027 GMT  Tokyo: Main mode with 172\.16\.6\.2 \(initiator\): complete in 164 ms\n    main mode 1\/6 sent/,
    );
    assert.match(
      text,
      /IPsec SA inbound 172\.16\.6\.2 -> 172\.16\.5\.1 for 10\.2\.2\.0 -> 10\.1\.1\.0, SPI 0x7E5A7D6C/,
    );
    assert.match(text, /IKE SA 172\.16\.5\.1 -> 172\.16\.6\.2: QM_IDLE/);
    assert.match(
      text,
      /Verdict\nUP: phase 1 and phase 2 completed with 172\.16\.6\.2/,
    );
  });

  it("does not call an IKEv2 SA up before IKE_AUTH completes", () => {
    const full = captureText("ikev2-success.ioslog");
    const initOnly = full.slice(0, full.indexOf("*Mar  1 00:20:01.251"));
    assert.match(
      explainCapture(parseCapture(initOnly), checkCapture(initOnly)),
      /\nVerdict\nUNFINISHED: IKE_SA_INIT completed, but the capture ends before IKE_AUTH did: no IKEv2 SA exists yet\.\n$/,
    );
    assert.match(
      explainCapture(parseCapture(full), checkCapture(full)),
      /\nVerdict\nUP: /,
    );
  });

  it("explains a failure with its findings, fixes and a FAILED verdict", () => {
    const capture = seedText(51);
    const text = explainCapture(parseCapture(capture), checkCapture(capture));
    assert.match(text, /no answer yet \(1 retransmission\)/);
    assert.match(
      text,
      /error log-peer-not-responding: Tokyo sent main mode 1\/6/,
    );
    assert.match(
      text,
      /Verdict\nFAILED: Tokyo sent main mode 1\/6 to 172\.16\.6\.2/,
    );
  });

  it("says phase 1 was complete before a capture that starts at IKE_P1_COMPLETE", () => {
    const text = explainCapture(parseCapture(seedText(80)), []);
    assert.match(
      text,
      /Tokyo: Phase 1: already complete when the capture starts\n/,
    );
    assert.doesNotMatch(text, /complete in 0 ms/);
    // A phase 1 the capture shows from its start still gets its duration.
    assert.match(
      explainCapture(parseCapture(success), []),
      /Main mode with 172\.16\.6\.2 \(initiator\): complete in 164 ms/,
    );
  });

  it("reports a failure the capture shows fixed later as resolved, with the verdict of the end", () => {
    const fixed = (peer: string) =>
      `${seedText(66)}Tokyo#configure terminal\nTokyo(config)#crypto isakmp key cisco address 172.16.6.2\nTokyo(config)#end\nTokyo#show crypto isakmp sa\ndst             src             state          conn-id slot\n${peer}      172.16.5.1      QM_IDLE              1    0\nTokyo#\n`;
    const capture = fixed("172.16.6.2");
    const findings = checkCapture(capture);
    const f = findings.find((x) => x.code === "log-psk-mismatch")!;
    const row = capture.split("\n").findIndex((l) => l.includes("QM_IDLE"));
    assert.equal(f.severity, "information");
    assert.match(
      f.message,
      new RegExp(
        `^Resolved later in the capture \\(line ${row + 1}: \`show crypto isakmp sa\` shows 172\\.16\\.6\\.2 in QM_IDLE\\)\\. The reply Tokyo got from 172\\.16\\.6\\.2 at main mode 5/6`,
      ),
    );
    const text = explainCapture(parseCapture(capture), findings);
    assert.match(
      text,
      new RegExp(
        `Verdict\\nRESOLVED: the failure at line ${f.range.start.line + 1} \\(log-psk-mismatch\\) was overcome later in the capture: \`show crypto isakmp sa\` shows 172\\.16\\.6\\.2 in QM_IDLE at line ${row + 1}, so phase 1 \\(the IKE SA\\) came up in the end\\.`,
      ),
    );
    assert.doesNotMatch(text, /FAILED/);
    // Another peer up says nothing of this one.
    const other = fixed("172.16.7.2");
    const g = checkCapture(other).find((x) => x.code === "log-psk-mismatch")!;
    assert.equal(g.severity, "error");
    assert.match(
      explainCapture(parseCapture(other), checkCapture(other)),
      /Verdict\nFAILED: The reply Tokyo got/,
    );
  });

  it("resolves a failure that names no peer by the success of the capture's only peer", () => {
    // R2's refusal names no peer; later R2's session with 198.51.100.1, the only peer, is up.
    const refusal = captureText("ios15-phase2-proxy-refusal-only.ioslog");
    const session = (peer: string) =>
      `R2#show crypto session\nCrypto session current status\n\nInterface: GigabitEthernet0/0\nSession status: UP-ACTIVE\nPeer: ${peer} port 500\n  IKEv1 SA: local 198.51.100.2/500 remote ${peer}/500 Active\n  IPSEC FLOW: permit ip 10.2.0.0/255.255.255.0 10.1.0.0/255.255.255.0\n        Active SAs: 2, origin: crypto map\n\nR2#\n`;
    const capture = `${refusal}${session("198.51.100.1")}`;
    const row = capture
      .split("\n")
      .findIndex((l) => l.startsWith("Interface:"));
    const f = only(checkCapture(capture), "log-phase2-rejected");
    assert.equal(f.severity, "information");
    assert.match(
      f.message,
      new RegExp(
        `^Resolved later in the capture \\(line ${row + 1}: \`show crypto session\` shows the session with 198\\.51\\.100\\.1 UP-ACTIVE\\)\\. R2 refused the quick mode proposal of the peer`,
      ),
    );
    assert.match(
      explainCapture(parseCapture(capture), checkCapture(capture)),
      /Verdict\nRESOLVED: the failure at line 5 \(log-phase2-rejected\) was overcome later in the capture: `show crypto session` shows the session with 198\.51\.100\.1 UP-ACTIVE at line \d+, so the tunnel came up in the end\./,
    );
    // A second peer anywhere in the capture (a crypto map's, an IKE SA's that names neither
    // known address): the failure may be with either, so it stays.
    const severity = (t: string) =>
      only(checkCapture(t), "log-phase2-rejected").severity;
    assert.equal(
      severity(
        `${capture}R2#show crypto map\nCrypto Map "VPN" 10 ipsec-isakmp\n        Peer = 198.51.100.1\n        Peer = 198.51.100.7\nR2#\n`,
      ),
      "error",
    );
    assert.equal(
      severity(
        `${capture}R2#show crypto isakmp sa\ndst             src             state          conn-id slot\n192.0.2.9       192.0.2.10      MM_NO_STATE          1    0\nR2#\n`,
      ),
      "error",
    );
    // An IKE SA row with the known peer is no second peer.
    assert.equal(
      severity(
        `${capture}R2#show crypto isakmp sa\ndst             src             state          conn-id slot\n198.51.100.2    198.51.100.1    QM_IDLE              1    0\nR2#\n`,
      ),
      "information",
    );
    // A capture of two routers: a peer one names may be the other router itself.
    assert.equal(
      severity(
        `${capture}R3#show clock\n*10:41:00.000 UTC Tue Apr 4 2006\nR3#\n`,
      ),
      "error",
    );
    // Another router's success says nothing of R2's.
    assert.equal(
      severity(`${refusal}${session("198.51.100.1").replace(/R2#/g, "R3#")}`),
      "error",
    );
  });

  it("tells a quick mode seen only by its refusal as a quick mode, not phase 1", () => {
    const capture = captureText("ios15-phase2-refusal-only.ioslog");
    const text = explainCapture(parseCapture(capture), checkCapture(capture));
    assert.match(
      text,
      /Timeline\n- Apr  4 10:31:07\.211  R2: Quick mode with 198\.51\.100\.1 \(responder\): failed: the phase 2 proposal was not acceptable\n/,
    );
    assert.doesNotMatch(text, /Phase 1/);
    assert.match(
      text,
      /Verdict\nFAILED: R2 refused the quick mode proposal of 198\.51\.100\.1/,
    );
  });

  it("gives as the verdict the earliest problem, not the last family's", () => {
    // The NHRP refusal in the debug comes before the `show dmvpn` that shows its effect.
    const capture = captureText("debug-nhrp-auth-failure.ioslog");
    const findings = checkCapture(capture);
    assert.deepEqual([...new Set(findings.map((f) => f.code))].sort(), [
      "log-dmvpn-peer-down",
      "log-nhrp-error",
    ]);
    const text = explainCapture(parseCapture(capture), findings);
    assert.match(
      text,
      /Verdict\nWARNING: 2 warnings: Spoke2's Registration Request on Tunnel0 was refused by 172\.16\.0\.1 \(NBMA 192\.0\.2\.1\) with an Error Indication: authentication failure\(11\)/,
    );
  });

  it("never prints a pre-shared key", () => {
    const text = explainCapture(parseCapture(seedText(41)), []);
    assert.match(text, /key for 172\.16\.5\.2 \(value hidden\)/);
    assert.doesNotMatch(text, /cisco/);
  });
});
