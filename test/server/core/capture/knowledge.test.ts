import * as assert from "node:assert/strict";
import { EXCHANGE_STEPS } from "../../../../server/src/core/knowledge/exchangeSteps";
import {
  decodeAttributeNumber,
  IKE_ATTRIBUTES,
  matchAttribute,
} from "../../../../server/src/core/knowledge/ikeAttributes";
import {
  DMVPN_STATES,
  dmvpnAttributes,
  dmvpnState,
  dmvpnTimeText,
} from "../../../../server/src/core/knowledge/dmvpnStates";
import {
  matchIosCommand,
  showOutputTitle,
} from "../../../../server/src/core/knowledge/iosCommands";
import { ISAKMP_STATES } from "../../../../server/src/core/knowledge/isakmpStates";
import {
  ikev1Notify,
  ikev2Notify,
  IKEV1_NOTIFY_TYPES,
} from "../../../../server/src/core/knowledge/notifyTypes";
import {
  ikev1Payload,
  ikev1PayloadByNumber,
  IKEV1_PAYLOADS,
} from "../../../../server/src/core/knowledge/payloads";
import {
  NHRP_CIE_CODES,
  NHRP_ERROR_CODES,
  nhrpCieCode,
  nhrpCodeIn,
  nhrpErrorCode,
} from "../../../../server/src/core/knowledge/nhrpCodes";
import {
  debugMessage,
  nhrpDebugMessage,
} from "../../../../server/src/core/knowledge/debugMessages";
import { SA_STATES } from "../../../../server/src/core/knowledge/saStates";
import { syslogMessage } from "../../../../server/src/core/knowledge/syslogMessages";

describe("capture knowledge tables", () => {
  it("decodes variable-length attribute values (VPI byte lists) and basic ones", () => {
    assert.equal(decodeAttributeNumber("0x0 0x1 0x51 0x80"), 86400);
    assert.equal(decodeAttributeNumber(" 0x0 0x46 0x50 0x0 "), 4608000);
    assert.equal(decodeAttributeNumber("3600"), 3600);
    assert.equal(decodeAttributeNumber("0x1 zz"), undefined);
    assert.equal(decodeAttributeNumber("0x100"), undefined);
  });

  it("matches every attribute line of both phases, SA lifetimes before phase 1 lifetimes", () => {
    const cases: [string, string, string][] = [
      ["encryption AES-CBC", "encryption", "AES-CBC"],
      ["keylength of 256", "keylength", "256"],
      ["hash SHA256", "hash", "SHA256"],
      ["default group 14", "group", "14"],
      ["auth pre-share", "auth", "pre-share"],
      ["life type in seconds", "lifetype", "seconds"],
      [
        "life duration (VPI) of  0x0 0x1 0x51 0x80",
        "lifeduration",
        " 0x0 0x1 0x51 0x80",
      ],
      ["SA life type in kilobytes", "sa-lifetype", "kilobytes"],
      ["SA life duration (basic) of 3600", "sa-lifeduration", "3600"],
      ["encaps is 1 (Tunnel)", "encaps", "1"],
      ["authenticator is HMAC-SHA", "authenticator", "HMAC-SHA"],
      ["key length is 128", "ipsec-keylength", "128"],
      ["group is 2", "pfs-group", "2"],
    ];
    for (const [line, key, value] of cases) {
      const m = matchAttribute(line);
      assert.ok(m, line);
      assert.equal(m.info.key, key, line);
      assert.equal(m.value, value, line);
    }
    assert.equal(
      new Set(IKE_ATTRIBUTES.map((a) => a.key)).size,
      IKE_ATTRIBUTES.length,
    );
  });

  it("numbers payloads and notify types as the RFCs do, with IOS's spellings", () => {
    assert.equal(
      new Set(IKEV1_PAYLOADS.map((p) => p.number)).size,
      IKEV1_PAYLOADS.length,
    );
    assert.equal(ikev1PayloadByNumber(8)!.name, "HASH");
    assert.equal(ikev1Payload("vendor id")!.number, 13);
    assert.equal(ikev1Payload("cert-req")!.number, 7);
    assert.equal(
      new Set(IKEV1_NOTIFY_TYPES.map((n) => n.number)).size,
      IKEV1_NOTIFY_TYPES.length,
    );
    assert.equal(ikev1Notify("PROPOSAL_NOT_CHOSEN")!.number, 14);
    assert.equal(ikev1Notify("INVALID_ID_INFO")!.number, 18);
    assert.equal(ikev1Notify("R-U-THERE")!.number, 36136);
    assert.equal(ikev2Notify("TS_UNACCEPTABLE")!.number, 38);
  });

  it("places every state in an exchange that the step table knows", () => {
    for (const [name, info] of Object.entries(ISAKMP_STATES)) {
      if (info.exchange !== "none") {
        const steps = EXCHANGE_STEPS[info.exchange];
        assert.ok(steps, name);
        assert.ok(!info.message || info.message <= steps.total, name);
      }
      assert.ok(info.meaning && info.next, name);
    }
    for (const s of ["MM_NO_STATE", "MM_SA_SETUP", "MM_KEY_EXCH"]) {
      assert.equal(SA_STATES[s]!.stuck, true, s);
    }
    assert.equal(SA_STATES["QM_IDLE"]!.stuck, false);
  });

  it("matches abbreviated commands and knows the syslog messages of the chapter", () => {
    assert.equal(matchIosCommand("sh cry isa sa")!.show, "isakmp-sa");
    assert.equal(
      matchIosCommand("show crypto ipsec sa | include pkts")!.show,
      "ipsec-sa",
    );
    assert.equal(matchIosCommand("sh ip int s2/0")!.show, "ip-interface");
    assert.equal(
      matchIosCommand("sh ip int brief")!.show,
      "ip-interface-brief",
    );
    assert.equal(matchIosCommand("sh ip int br")!.show, "ip-interface-brief");
    assert.equal(
      matchIosCommand("show ip interface brief | include Tunnel")!.show,
      "ip-interface-brief",
    );
    assert.equal(
      matchIosCommand("conf t")!.words.join(" "),
      "configure terminal",
    );
    assert.equal(matchIosCommand("frobnicate"), undefined);
    for (const [f, m] of [
      ["CRYPTO", "IKMP_BAD_MESSAGE"],
      ["CRYPTO", "IKMP_INVAL_CERT"],
      ["CRYPTO", "IKE_QUICKMODE_BAD_CERT"],
    ]) {
      assert.ok(syslogMessage(f!, m!), m);
    }
  });

  it("knows show dmvpn: its commands, states, attribute letters and times", () => {
    assert.equal(matchIosCommand("sh dmvpn")!.show, "dmvpn");
    assert.equal(
      matchIosCommand("show dmvpn detail")!.words.join(" "),
      "show dmvpn detail",
    );
    assert.equal(matchIosCommand("sh dmvpn det")!.show, "dmvpn");
    assert.equal(matchIosCommand("show dmvpn | include NHRP")!.show, "dmvpn");
    // Pasted without its command, the output is named after the plain command.
    assert.equal(showOutputTitle("dmvpn"), "show dmvpn output");
    assert.equal(
      showOutputTitle("access-lists"),
      "show ip access-lists output",
    );
    assert.deepEqual(
      Object.keys(DMVPN_STATES).filter((s) => DMVPN_STATES[s]!.up),
      ["UP"],
    );
    for (const state of ["IKE", "IPSEC", "NHRP", "INTF", "DOWN"]) {
      const info = DMVPN_STATES[state]!;
      assert.ok(info.cause && info.verify && info.fix, state);
    }
    assert.equal(dmvpnState("down"), DMVPN_STATES["DOWN"]);
    assert.equal(dmvpnState("constructor"), undefined);
    assert.deepEqual(dmvpnAttributes("DT1"), ["D", "T1"]);
    assert.deepEqual(dmvpnAttributes("I2"), ["I2"]);
    assert.deepEqual(dmvpnAttributes("IX"), ["I", "X"]);
    assert.deepEqual(dmvpnAttributes("SC"), ["S", "C"]);
    assert.equal(dmvpnAttributes("DQ"), undefined);
    assert.match(dmvpnTimeText("6d12h", true), /up for 6 days 12 hours/);
    assert.match(
      dmvpnTimeText("1w0d", false),
      /in this state for 1 week 0 days/,
    );
    assert.match(dmvpnTimeText("never", false), /never been up/);
  });

  it("reads NHRP codes by their words first, then by their number (RFC 2332)", () => {
    assert.deepEqual(
      Object.keys(NHRP_ERROR_CODES).map(Number),
      [1, 3, 6, 7, 8, 9, 10, 11, 15],
    );
    assert.deepEqual(
      Object.keys(NHRP_CIE_CODES).map(Number),
      [0, 4, 5, 12, 13, 14],
    );
    assert.equal(nhrpErrorCode("authentication failure", 11)?.code, 11);
    assert.equal(nhrpErrorCode("loop detected", 3)?.code, 3);
    assert.equal(nhrpErrorCode("protocol generic error", 7)?.code, 7);
    // The words say what the code is even under another number.
    assert.equal(nhrpErrorCode("authentication failure", 99)?.code, 11);
    assert.equal(nhrpErrorCode("something new", 15)?.code, 15);
    assert.equal(nhrpErrorCode("something new", 2), undefined);
    assert.equal(nhrpCieCode("no error", 0)?.code, 0);
    assert.equal(
      nhrpCieCode("unique address registered already", 14)?.code,
      14,
    );
    assert.equal(nhrpCieCode("administratively prohibited", 4)?.code, 4);
    assert.equal(nhrpCieCode(undefined, 12)?.code, 12);
    for (const info of [
      ...Object.values(NHRP_ERROR_CODES),
      ...Object.values(NHRP_CIE_CODES),
    ]) {
      assert.ok(info.meaning && info.name, String(info.code));
      assert.ok(info.code === 0 || (info.cause && info.fix), String(info.code));
    }
    assert.deepEqual(
      nhrpCodeIn("(M) error code: authentication failure(11), offset: 0"),
      { words: "authentication failure", code: 11, index: 16, length: 26 },
    );
    assert.equal(
      nhrpCodeIn(
        "Tunnel0: wrong string , Reason:  authentication failure (11) on",
      )?.code,
      11,
    );
    assert.equal(nhrpCodeIn("Reason: External(NHRP: no error)"), undefined);
  });

  it("knows the NHRP debug lines, apart from IKE's", () => {
    for (const line of [
      "NHRP: Send Registration Request via Tunnel0 vrf 0, packet size: 108",
      "NHRP: Receive Purge Request via Tunnel0 vrf 0, packet size: 72",
      "NHRP: Forwarding Resolution Request via Tunnel0 vrf 0, packet size: 104",
      "NHRP: Send Error Indication via Tunnel0 vrf 0, packet size: 132",
      "NHRP: Tunnel0: Cache update for target 172.16.0.3/32 next-hop 172.16.0.3",
      "NHRP: Setting retrans delay to 4 for nhs  dst 172.16.0.1",
      "(C-1) code: no error(0)",
      "Responder Address Extension(3):",
    ]) {
      assert.ok(nhrpDebugMessage(line), line);
      assert.equal(debugMessage(line), nhrpDebugMessage(line), line);
    }
    assert.equal(nhrpDebugMessage("beginning Main Mode exchange"), undefined);
    assert.ok(matchIosCommand("debug nhrp packet")!.meaning.includes("packet"));
    assert.deepEqual(matchIosCommand("debug nhrp")!.words, ["debug", "nhrp"]);
    assert.deepEqual(matchIosCommand("debug dmvpn all all")!.words, [
      "debug",
      "dmvpn",
    ]);
  });
});
