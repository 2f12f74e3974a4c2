import * as assert from "node:assert/strict";
import {
  parseLinePrefix,
  parseSourcePrefix,
} from "../../../../server/src/core/capture/lexer";
import {
  LineKind,
  type CaptureMessage,
  type CaptureModel,
  type Exchange,
} from "../../../../server/src/core/capture/model";
import { MAX_MESSAGE_BODY } from "../../../../server/src/core/capture/message";
import { parseCapture } from "../../../../server/src/core/capture/parser";
import {
  exchangeDuration,
  packetLabel,
} from "../../../../server/src/core/capture/describe";
import {
  captureText,
  exampleText,
  lineOf,
  seed,
  seedText,
  SEED_EXAMPLES,
} from "../../../support/captures";

function phase1(model: CaptureModel): Exchange {
  const ex = model.exchanges.find((e) => e.messageId === 0 && e.packets.length);
  assert.ok(ex, "a phase 1 exchange with packets");
  return ex;
}

function steps(ex: Exchange): string[] {
  return ex.packets.map((p) =>
    p.notify
      ? `${p.direction}:notify`
      : `${p.direction}:${p.step}${p.retransmission ? "r" : ""}`,
  );
}

function states(models: readonly CaptureModel[]): Set<string> {
  const out = new Set<string>();
  for (const m of models) {
    for (const ex of m.exchanges) {
      for (const s of ex.states) {
        out.add(s.oldState);
        out.add(s.newState);
      }
    }
  }
  return out;
}

describe("capture/parser", () => {
  describe("line prefixes", () => {
    it("reads every timestamp form IOS prints, with sequence numbers", () => {
      const cases: [
        string,
        Partial<{
          text: string;
          kind: string;
          flag: string;
          seq: number;
          precise: boolean;
        }>,
      ][] = [
        [
          "Mar 7 16:14:29.027 GMT: ISAKMP: x",
          { text: "Mar 7 16:14:29.027 GMT", kind: "date", precise: true },
        ],
        [
          "*May 13 16:57:07.283 GMT: ISAKMP: x",
          { text: "May 13 16:57:07.283 GMT", kind: "date", flag: "*" },
        ],
        [
          "*Mar  1 00:13:31.891: ISAKMP: x",
          { text: "Mar  1 00:13:31.891", kind: "date", flag: "*" },
        ],
        [
          "000045: *Mar  1 00:13:31.887: IPSEC(sa_request): ,",
          { text: "Mar  1 00:13:31.887", seq: 45 },
        ],
        [
          "00:08:57: ISAKMP (0:0): received",
          { text: "00:08:57", kind: "uptime", precise: false },
        ],
        [
          "000501: 1d02h: ISAKMP:(0): x",
          { text: "1d02h", kind: "uptime", seq: 501 },
        ],
        [
          ".Jan 10 12:00:01.123: ISAKMP: (0): x",
          { text: "Jan 10 12:00:01.123", flag: "." },
        ],
        [
          "Mar 7 2024 16:14:29.027 UTC: ISAKMP: x",
          { text: "Mar 7 2024 16:14:29.027 UTC", kind: "date" },
        ],
      ];
      for (const [line, want] of cases) {
        const p = parseLinePrefix(line);
        assert.ok(p.timestamp, line);
        if (want.text !== undefined) {
          assert.equal(p.timestamp.text, want.text, line);
        }
        if (want.kind !== undefined) {
          assert.equal(p.timestamp.kind, want.kind, line);
        }
        if (want.flag !== undefined) {
          assert.equal(p.timestamp.flag, want.flag, line);
        }
        if (want.seq !== undefined) {
          assert.equal(p.sequence, want.seq, line);
        }
        if (want.precise !== undefined) {
          assert.equal(p.timestamp.precise, want.precise, line);
        }
        assert.ok(
          line.slice(p.start).length > 0 &&
            !line.slice(p.start).startsWith(" "),
          line,
        );
      }
      assert.equal(parseLinePrefix("Tokyo#show clock").timestamp, undefined);
    });

    it("recognises every debug prefix and its connection id", () => {
      const cases: [string, string, number | undefined, string | undefined][] =
        [
          ["ISAKMP (0:1): sending packet", "isakmp", 1, undefined],
          ["ISAKMP (1): ID payload", "isakmp", 1, undefined],
          [
            "ISAKMP:(1001):Old State = IKE_I_MM4  New State = IKE_I_MM5",
            "isakmp",
            1001,
            undefined,
          ],
          [
            "ISAKMP: (0):processing SA payload. message ID = 0",
            "isakmp",
            0,
            undefined,
          ],
          [
            "ISAKMP-PAK: (0):received packet from 10.0.0.1",
            "isakmp-pak",
            0,
            undefined,
          ],
          [
            "ISAKMP-ERROR: (0):no offers accepted!",
            "isakmp-error",
            0,
            undefined,
          ],
          ["ISAKMP:      encryption AES-CBC", "isakmp", undefined, undefined],
          [
            "ISAKMP. (0:1): sending packet to 172.16.6.2 (I) QM_IDLE",
            "isakmp",
            1,
            undefined,
          ],
          [
            "ISKAMP: growing send buffer from 1024 to 3072",
            "isakmp",
            undefined,
            undefined,
          ],
          ["IPSEC(sa_request): ,", "ipsec", undefined, "sa_request"],
          ["Crypto mapdb : proxy_match", "mapdb", undefined, undefined],
          [
            "IKEv2:(SESSION ID = 1,SA ID = 7):Retransmitting packet",
            "ikev2",
            7,
            "1",
          ],
          [
            "IKEv2-ERROR:(SESSION ID = 2,SA ID = 2):: Auth exchange failed",
            "ikev2-error",
            2,
            "2",
          ],
          [
            "%CRYPTO-4-IKMP_BAD_MESSAGE: IKE message",
            "syslog",
            undefined,
            "CRYPTO-4-IKMP_BAD_MESSAGE",
          ],
        ];
      for (const [line, source, conn, tag] of cases) {
        const p = parseSourcePrefix(line, 0, false);
        assert.ok(p, line);
        assert.equal(p.source, source, line);
        assert.equal(p.connId, conn, line);
        assert.equal(p.tag, tag, line);
      }
      assert.equal(
        parseSourcePrefix("Crypto ISAKMP debugging is on", 0, false),
        undefined,
      );
    });
  });

  describe("line classification", () => {
    it("classifies every line of every seed example and never throws", () => {
      for (const n of SEED_EXAMPLES) {
        const text = seedText(n);
        const model = parseCapture(text);
        const lines = text.split("\n");
        lines.forEach((raw, i) => {
          if (/^\*?[A-Z][a-z]{2} +\d+ \d\d:|^\d\d:\d\d:\d\d: /.test(raw)) {
            assert.equal(
              model.kinds[i],
              LineKind.Message,
              `8-${n} line ${i + 1}: ${raw}`,
            );
          }
          if (/^(Tokyo|Osaka)(\([a-z-]+\))?#/.test(raw)) {
            assert.equal(
              model.kinds[i],
              LineKind.Prompt,
              `8-${n} line ${i + 1}: ${raw}`,
            );
          }
        });
      }
    });

    it("joins IKEv2 messages a page wrapped at 80 columns, as it joins IKEv1 ones", () => {
      const text = captureText("ikev2-wrapped-profile-not-found.ioslog");
      const model = parseCapture(text);
      for (const wrapped of [
        "I_SPI=3C41D0A9B2E7F415",
        "R_WAIT_AUTH Event",
        "based on peer's identity",
        "locate an item",
      ]) {
        assert.equal(
          model.kinds[lineOf(text, wrapped)],
          LineKind.Continuation,
          wrapped,
        );
      }
      const bodies = model.messages.map((m) => m.body);
      assert.ok(
        bodies.includes(
          "Searching policy based on peer's identity 'branch7.example.net' of type 'FQDN'",
        ),
      );
      assert.ok(bodies.includes("Failed to locate an item in the database"));
      const auth = model.exchanges.find((e) => e.kind === "ike-auth")!;
      assert.equal(auth.role, "responder");
      assert.equal(auth.peerIdentity?.text, "branch7.example.net");
      // The lines IOS prints under a message at the first column stay what they are.
      const lists = parseCapture(
        captureText("ikev2-responder-no-proposal.ioslog"),
      );
      assert.ok(
        lists.messages.some((m) => m.body.startsWith("Received Policies")),
      );
      assert.ok(!lists.messages.some((m) => m.body.includes("Proposal 1:")));
    });

    it("keeps prompts with their typed commands and config modes", () => {
      const model = seed(34);
      const prompts = model.prompts.map(
        (p) => `${p.hostname}|${p.mode ?? ""}|${p.command}`,
      );
      assert.deepEqual(prompts.slice(0, 4), [
        "Tokyo||conf t",
        "Tokyo|config|interface fastethernet 0/0",
        "Tokyo|config-if|no crypto map mjlnetmap",
        "Tokyo|config-if|exit",
      ]);
      assert.equal(model.prompts.at(-1)!.command, "");
    });

    it("keeps unknown lines as text and survives garbage", () => {
      const text = captureText("ios15-success.ioslog");
      const model = parseCapture(text);
      assert.equal(
        model.kinds[lineOf(text, "Type escape sequence")],
        LineKind.Text,
      );
      assert.equal(model.kinds[lineOf(text, "Success rate is")], LineKind.Text);
      const garbage = [
        "((((",
        "ISAKMP (",
        "IPSEC(",
        "%X-9-",
        ":::",
        "Old State =",
        "\t\t",
        "#pkts",
        "x".repeat(10000),
      ].join("\n");
      const g = parseCapture(garbage);
      assert.equal(g.lines.length, 9);
    });

    it("joins wrapped lines and multi-line IPSEC messages to the message above", () => {
      const t28 = seedText(28);
      const m28 = parseCapture(t28);
      const wrapped = lineOf(t28, "IKE_PROCESS_MAIN_MODE");
      assert.equal(m28.kinds[wrapped], LineKind.Continuation);
      const msg = m28.messages[m28.lineMessage[wrapped]!]!;
      assert.deepEqual(msg.event, {
        type: "state",
        oldState: "UNKNOWN",
        newState: "UNKNOWN",
        source: "IKE_MESG_INTERNAL",
        event: "IKE_PROCESS_MAIN_MODE",
        node: undefined,
      });
      assert.equal(
        m28.kinds[lineOf(t28, "next-payload : 8")],
        LineKind.Continuation,
      );

      const text = captureText("ios15-success.ioslog");
      const model = parseCapture(text);
      const request = model.messages.find((m) => m.tag === "sa_request")!;
      assert.equal(request.endLine - request.line, 6);
      assert.match(
        request.body,
        /local_proxy= 192\.168\.1\.0\/255\.255\.255\.0/,
      );
      const mapdb = model.messages.find((m) => m.source === "mapdb")!;
      assert.equal(mapdb.endLine - mapdb.line, 5);
      const inbound = model.messages.find(
        (m) => m.event?.type === "sa" && m.event.direction === "inbound",
      )!;
      assert.deepEqual(inbound.event, {
        type: "sa",
        direction: "inbound",
        from: "10.0.0.2",
        to: "10.0.0.1",
        proxyFrom: "192.168.2.0",
        proxyTo: "192.168.1.0",
      });
    });

    it("keeps every field of a message exactly, however large or long", () => {
      const long = "y".repeat(5000);
      const text = [
        "4294967297: *Mar  1 00:13:31.891: ISAKMP (0:4294967296): beginning Main Mode exchange   ",
        "000002: .Mar  1 00:13:32: IPSEC(sa_request): ,",
        "  (key eng. msg.) OUTBOUND local= 10.0.0.1, remote= 10.0.0.2,",
        `  ${long}`,
        "1d02h: ISAKMP:(1001):Old State = IKE_I_MM1  New State = IKE_I_MM2",
        "1d02h: ISAKMP:(1001):Old State = IKE_I_MM1  New State = IKE_I_MM2",
      ].join("\n");
      const model = parseCapture(text);
      assert.equal(model.messages.length, 4);
      const [big, ipsec, s1, s2] = model.messages as [
        CaptureMessage,
        CaptureMessage,
        CaptureMessage,
        CaptureMessage,
      ];
      assert.equal(big.sequence, 4294967297);
      assert.equal(big.connId, 4294967296);
      assert.equal(big.body, "beginning Main Mode exchange");
      assert.equal(big.timestamp?.text, "Mar  1 00:13:31.891");
      assert.equal(big.timestamp?.flag, "*");
      assert.equal(big.timestamp?.precise, true);
      assert.equal(ipsec.sequence, 2);
      assert.equal(ipsec.timestamp?.flag, ".");
      assert.equal(ipsec.timestamp?.precise, false);
      assert.equal(ipsec.tag, "sa_request");
      assert.equal(ipsec.endLine, 3);
      // A wrapped body is joined again on demand, each line cut where the parser stops reading.
      assert.equal(
        ipsec.body,
        `, (key eng. msg.) OUTBOUND local= 10.0.0.1, remote= 10.0.0.2, ${long.slice(0, 4094)}`,
      );
      assert.equal(s1.timestamp?.kind, "uptime");
      assert.equal(s1.timestamp?.ms, (86400 + 2 * 3600) * 1000);
      assert.equal(s1.sequence, undefined);
      // Messages with the same body share one event, equal to what the rules read.
      assert.equal(s1.event, s2.event);
      assert.deepEqual(s1.event, {
        type: "state",
        oldState: "IKE_I_MM1",
        newState: "IKE_I_MM2",
        source: undefined,
        event: undefined,
        node: undefined,
      });
      assert.equal(s1.exchange, s2.exchange);
      assert.ok(s1.exchange >= 0);
    });

    it("keeps an Old State line cut from its Input line as a state change", () => {
      const model = seed(80);
      const first = model.messages[0]!;
      assert.equal(first.event?.type, "state");
    });
  });

  describe("exchanges", () => {
    it("goes on with main mode after `Can not start Aggressive mode, trying Main mode.`", () => {
      // Every IOS initiator without an aggressive-mode password prints it: no failure.
      const model = parseCapture(captureText("ios15-success.ioslog"));
      const phase1 = model.exchanges.filter((e) => e.messageId === 0);
      assert.deepEqual(
        phase1.map((e) => `${e.kind} ${e.outcome}`),
        ["main complete"],
      );
      const alone = parseCapture(
        "*Mar  1 00:13:31.891: ISAKMP:(0): SA request profile is (NULL)\n" +
          "*Mar  1 00:13:31.895: ISAKMP:(0):Can not start Main mode\n",
      );
      assert.equal(alone.exchanges[0]?.outcome, "failed");
      assert.equal(alone.exchanges[0]?.failure, "cannot start main mode");
    });

    it("opens no exchange for the purge of an SA the capture shows nothing else of", () => {
      // Example 8-51 starts with the purge of an earlier SA under the same connection id.
      const text = seedText(51);
      const model = parseCapture(text);
      assert.deepEqual(
        model.exchanges.map((e) => `${e.kind} ${e.outcome}`),
        ["main in-progress"],
      );
      assert.equal(
        model.exchanges[0]!.startLine,
        lineOf(text, "received ke message"),
      );
    });

    it("goes on with IKE_SA_INIT after INVALID_KE_PAYLOAD, which asks for another group", () => {
      const success = captureText("ikev2-success.ioslog");
      const at = success.indexOf("*Mar  1 00:20:01.187");
      const retry = [
        "*Mar  1 00:20:01.150: IKEv2:(SESSION ID = 1,SA ID = 1):Received Packet [From 10.0.0.2:500/To 10.0.0.1:500/VRF i0:f0]",
        "Initiator SPI : 5A3C5A1B7E1D2C3F - Responder SPI : 0000000000000000 Message id: 0",
        "IKEv2 IKE_SA_INIT Exchange RESPONSE",
        "Payload contents:",
        " NOTIFY(INVALID_KE_PAYLOAD)",
        "",
        "*Mar  1 00:20:01.160: IKEv2:(SESSION ID = 1,SA ID = 1):Sending Packet [To 10.0.0.2:500/From 10.0.0.1:500/VRF i0:f0]",
        "Initiator SPI : 5A3C5A1B7E1D2C3F - Responder SPI : 0000000000000000 Message id: 0",
        "IKEv2 IKE_SA_INIT Exchange REQUEST",
        "Payload contents:",
        " SA KE N VID VID NOTIFY(NAT_DETECTION_SOURCE_IP) NOTIFY(NAT_DETECTION_DESTINATION_IP)",
        "",
        "",
      ].join("\n");
      const model = parseCapture(
        success.slice(0, at) + retry + success.slice(at),
      );
      assert.deepEqual(
        model.exchanges.map((e) => `${e.kind} ${e.outcome}`),
        ["ike-sa-init complete", "ike-auth complete"],
      );
      assert.deepEqual(
        model.exchanges[0]!.notifies.map((n) => n.notify),
        ["INVALID_KE_PAYLOAD"],
      );
    });

    it("tells Tokyo's successful main mode and quick mode as one story", () => {
      const model = parseCapture(exampleText("tokyo-success.ioslog"));
      const [mm, qm, ...rest] = model.exchanges;
      assert.equal(rest.length, 0);
      assert.equal(mm!.kind, "main");
      assert.equal(mm!.role, "initiator");
      assert.equal(mm!.peer, "172.16.6.2");
      assert.equal(mm!.router, "Tokyo");
      assert.equal(mm!.connId, 1);
      assert.equal(mm!.outcome, "complete");
      assert.deepEqual(steps(mm!), [
        "sent:1",
        "received:2",
        "sent:3",
        "received:4",
        "sent:5",
        "received:6",
      ]);
      assert.equal(exchangeDuration(model, mm!), 164);
      assert.equal(mm!.proposals[0]!.priority, 10);
      assert.equal(mm!.proposals[0]!.accepted, true);
      assert.equal(mm!.proposals[0]!.attributes["hash"], "MD5");
      assert.equal(qm!.kind, "quick");
      assert.equal(qm!.messageId, 216243713);
      assert.equal(qm!.role, "initiator");
      assert.equal(qm!.outcome, "complete");
      assert.deepEqual(steps(qm!), ["sent:1", "received:2", "sent:3"]);
      assert.equal(exchangeDuration(model, qm!), 264);
      assert.deepEqual(
        qm!.sas.map((s) => `${s.direction} ${s.spi} ${s.connId}`),
        ["inbound 0x7E5A7D6C 2000", "outbound -565122577 2001"],
      );
    });

    it("reaches every state of the seed's failures and successes", () => {
      const models = SEED_EXAMPLES.map(seed);
      models.push(
        ...[
          "ios15-success.ioslog",
          "iosxe-policy-fixed-by-later.ioslog",
          "ios124-no-response.ioslog",
        ].map((n) => parseCapture(captureText(n))),
      );
      const seen = states(models);
      for (const s of [
        "IKE_READY",
        "IKE_I_MM1",
        "IKE_I_MM2",
        "IKE_I_MM3",
        "IKE_I_MM4",
        "IKE_I_MM5",
        "IKE_I_MM6",
        "IKE_R_MM1",
        "IKE_R_MM2",
        "IKE_R_MM4",
        "IKE_R_MM5",
        "UNKNOWN",
        "IKE_P1_COMPLETE",
        "IKE_QM_READY",
        "IKE_QM_I_QM1",
        "IKE_QM_PHASE2_COMPLETE",
      ]) {
        assert.ok(seen.has(s), s);
      }
    });

    it("follows a connection id that IOS assigns halfway through main mode (0, then 1001)", () => {
      const model = parseCapture(captureText("ios15-success.ioslog"));
      const mm = phase1(model);
      assert.equal(mm.connId, 1001);
      assert.deepEqual(steps(mm), [
        "sent:1",
        "received:2",
        "sent:3",
        "received:4",
        "sent:5",
        "received:6",
      ]);
      assert.equal(mm.outcome, "complete");
      const qm = model.exchanges.find((e) => e.kind === "quick")!;
      assert.equal(qm.messageId, 1218418476);
      assert.equal(qm.outcome, "complete");
      assert.equal(qm.sas.length, 2);
      assert.equal(qm.sas[1]!.spi, "0x2DB7C6C4");
      assert.equal(model.exchanges.filter((e) => e.packets.length).length, 2);
    });

    it("joins the (0:0) new-SA packet to the responder's exchange", () => {
      const model = seed(61);
      const ex = phase1(model);
      assert.equal(ex.connId, 3);
      assert.equal(ex.role, "responder");
      assert.deepEqual(steps(ex), ["received:1"]);
      assert.deepEqual(
        ex.proposals[0]!.mismatches.map((m) => m.attribute),
        ["Hash algorithm"],
      );
    });

    it("marks retransmissions and the notify that answered main mode 5", () => {
      const m51 = seed(51);
      assert.deepEqual(steps(phase1(m51)), ["sent:1", "sent:1r"]);
      const m66 = seed(66);
      const ex = phase1(m66);
      assert.deepEqual(steps(ex), ["sent:5", "received:notify"]);
      assert.equal(ex.outcome, "failed");
      const m71 = seed(71);
      assert.deepEqual(steps(phase1(m71)), ["received:5", "sent:notify"]);
    });

    it("separates a rejected quick mode from the informational exchange that rejected it", () => {
      const model = seed(80);
      const qm = model.exchanges.find((e) => e.kind === "quick")!;
      const info = model.exchanges.find((e) => e.kind === "informational")!;
      assert.equal(qm.messageId, 1110884980);
      assert.equal(qm.outcome, "failed");
      assert.match(qm.failure!, /PROPOSAL_NOT_CHOSEN/);
      assert.equal(info.messageId, 1998102984);
      assert.deepEqual(
        info.notifies.map((n) => n.notify),
        ["PROPOSAL_NOT_CHOSEN"],
      );
    });

    it("sees a responder's quick mode fail on the identity check", () => {
      const model = seed(90);
      const qm = model.exchanges.find((e) => e.kind === "quick")!;
      assert.equal(qm.role, "responder");
      assert.equal(qm.outcome, "failed");
      assert.deepEqual(steps(qm), ["received:1", "sent:notify"]);
    });

    it("groups IKEv2 exchanges by SA id and message id", () => {
      const model = parseCapture(captureText("ikev2-success.ioslog"));
      const kinds = model.exchanges.map(
        (e) => `${e.kind}:${e.messageId}:${e.role}:${e.outcome}`,
      );
      assert.deepEqual(kinds, [
        "ike-sa-init:0:initiator:complete",
        "ike-auth:1:initiator:complete",
      ]);
      const init = model.exchanges[0]!;
      assert.deepEqual(
        init.packets.map((p) => `${p.direction}:${p.step}`),
        ["sent:1", "received:2"],
      );
      assert.match(init.packets[0]!.summary, /^SA KE N/);
      assert.equal(init.peer, "10.0.0.2");
      const failed = parseCapture(captureText("ikev2-no-response.ioslog"));
      assert.equal(failed.exchanges[0]!.outcome, "failed");
      assert.equal(failed.exchanges[0]!.retransmissions.length, 2);
    });

    it("starts a new IKEv2 negotiation when the initiator SPI changes under the same SA id", () => {
      const model = parseCapture(captureText("ikev2-child-sa-rejected.ioslog"));
      assert.deepEqual(
        model.exchanges.map(
          (e) => `${e.kind}:${e.messageId}:${e.startLine + 1}:${e.outcome}`,
        ),
        [
          "ike-sa-init:0:15:complete",
          "ike-auth:1:42:failed",
          // The DELETE's INFORMATIONAL is acknowledged by its empty response.
          "ikev2-informational:2:69:complete",
          // A new IKE SA (another initiator SPI) reuses SA id 1 and message id 0.
          "ike-sa-init:0:82:complete",
        ],
      );
      const auth = model.exchanges[1]!;
      assert.equal(auth.failure, "the peer sent NO_PROPOSAL_CHOSEN");
      // `Building packet for encryption` lists what the sent ENCR payload holds.
      assert.equal(
        auth.packets[0]!.summary,
        "ENCR (inside: VID IDi AUTH SA TSi TSr NOTIFY(INITIAL_CONTACT) NOTIFY(SET_WINDOW_SIZE))",
      );
      assert.deepEqual(auth.ownIdentity, {
        text: "172.16.6.2",
        type: "IPv4 address",
        line: 33, // zero-based: the fixture's line 34
      });
      assert.equal(auth.peerIdentity?.text, "172.16.5.1");
      assert.equal(
        model.exchanges[2]!.packets[0]!.summary,
        "ENCR (inside: DELETE)",
      );
      // IOS's own spelling `authenctication` is read as the verification it is.
      const verified = model.messages.find((m) =>
        m.body.includes("authenctication"),
      );
      assert.deepEqual(verified?.event, { type: "ikev2-auth", passed: true });
      // The transform list below `IKE Proposal:` belongs to that message.
      const proposal = model.messages.find((m) =>
        m.body.startsWith("IKE Proposal"),
      )!;
      assert.equal(proposal.endLine, 12);
      assert.match(proposal.body, /Num\. transforms: 4 +AES-CBC +SHA256/);
    });

    it("names the notify an IKEv2 packet carries instead of a step, and what was offered", () => {
      const model = parseCapture(captureText("ikev2-no-proposal.ioslog"));
      const [init] = model.exchanges;
      assert.deepEqual(
        init!.packets.map((p) => packetLabel(init!, p)),
        [
          "IKE_SA_INIT 1/2 sent: SA KE N VID VID NOTIFY(NAT_DETECTION_SOURCE_IP) NOTIFY(NAT_DETECTION_DESTINATION_IP)",
          "notify received: NOTIFY(NO_PROPOSAL_CHOSEN)",
        ],
      );
      // The proposal listed before the first packet of the capture still belongs to it.
      assert.deepEqual(init!.offered, [
        "3DES",
        "SHA1",
        "SHA96",
        "DH_GROUP_1024_MODP/Group 2",
      ]);
      // A responder lists the proposal it chose before its response: that is not an offer.
      const responder = parseCapture(
        captureText("ikev2-identity-not-matched.ioslog").replace(
          "*Mar  1 01:10:00.121: IKEv2:(SESSION ID = 4,SA ID = 1):Sending Packet",
          "*Mar  1 01:10:00.120: IKEv2:(SESSION ID = 4,SA ID = 1):IKE Proposal: 1, SPI size: 8,\nNum. transforms: 4\n   AES-CBC   SHA256   SHA256   DH_GROUP_2048_MODP/Group 14\n*Mar  1 01:10:00.121: IKEv2:(SESSION ID = 4,SA ID = 1):Sending Packet",
        ),
      );
      assert.equal(responder.exchanges[0]!.role, "responder");
      assert.equal(responder.exchanges[0]!.offered, undefined);
    });

    it("reads IOS-XE's prefixes and decides on the last policy checked", () => {
      const model = parseCapture(captureText("iosxe-policy-mismatch.ioslog"));
      const ex = phase1(model);
      assert.equal(ex.role, "responder");
      assert.deepEqual(
        ex.proposals.map(
          (p) =>
            `${p.priority}:${p.accepted}:${p.mismatches.map((m) => m.attribute).join()}`,
        ),
        ["10:false:Encryption algorithm", "20:false:Diffie-Hellman group"],
      );
      assert.equal(ex.proposals[0]!.attributes["keylength"], "256");
      assert.equal(ex.outcome, "failed");
      const fixed = phase1(
        parseCapture(captureText("iosxe-policy-fixed-by-later.ioslog")),
      );
      assert.deepEqual(
        fixed.proposals.map((p) => p.accepted),
        [false, true],
      );
      assert.notEqual(fixed.outcome, "failed");
    });
  });

  it("keeps a runaway wrapped message one message, its body joined only so far", () => {
    // One debug line, then 20,000 indented lines: each continues the message above.
    const text = [
      "*Mar  1 00:00:01.123: IPSEC(validate_proposal_request): proposal part #1,",
      ...Array.from(
        { length: 20_000 },
        (_, i) =>
          `  (key eng. msg.) INBOUND local= 172.16.5.1, remote= 172.16.6.${i % 250},`,
      ),
    ].join("\n");
    const model = parseCapture(text);
    assert.equal(model.messages.length, 1);
    const message = model.messages[0]!;
    assert.equal(message.endLine, 20_000);
    assert.equal(model.lineMessage[15_000], 0);
    assert.ok(
      message.body.length <= MAX_MESSAGE_BODY + 200,
      `body of ${message.body.length} characters`,
    );
    assert.match(
      message.body,
      /^proposal part #1, \(key eng\. msg\.\) INBOUND/,
    );
    assert.equal(
      message.event?.type,
      parseCapture(text.split("\n").slice(0, 3).join("\n")).messages[0]!.event
        ?.type,
    );
  });

  it("parses a capture of 100,000 lines in one linear pass", () => {
    const block = exampleText("tokyo-success.ioslog");
    const text = Array.from({ length: 700 }, () => block).join("\n");
    const model = parseCapture(text);
    assert.ok(model.lines.length > 100000);
    assert.equal(model.exchanges.filter((e) => e.kind === "main").length, 700);
  });
});
