import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import { NAT_HINT } from "../../../../server/src/core/capture/events";
import type { CaptureModel } from "../../../../server/src/core/capture/model";
import { parseCapture } from "../../../../server/src/core/capture/parser";
import {
  NAT_SIGNATURES,
  natSignature,
} from "../../../../server/src/core/knowledge/natDiscovery";
import { natSignals } from "../../../../server/src/core/nat/natDiscovery";
import { captureFixturePaths } from "../../../support/captures";

/** The NAT signals as found by testing every message (a model without the parser's list). */
function signalsByFullScan(model: CaptureModel): string {
  const copy: CaptureModel = { ...model, natMessages: undefined };
  return JSON.stringify(
    natSignals(copy).map((s) => ({ ...s, message: s.message?.index })),
  );
}

function signals(model: CaptureModel): string {
  return JSON.stringify(
    natSignals(model).map((s) => ({ ...s, message: s.message?.index })),
  );
}

/** A line that each NAT signature matches, by the signature's pattern. */
const SAMPLES: Readonly<Record<string, string>> = {
  [/\bNo NAT Found for self or peer\b/i.source]:
    "No NAT Found for self or peer",
  [/\bNAT found,?\s{0,4}both nodes? inside NAT\b/i.source]:
    "NAT found, both nodes inside NAT",
  [/\bNAT found,?\s{0,4}(?:the |this )?(?:node|self) (?:is )?inside NAT\b/i
    .source]: "NAT found, this node inside NAT",
  [/\bNAT found,?\s{0,4}(?:the )?peer (?:is )?inside NAT\b/i.source]:
    "NAT found, the peer is inside NAT",
  [/\bNAT found\b/i.source]: "NAT found",
  [/\bMy hash no match\s{0,4}-\s{0,4}this node inside NAT\b/i.source]:
    "My hash no match -  this node inside NAT",
  [/\bHis hash no match\s{0,4}-\s{0,4}this node outside NAT\b/i.source]:
    "His hash no match - this node outside NAT",
  [/\bNAT (?:does not|doesn't) match MINE hash\b/i.source]:
    "NAT does not match MINE hash",
  [/\bNAT (?:does not|doesn't) match HIS hash\b/i.source]:
    "NAT doesn't match HIS hash",
  [/\bNAT match (?:MINE|HIS) hash\b/i.source]: "NAT match MINE hash",
  [/\blocal port 4500, remote port 4500\b/i.source]:
    "local port 4500, remote port 4500",
  [/\bmy_port 4500 peer_port 4500\b/i.source]:
    "sending packet to 198.51.100.1 my_port 4500 peer_port 4500 (I) MM_KEY_EXCH",
  [/\bswitch(?:ed|ing)? to (?:UDP )?port 4500\b|\bfloat(?:ing)? to (?:UDP )?(?:port )?4500\b/i
    .source]: "floating to UDP port 4500",
  [/\bcurrent_peer \S+ port 4500\b/i.source]:
    "current_peer 203.0.113.10 port 4500",
  [/\bUDP[- ]Encaps\b/i.source]: "in use settings ={Tunnel UDP-Encaps, }",
  [/\bvendor ID is NAT-T\b/i.source]: "vendor ID is NAT-T RFC 3947",
  [/\b(?:received )?payload type (?:20|130)\b/i.source]:
    "received payload type 20",
};

describe("nat/natDiscovery", () => {
  it("finds the same NAT lines from the parser's list as by testing every message", () => {
    let withSignals = 0;
    for (const file of captureFixturePaths()) {
      const model = parseCapture(fs.readFileSync(file, "utf8"));
      assert.ok(model.natMessages, file);
      assert.equal(signals(model), signalsByFullScan(model), file);
      if (natSignals(model).length) {
        withSignals++;
      }
    }
    // The comparison means something only if fixtures hold NAT lines.
    assert.ok(withSignals >= 5, `${withSignals} fixtures with NAT lines`);
  });

  it("lists NAT lines of every debug but syslog, wrapped ones included, and skips IKEv2 NAT-D notifies", () => {
    const text = [
      "*Nov  4 08:15:40.418: ISAKMP: (0):vendor ID is NAT-T RFC 3947",
      "*Nov  4 08:15:40.634: ISAKMP: (1003):NAT found, both nodes inside NAT",
      // The same body again: remembered by the parser, still listed.
      "*Nov  4 08:15:41.634: ISAKMP: (1004):NAT found, both nodes inside NAT",
      "*Nov  4 08:15:40.640: %CRYPTO-6-NAT: NAT found, both nodes inside NAT",
      "*Nov  4 08:15:40.700: IKEv2:(SESSION ID = 1,SA ID = 1):Sending Packet [To 198.51.100.1:500/From 192.0.2.1:500/VRF i0:f0] ",
      "Initiator SPI : 4DAC5E6559A02595 - Responder SPI : 0000000000000000 Message id: 0",
      "IKEv2 IKE_SA_INIT Exchange REQUEST ",
      "Payload contents: SA KE N VID NOTIFY(NAT_DETECTION_SOURCE_IP) NOTIFY(NAT_DETECTION_DESTINATION_IP)",
      "*Nov  4 08:15:40.800: IPSEC(sa_request): ,",
      "  (key eng. msg.) OUTBOUND local= 192.0.2.1:4500, remote= 198.51.100.1:4500,",
      "    protocol= ESP, transform= esp-aes esp-sha-hmac  (Tunnel-UDP),",
      "    switching to port 4500",
    ].join("\n");
    const model = parseCapture(text);
    assert.deepEqual(
      natSignals(model).map((s) => [s.line, s.signature.kind]),
      [
        [0, "vendor"],
        [1, "result"],
        [2, "result"],
        [8, "port-4500"],
      ],
    );
    assert.equal(signals(model), signalsByFullScan(model));
  });

  it("the parser's quick test lets through every line a NAT signature matches", () => {
    for (const signature of NAT_SIGNATURES) {
      const sample = SAMPLES[signature.pattern.source];
      assert.ok(
        sample !== undefined,
        `add a sample line for ${signature.pattern} to this test (and check NAT_HINT in capture/events.ts covers it)`,
      );
      assert.ok(signature.pattern.test(sample), sample);
      assert.ok(natSignature(sample), sample);
      assert.ok(NAT_HINT.test(sample), `NAT_HINT misses: ${sample}`);
      // Every NAT the pattern names is a word of its own, as NAT_HINT requires.
      for (const m of signature.pattern.source.matchAll(/NAT/gi)) {
        const before = signature.pattern.source.slice(0, m.index);
        const after = signature.pattern.source.slice(m.index + 3);
        assert.match(before, /(?:^|\\b| )$/, signature.pattern.source);
        assert.match(after, /^(?:$|\\b| |-|,)/, signature.pattern.source);
      }
    }
    assert.ok(!NAT_HINT.test("NOTIFY(NAT_DETECTION_SOURCE_IP)"));
  });
});
