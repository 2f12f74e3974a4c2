import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { generateCapture } from "../../../../bench/generators/capture";
import {
  exchangesWithEvents,
  failedExchanges,
  INDEXED_EVENTS,
  MAX_MNEMONICS,
  messagesWithEvents,
  type CaptureEvent,
  type CaptureMessage,
  type CaptureModel,
  type IndexedEvent,
} from "../../../../server/src/core/capture/model";
import { parseCapture } from "../../../../server/src/core/capture/parser";
import { captureCertificateChecks } from "../../../../server/src/core/checks/captureCertificateChecks";
import { captureHandshakeChecks } from "../../../../server/src/core/checks/captureHandshakeChecks";
import { capturePhase2Checks } from "../../../../server/src/core/checks/capturePhase2Checks";
import { DEFAULT_ANALYSIS_SETTINGS } from "../../../../server/src/core/document";
import { isCertificatePayload } from "../../../../server/src/core/knowledge/payloads";
import { captureFixturePaths } from "../../../support/captures";
import { REPO_ROOT } from "../../../support/paths";

/** The fixtures, a generated capture mixing every format and failure, and a few rare lines. */
function models(): { name: string; model: CaptureModel }[] {
  return [
    ...captureFixturePaths().map((file) => ({
      name: path.relative(REPO_ROOT, file),
      model: parseCapture(fs.readFileSync(file, "utf8")),
    })),
    {
      name: "generated",
      model: parseCapture(generateCapture({ seed: 11, lines: 30000 })),
    },
    { name: "rare lines", model: parseCapture(RARE.join("\n")) },
  ];
}

/** Lines of events the fixtures and the generator seldom or never print. */
const RARE = [
  "Router# debug crypto isakmp",
  "*Mar  1 00:00:01.001: ISAKMP: can't initiate when turned off",
  "*Mar  1 00:00:01.051: ISAKMP:(0):peer matches *none* of the profiles",
  "*Mar  1 00:00:01.061: IKEv2-ERROR:(SESSION ID = 4,SA ID = 1):: Failed to locate an item in the database",
  "*Mar  1 00:00:01.101: ISAKMP (0:1): reserved not zero on ID payload!",
  "*Mar  1 00:00:01.201: ISAKMP (0:1): Notify has no hash. Rejected.",
  "*Mar  1 00:00:01.301: ISAKMP (0:1): processing CERT payload. message ID = 0",
  "*Mar  1 00:00:01.401: IPSEC(validate_proposal): peer address 10.0.0.9 not found",
  "*Mar  1 00:00:01.501: IPSEC(validate_proposal_request): transform proposal not supported for identity: {esp-des esp-md5-hmac }",
  "*Mar  1 00:00:01.601: IPSEC(validate_transform_proposal): proxy identities not supported",
  "*Mar  1 00:00:02.001: %CRYPTO-6-ISAKMP_ON_OFF: ISAKMP is OFF",
  "*Mar  1 00:00:03.001: %CRYPTO-3-IKE_QUICKMODE_BAD_CERT: encrypted connection attempted with a peer without the configured certificate attributes",
  "*Mar  1 00:00:04.001: %CRYPTO-6-IKMP_CRYPT_FAILURE: IKE (connection id 1) unable to decrypt packet",
  "*Mar  1 00:00:05.001: %PKI-3-CERTIFICATE_INVALID_EXPIRED: Certificate chain validation has failed. The certificate (SN: 01) has expired.",
];

/** Each key's meaning, written out again (not the parser's code), for a full scan. */
const MEANING: Readonly<
  Record<IndexedEvent, (e: CaptureEvent, m: CaptureMessage) => boolean>
> = {
  "turned-off": (e) => e.type === "turned-off",
  "no-key": (e) => e.type === "no-key",
  "no-profile": (e) => e.type === "no-profile",
  "ikev2-not-found": (e) => e.type === "ikev2-not-found",
  malformed: (e) => e.type === "malformed",
  "notify-no-hash": (e) => e.type === "notify-no-hash",
  notify: (e) => e.type === "notify",
  "ikev2-auth-failed": (e, m) =>
    (e.type === "ikev2-auth" && !e.passed) ||
    (e.type === "packet" &&
      ["ikev2", "ikev2-pak", "ikev2-error"].includes(m.source) &&
      (e.payloads ?? []).includes("NOTIFY(AUTHENTICATION_FAILED)")),
  retransmit: (e) => e.type === "retransmit",
  "no-offers": (e) => e.type === "no-offers",
  "not-acceptable": (e) => e.type === "not-acceptable",
  "transform-unsupported": (e) => e.type === "transform-unsupported",
  "proxy-unsupported": (e) => e.type === "proxy-unsupported",
  "no-matching-map": (e) => e.type === "no-matching-map",
  "peer-not-found": (e) => e.type === "peer-not-found",
  "policy-invalidated": (e) => e.type === "policy-invalidated",
  "proposal-proxies": (e) => e.type === "proposal-proxies",
  certificate: (e) =>
    (e.type === "payload" && isCertificatePayload(e.payload)) ||
    e.type === "cert-processing" ||
    (e.type === "attribute" && e.key === "auth" && /rsa/i.test(e.value)) ||
    (e.type === "auth-method" && /signature|rsa/i.test(e.method)) ||
    (e.type === "syslog" && /CERT/.test(e.mnemonic)),
};

function scan(
  model: CaptureModel,
  test: (e: CaptureEvent, m: CaptureMessage) => boolean,
): number[] {
  return model.messages
    .filter((m) => m.event !== undefined && test(m.event, m))
    .map((m) => m.index);
}

/** The model as another builder would make it: without the parser's lists. */
function unindexed(model: CaptureModel): CaptureModel {
  return {
    ...model,
    eventMessages: undefined,
    failedExchanges: undefined,
  };
}

const ctx = {
  uri: "file:///capture.ioslog",
  settings: DEFAULT_ANALYSIS_SETTINGS,
};

describe("capture/model event index", () => {
  it("lists under each key exactly the messages a full scan finds", () => {
    const seen = new Map<string, number>();
    for (const { name, model } of models()) {
      const index = model.eventMessages;
      assert.ok(index, name);
      for (const key of INDEXED_EVENTS) {
        const expected = scan(model, MEANING[key]);
        assert.deepEqual(
          [...(index.events[key] ?? [])],
          expected,
          `${name}: ${key}`,
        );
        assert.deepEqual(
          messagesWithEvents(model, [key]).map((m) => m.index),
          expected,
          `${name}: ${key}`,
        );
        assert.deepEqual(
          messagesWithEvents(unindexed(model), [key]).map((m) => m.index),
          expected,
          `${name}: ${key} without the index`,
        );
        seen.set(key, (seen.get(key) ?? 0) + expected.length);
      }
      const mnemonics = new Set(
        model.messages.flatMap((m) =>
          m.event?.type === "syslog" ? [m.event.mnemonic] : [],
        ),
      );
      assert.deepEqual(
        [...index.syslog.keys()].sort(),
        [...mnemonics].sort(),
        name,
      );
      for (const mnemonic of mnemonics) {
        const expected = scan(
          model,
          (e) => e.type === "syslog" && e.mnemonic === mnemonic,
        );
        assert.deepEqual(
          [...index.syslog.get(mnemonic)!],
          expected,
          `${name}: ${mnemonic}`,
        );
        seen.set("syslog", (seen.get("syslog") ?? 0) + expected.length);
      }
      assert.deepEqual(
        [...(model.failedExchanges ?? [])],
        model.exchanges
          .filter((ex) => ex.outcome === "failed")
          .map((ex) => ex.index),
        name,
      );
    }
    // The comparison means something only if every key lists messages somewhere.
    for (const key of [...INDEXED_EVENTS, "syslog"]) {
      assert.ok((seen.get(key) ?? 0) > 0, `no input lists ${key}`);
    }
  });

  it("lists the mnemonics past the first MAX_MNEMONICS apart, and still finds them", () => {
    const lines: string[] = [];
    for (let i = 0; i < MAX_MNEMONICS + 50; i++) {
      lines.push(
        `*Mar  1 00:00:01.001: %CRYPTO-6-TEST_${i}: line ${i}`,
        `*Mar  1 00:00:01.002: %CRYPTO-6-TEST_${i % 7}: again ${i}`,
      );
    }
    const model = parseCapture(lines.join("\n"));
    assert.equal(model.eventMessages!.syslog.size, MAX_MNEMONICS);
    assert.equal(model.eventMessages!.syslogRest.length, 50);
    const wanted = (m: string): boolean => /_(3|1030|1060)$/.test(m);
    const expected = scan(
      model,
      (e) => e.type === "syslog" && wanted(e.mnemonic),
    );
    assert.equal(expected.length, 156, "lines found");
    assert.deepEqual(
      messagesWithEvents(model, [], wanted).map((m) => m.index),
      expected,
    );
  });

  it("merges several keys and mnemonics in capture order, each message once", () => {
    for (const { name, model } of models()) {
      const keys: IndexedEvent[] = [
        "no-key",
        "retransmit",
        "certificate",
        "notify",
      ];
      const mnemonic = (m: string): boolean => /CERT|IKMP/.test(m);
      const expected = scan(
        model,
        (e, m) =>
          keys.some((k) => MEANING[k](e, m)) ||
          (e.type === "syslog" && mnemonic(e.mnemonic)),
      );
      for (const variant of [model, unindexed(model)]) {
        assert.deepEqual(
          messagesWithEvents(variant, keys, mnemonic).map((m) => m.index),
          expected,
          name,
        );
        assert.deepEqual(
          exchangesWithEvents(variant, ["retransmit"]),
          [
            ...new Set(
              scan(model, MEANING.retransmit)
                .map((i) => model.messages[i]!.exchange)
                .filter((ex) => ex >= 0),
            ),
          ].sort((a, b) => a - b),
          name,
        );
        assert.deepEqual(
          failedExchanges(variant).map((ex) => ex.index),
          model.exchanges
            .filter((ex) => ex.outcome === "failed")
            .map((ex) => ex.index),
          name,
        );
      }
    }
  });

  it("gives the capture checks the same findings with and without the index", () => {
    let findings = 0;
    for (const { name, model } of models()) {
      for (const check of [
        captureHandshakeChecks,
        capturePhase2Checks,
        captureCertificateChecks,
      ]) {
        const indexed = check.run(model, ctx);
        findings += indexed.length;
        assert.equal(
          JSON.stringify(indexed),
          JSON.stringify(check.run(unindexed(model), ctx)),
          `${name}: ${check.id}`,
        );
      }
    }
    assert.ok(findings > 100, `${findings} findings`);
  });
});
