import * as assert from "node:assert/strict";
import { parseCapture } from "../../../../server/src/core/capture/parser";
import { DEFAULT_ANALYSIS_SETTINGS } from "../../../../server/src/core/document";
import { captureHover } from "../../../../server/src/core/hover/captureHover";
import { ISAKMP_STATES } from "../../../../server/src/core/knowledge/isakmpStates";
import {
  captureHoverAt,
  captureText,
  exampleText,
  lineOf,
} from "../../../support/captures";

/**
 * Hovers on captures. `checkHover` takes a capture with one `|` marking the cursor, and checks
 * the hover text (and, when given, the hovered word); `context` is text placed before it so the
 * line is part of a realistic exchange.
 */
const hoverAt = captureHoverAt;

function checkHover(text: string, expected: RegExp, word?: string): void {
  const hover = hoverAt(text);
  assert.ok(hover, `no hover in ${JSON.stringify(text)}`);
  assert.match(hover.markdown, expected);
  if (word !== undefined) {
    assert.equal(hover.word, word);
  }
}

const TS = "Mar 7 16:14:29.027 GMT: ";

describe("hover/captureHover", () => {
  it("explains every IKE state by message, sender and next step", () => {
    checkHover(
      `${TS}ISAKMP (0:1): Input = IKE_MESG_FROM_IPSEC, IKE_SA_REQ_MM\nOld State = IKE_READY New State = IKE_I_M|M1`,
      /main mode, initiator, message 1\/6[\s\S]*Next:/,
      "IKE_I_MM1",
    );
    for (const state of Object.keys(ISAKMP_STATES)) {
      const hover = hoverAt(
        `${TS}ISAKMP (0:1): Old State = IKE_READY New State = |${state}`,
      );
      assert.ok(hover, state);
      assert.equal(hover.word, state);
      assert.match(
        hover.markdown,
        new RegExp(`\\*\\*${state}\\*\\* \\(IKE state\\)`),
      );
    }
    checkHover(
      `${TS}ISAKMP (0:1): Old State = UNKNOWN New State = IKE_P1_COM|PLETE`,
      /Phase 1 is complete[\s\S]*QM_IDLE/,
    );
    checkHover(
      `${TS}ISAKMP (0:1): Node -216243713, Input = IKE_MESG_INTERNAL, IKE_INIT_QM Old State = IKE_QM_READY New State = IKE_QM_I_Q|M1`,
      /quick mode, initiator, message 1\/3[\s\S]*PROPOSAL_NOT_CHOSEN/,
    );
  });

  it("explains input sources and events", () => {
    checkHover(
      `${TS}ISAKMP (0:1): Input = IKE_MESG_FROM_P|EER, IKE_MM_EXCH`,
      /input source[\s\S]*from the peer/,
    );
    checkHover(
      `${TS}ISAKMP (0:1): Input = IKE_MESG_FROM_PEER, IKE_MM_E|XCH`,
      /input event[\s\S]*main mode/,
    );
    checkHover(
      `${TS}ISAKMP (0:1): Input = IKE_MESG_INTERNAL, IKE_PROCESS_ERR|OR`,
      /Processing failed/,
    );
  });

  it("explains the IKE SA states of packet lines and of show crypto isakmp sa", () => {
    checkHover(
      `${TS}ISAKMP (0:1): sending packet to 172.16.6.2 (I) MM_NO_ST|ATE`,
      /IKE SA state[\s\S]*message 2 has not arrived/,
    );
    for (const [state, meaning] of [
      ["MM_SA_SETUP", /Diffie-Hellman/],
      ["MM_KEY_EXCH", /authentication \(messages 5-6\)/],
      ["MM_KEY_AUTH", /authenticated/],
      ["AG_NO_STATE", /Aggressive mode message 1/],
      ["AG_INIT_EXCH", /Aggressive mode messages 1-2/],
      ["AG_AUTH", /Aggressive mode done/],
      ["QM_IDLE", /healthy state/],
    ] as const) {
      checkHover(
        `Tokyo#show crypto isakmp sa\ndst             src             state          conn-id slot\n172.16.6.2      172.16.5.1      ${state.slice(0, 2)}|${state.slice(2)}     1    0\n`,
        meaning,
        state,
      );
    }
    checkHover(
      "00:08:57: ISAKMP (0:0): received packet from 172.16.5.1 (N) NEW| SA",
      /new SA/i,
    );
  });

  it("explains (I), (R) and (N)", () => {
    checkHover(
      `${TS}ISAKMP (0:1): sending packet to 172.16.6.2 (|I) MM_NO_STATE`,
      /initiator/,
      "(I)",
    );
    checkHover(
      `05:13:10: ISAKMP (0:3): received packet from 172.16.5.1 (|R) MM_KEY_EXCH`,
      /responder/,
      "(R)",
    );
    checkHover(
      `00:08:57: ISAKMP (0:0): received packet from 172.16.5.1 (|N) NEW SA`,
      /new/,
      "(N)",
    );
  });

  it("explains each payload, by name and by number", () => {
    for (const [payload, meaning] of [
      ["SA", /proposals/],
      ["KE", /Diffie-Hellman public value/],
      ["NONCE", /random/],
      ["ID", /identity/],
      ["HASH", /knowledge of the keys/],
      ["CERT", /X\.509/],
      ["CERT_REQ", /Certificate Request/],
      ["SIG", /RSA signature/],
      ["NOTIFY", /error or status/],
      ["DELETE", /removed the SAs/],
      ["vendor id", /Vendor ID/],
      ["NAT-D", /NAT Discovery/],
    ] as const) {
      checkHover(
        `${TS}ISAKMP (0:1): processing ${payload.slice(0, 1)}|${payload.slice(1)} payload. message ID = 0`,
        meaning,
        payload,
      );
    }
    checkHover(
      `${TS}ISAKMP (0:1): atts are acceptable. Next payload is |0`,
      /No payload follows[\s\S]*only this one proposal/,
    );
    checkHover(`${TS}ISAKMP (1): ID payload\n\tnext-payload : |8`, /= HASH/);
    checkHover(
      "*Mar  1 00:20:01.315: IKEv2:(SESSION ID = 1,SA ID = 1):Received Packet [From 10.0.0.2:500/To 10.0.0.1:500/VRF i0:f0]\nInitiator SPI : 5A3C5A1B7E1D2C3F - Responder SPI : 9E4D5C6B7A8F9012 Message id: 1\nIKEv2 IKE_AUTH Exchange RESPONSE\nPayload contents:\n VID IDr AU|TH SA TSi TSr",
      /AUTH payload[\s\S]*pre-shared key or a signature/,
      "AUTH",
    );
  });

  it("decodes attributes, including the VPI byte lists", () => {
    checkHover(
      `${TS}ISAKMP: life type in seconds\n${TS}ISAKMP: life duration (VPI) of 0x0 0x1 0x51 |0x80`,
      /\*\*86400\*\* seconds/,
    );
    checkHover(
      `${TS}ISAKMP: SA life type in kilobytes\n${TS}ISAKMP: SA life duration (VPI) of 0x0 0x46 |0x50 0x0`,
      /\*\*4608000\*\* kilobytes/,
    );
    checkHover(
      `${TS}ISAKMP: SA life duration (basic) of 36|00`,
      /\*\*3600\*\*/,
    );
    checkHover(`${TS}ISAKMP: hash |MD5`, /hash[\s\S]*MD5 \(`hash md5`\)/);
    checkHover(`${TS}ISAKMP: encryption DES|-CBC`, /DES, 56-bit keys/);
    checkHover(`${TS}ISAKMP: default group |1`, /768-bit/);
    checkHover(`${TS}ISAKMP: auth pre-|share`, /Pre-shared keys/);
    checkHover(`${TS}ISAKMP: encaps is |1`, /Tunnel mode/);
    checkHover(`${TS}ISAKMP: authenticator is HMAC-|MD5`, /esp-md5-hmac/);
    checkHover(`${TS}ISAKMP: transform 1, ESP_|DES`, /esp-des/, "ESP_DES");
    checkHover(
      `${TS}ISAKMP (0:1): Checking ISAKMP transform 1 against priority 655|35 policy`,
      /built-in default policy/,
      "65535",
    );
  });

  it("explains notify types of both IKE versions", () => {
    checkHover(
      `${TS}ISAKMP (0:1): processing NOTIFY PROPOSAL_NOT_CHO|SEN protocol 3 spi 4050089439, message ID = 1998102984, sa = 62C239EC`,
      /notify type 14[\s\S]*transform set, proxy identities/,
      "PROPOSAL_NOT_CHOSEN",
    );
    checkHover(
      `${TS}ISAKMP (0:1): processing NOTIFY INITIAL_CON|TACT protocol 1`,
      /24578[\s\S]*deletes old SAs/,
    );
    checkHover(
      "*Mar  1 00:40:00.315: IKEv2:(SESSION ID = 3,SA ID = 3):Received Packet [From 10.0.0.2:500/To 10.0.0.1:500/VRF i0:f0]\nPayload contents:\n NOTIFY(AUTHENTICATION_F|AILED)",
      /IKEv2 notify 24/,
      "AUTHENTICATION_FAILED",
    );
  });

  it("explains the IKEv2 debug's policy, profile, key and SA lines, with or without a session", () => {
    const cases: [string, RegExp][] = [
      [
        "IKEv2:% Getting preshared key from profile key|ring KR",
        /keyring the IKEv2 profile names/,
      ],
      ["IKEv2:% Matched peer bl|ock 'Tokyo'", /keyring's `peer` block/],
      [
        "IKEv2:Searching Policy with fvrf 0, local addr|ess 172.16.6.2",
        /`match fvrf` and `match address local`/,
      ],
      [
        "IKEv2:Using the Default Pol|icy for Proposal",
        /built-in default policy/,
      ],
      ["IKEv2:Found Pol|icy 'POL-OSAKA'", /policy chosen/],
      [
        "IKEv2:(SESSION ID = 9,SA ID = 1):Constructing IDi pay|load: '172.16.6.2' of type 'IPv4 address'",
        /`identity local`/,
      ],
      [
        "IKEv2:(SESSION ID = 9,SA ID = 1):Use preshared key for id 172.16.6.2, key l|en 11",
        /only its length is printed/,
      ],
      [
        "IKEv2:(SESSION ID = 4,SA ID = 1):Searching policy based on peer's ident|ity 'x.example' of type 'FQDN'",
        /`match identity remote`/,
      ],
      [
        "IKEv2-ERROR:(SESSION ID = 4,SA ID = 1):: Failed to locate an item in the data|base",
        /no IKEv2 profile's `match identity remote` covers/,
      ],
      [
        "IKEv2:(SESSION ID = 9,SA ID = 1):Verification of peer's authenctication data PAS|SED",
        /peer is authenticated/,
      ],
      [
        "IKEv2:(SESSION ID = 9,SA ID = 1):Session with IKE ID PAIR (172.16.5.1, 172.16.6.2) is| UP",
        /unless the IKE_AUTH response carried an error notify/,
      ],
      [
        "IKEv2:(SESSION ID = 9,SA ID = 1):Sending DELETE INFO message for IKEv2 S|A [ISPI: 0x6E21A0B3C4D5E6F7 RSPI: 0x17D3E4F5A6B7C8D9]",
        /DELETE payload/,
      ],
      [
        "IKEv2:(SESSION ID = 9,SA ID = 1):Processing ACK to informational exch|ange",
        /empty response is the acknowledgement/,
      ],
      [
        "IKEv2-ERROR:(SESSION ID = 31,SA ID = 1):Initial exchange fa|iled: Initial exchange failed",
        /retransmissions ran out/,
      ],
    ];
    for (const [line, expected] of cases) {
      checkHover(line, expected);
    }
  });

  it("explains show crypto ikev2 proposal, policy and profile, and show crypto ipsec profile", () => {
    const text = captureText("show-ikev2-config.ioslog");
    const at = (needle: string, offset = 0) => {
      const line = text.split("\n").findIndex((l) => l.includes(needle));
      assert.ok(line >= 0, needle);
      const character = text.split("\n")[line]!.indexOf(needle) + offset;
      const hover = captureHover(
        parseCapture(text),
        { line, character },
        DEFAULT_ANALYSIS_SETTINGS,
      );
      assert.ok(hover, `a hover on ${needle}`);
      return hover.markdown;
    };
    assert.match(
      at("show crypto ikev2 proposal", 12),
      /Lists the IKEv2 proposals/,
    );
    assert.match(
      at("IKEv2 proposal: PROP-AES"),
      /`crypto ikev2 proposal NAME`/,
    );
    assert.match(
      at("AES-CBC-128"),
      /\*\*AES-CBC-128\*\* \(IKEv2 encryption, 128-bit key\)/,
    );
    assert.match(at("DH_GROUP_521_ECP/Group 21"), /Diffie-Hellman group 21/);
    assert.match(
      at("Match fvrf  : global"),
      /`global` when the policy has no such line/,
    );
    assert.match(at("Identities:"), /`match identity remote` lines/);
    assert.match(
      at("address 172.16.6.2 255.255.255.255"),
      /selects the profile/,
    );
    assert.match(
      at("Remote authentication method(s)"),
      /`authentication remote`/,
    );
    assert.match(at("Keyring: KR-OSAKA"), /keyring whose peer blocks/);
    assert.match(
      at("IPSEC profile VTI-OSAKA"),
      /`tunnel protection ipsec profile NAME`/,
    );
    assert.match(at("PFS (Y/N): Y"), /Both ends must agree/);
    assert.match(at("mjlnet:  {"), /A transform set of the profile/);
  });

  it("explains each transform of an IKEv2 proposal, below the proposal line", () => {
    const ike =
      "IKEv2:(SESSION ID = 9,SA ID = 1):IKE Proposal: 1, SPI size: 0 (initial negotiation),\nNum. transforms: 4\n   AES-CBC   SHA256   SHA96   ";
    checkHover(
      `${ike}DH_GROUP_2048_M|ODP/Group 14`,
      /Diffie-Hellman group 14[\s\S]*2048-bit MODP/,
      "DH_GROUP_2048_MODP/Group 14",
    );
    checkHover(
      "IKEv2:(SESSION ID = 9,SA ID = 1):IKE Proposal: 1, SPI size: 0 (initial negotiation),\nNum. transforms: 4\n   AES-C|BC   SHA256",
      /AES in CBC mode\. The key size is not printed/,
      "AES-CBC",
    );
    checkHover(
      "IKEv2:(SESSION ID = 9,SA ID = 1):ESP Proposal: 1, SPI size: 4 (IPSec negotiation),\nNum. transforms: 2\n   AES-CBC   SHA|96   Don't use ESN",
      /HMAC-SHA1-96 integrity/,
      "SHA96",
    );
    checkHover(
      "IKEv2:(SESSION ID = 9,SA ID = 1):ESP Proposal: 1, SPI size: 4 (IPSec negotiation),\nNum. transforms: 2\n   AES-CBC   SHA96   Don't use E|SN",
      /32-bit ESP sequence numbers/,
      "Don't use ESN",
    );
    // The same words elsewhere are not read as transforms.
    const other = hoverAt(
      "R1#show crypto ipsec transform-set\nTransform set T: { esp-aes SHA|96 }",
    );
    assert.doesNotMatch(other?.markdown ?? "", /HMAC-SHA1-96/);
  });

  it("explains message ids: why 0 in main mode, and the quick mode's id with or without a minus", () => {
    checkHover(
      `${TS}ISAKMP (0:1): processing SA payload. message ID = |0`,
      /Phase 1 .* always uses message ID 0/,
      "0",
    );
    const text = exampleText("tokyo-success.ioslog");
    const line = lineOf(text, "Node -216243713");
    const lines = text.split("\n");
    lines[line] = lines[line]!.replace("Node -216243713", "Node -2162|43713");
    checkHover(
      lines.join("\n"),
      /Message ID 216243713[\s\S]*minus sign[\s\S]*Quick mode with 172\.16\.6\.2, complete in 264 ms/,
      "-216243713",
    );
  });

  it("explains SPIs in both renderings", () => {
    checkHover(
      `${TS}has spi -5651|22577 and conn_id 2001 and flags 4`,
      /0xDE50E9EF = 3729844719 \(old IOS prints -565122577\)/,
    );
    checkHover(
      `${TS}has spi 0x7E5A|7D6C and conn_id 2000 and flags 4`,
      /= 2119859564/,
    );
    checkHover(
      "Tokyo#show crypto ipsec sa\ninterface: Serial4/0\n   local ident (addr/mask/prot/port): (10.1.1.0/255.255.255.0/0/0)\n     current outbound spi: 6DEA|8F23\n",
      /0x6DEA8F23 = 1844088611/,
    );
    checkHover(
      "Tokyo#show crypto ipsec sa\ninterface: Serial4/0\n   local ident (addr/mask/prot/port): (10.1.1.0/255.255.255.0/0/0)\n     inbound esp sas:\n      spi: 0x2495|82ED(613778157)\n",
      /613778157[\s\S]*Inbound: the peer puts this SPI/,
    );
  });

  it("explains syslog mnemonics with their severity", () => {
    checkHover(
      `${TS}%CRYPTO-4-IKMP_BAD_|MESSAGE: IKE message from 172.16.6.2 failed its sanity check or is malformed`,
      /severity 4 = warning[\s\S]*pre-shared key/,
    );
    checkHover(
      "05:13:10: %CRYPTO-5-IKMP_INVAL_|CERT: Certificate received from 172.16.5.1 is bad: certificate invalid",
      /show clock/,
    );
    checkHover(
      "00:43:29: %CRYPTO-4-IKE_QUICKMODE_|BAD_CERT: encrypted connection attempted",
      /identity list/,
    );
    // One mnemonic, two events: the text says which, on the mnemonic and on the text itself.
    for (const at of [
      "ISAKMP_ON|_OFF: ISAKMP is OFF",
      "ISAKMP_ON_OFF: ISAKMP is O|FF",
    ]) {
      checkHover(
        `${TS}%CRYPTO-6-${at}`,
        /severity 6 = informational[\s\S]*IKE stopped listening[\s\S]*not a fault/,
      );
    }
    checkHover(
      `${TS}%CRYPTO-6-ISAKMP_ON_OFF: ISAKMP is |ON`,
      /IKE listens again/,
    );
  });

  it("explains timestamps, sequence numbers and connection ids", () => {
    checkHover(
      "*Mar  1 00:13|:31.891: ISAKMP:(0): beginning Main Mode exchange",
      /clock was never set/,
    );
    checkHover(
      "000|045: *Mar  1 00:13:31.887: ISAKMP: local port 500, remote port 500",
      /Sequence number 45/,
    );
    checkHover(
      "00:08|:57: ISAKMP: local port 500, remote port 500",
      /since the router booted/,
    );
    checkHover(
      `${TS}ISAKMP (0:|1): beginning Main Mode exchange`,
      /Connection id \*\*1\*\*/,
    );
    checkHover(
      "*Mar  1 00:13:32.095: ISAKMP:(10|01): speaking to another IOS box!",
      /Connection id \*\*1001\*\*/,
    );
    checkHover(
      "Jan 10 12:00:01.123: ISAKMP-P|AK: (0):received packet from 10.0.0.1",
      /packet trace/,
    );
    checkHover("*Mar  1 00:13:31.887: IPSEC(sa_re|quest): ,", /IPsec function/);
  });

  it("tells what a line means and where its exchange stands", () => {
    const text = exampleText("tokyo-success.ioslog");
    const lines = text.split("\n");
    const i = lineOf(text, "sending packet to 172.16.6.2 (I) MM_SA_SETUP");
    lines[i] = lines[i]!.replace("sending packet", "sen|ding packet");
    checkHover(
      lines.join("\n"),
      /This router sends an IKE packet[\s\S]*Exchange:\*\* Main mode with 172\.16\.6\.2, this router is the initiator \(conn 1\) — complete in 164 ms[\s\S]*This packet:\*\* main mode 3\/6 sent: KE \+ nonce/,
    );
    checkHover(`${TS}ISAKMP (0:1): SKEYID state gen|erated`, /keying material/);
    checkHover(
      `${TS}ISAKMP: can't initiate when turn|ed off!`,
      /crypto isakmp enable/,
    );
    checkHover(
      `${TS}ISAKMP (0:1): No Cert or pre-shared address k|ey.`,
      /show crypto isakmp key/,
    );
    checkHover(
      `${TS}ISAKMP (0:1): Hash algorithm offered does not match pol|icy!`,
      /differs between the offer and the policy/,
    );
    checkHover(
      `${TS}ISAKMP: reserved not zero on NOTIFY pay|load!`,
      /pre-shared keys almost certainly differ/,
    );
    checkHover(
      "000227: Mar  3 09:12:44.516: IPSEC(ipsec_process_proposal): transform proposal not supp|orted for identity: {esp-des esp-sha-hmac }",
      /transform sets differ/,
    );
    checkHover(
      `${TS}ISAKMP:(0):peer matches *no|ne* of the profiles`,
      /no isakmp profile whose `match identity` covers this peer in the front-door VRF/,
    );
    checkHover(
      `${TS}ISAKMP:(0):peer matches VPN-PRO|FILE profile`,
      /selected this isakmp profile for the peer/,
    );
  });

  it("explains show output: counters, keys (masked), states, clock and dates", () => {
    const ipsec = captureText("show-problems.ioslog");
    const lines = ipsec.split("\n");
    const i = lineOf(ipsec, "#pkts decaps: 0");
    lines[i] = lines[i]!.replace("decaps: 0", "dec|aps: 0");
    checkHover(
      lines.join("\n"),
      /#pkts decaps: 0[\s\S]*return traffic never arrives/,
    );
    const key = hoverAt(
      "Tokyo#show crypto isakmp key\nHostname/Address        Preshared Key\n\n172.16.5.2              cis|co\nTokyo#\n",
    );
    assert.ok(key);
    assert.match(key.markdown, /\*\*\*\*\*/);
    assert.doesNotMatch(key.markdown, /cisco/);
    const revealed = hoverAt(
      "Tokyo#show crypto isakmp key\nHostname/Address        Preshared Key\n\n172.16.5.2              cis|co\n",
      true,
    );
    assert.match(revealed!.markdown, /`cisco`/);
    checkHover(
      "Osaka#show clock\n.14:18|:58.579 UTC Sun Mar 14 2005\n",
      /not synchronised/,
    );
    checkHover(
      "Osaka#show ip access-lists 105\nExtended IP access list 105\n    deny e|sp any any (20 matches)\n",
      /ESP \(IP protocol 50\)[\s\S]*breaks the tunnel/,
    );
    checkHover(
      "Osaka#show ip interface serial 2/0\nSerial2/0 is up, line protocol is up\n  Inbound  access li|st is 102\n",
      /must permit UDP 500/,
    );
    checkHover(
      'Osaka#show ip interface serial 2/0\nSerial2/0 is up, line protocol is up\n  VPN Routing/Forw|arding "INET"\n',
      /front-door VRF[\s\S]*show ip route vrf/,
    );
  });

  it("explains a ping from the console and the result of each echo", () => {
    const ping = [
      "Tokyo#ping 10.2.2.1 source FastEthernet0/0",
      "Type escape sequence to abort.",
      "Sending 5, 100-byte ICMP Echos to 10.2.2.1, timeout is 2 seconds:",
      "Packet sent with a source address of 10.1.1.1",
      ".!!!!",
      "Success rate is 80 percent (4/5), round-trip min/avg/max = 40/42/44 ms",
      "Tokyo#",
    ].join("\n");
    const at = (needle: string) => ping.replace(needle, `|${needle}`);
    checkHover(at("Sending 5"), /triggers IKE[\s\S]*source <LAN interface>/);
    checkHover(at("source address"), /crypto ACL's local network/);
    checkHover(at(".!!!!"), /often lost while IKE negotiates/);
    checkHover(at("Success rate"), /tunnel coming up/);
    // The same lines printed after a show command read the same.
    checkHover(
      "Tokyo#show crypto isakmp sa detail 10\n                                         ^\n% Inv|alid input detected at '^' marker.\nTokyo#",
      /did not understand the command/,
    );
  });

  it("explains show crypto map's missing ACL, responder-only mode and applied interfaces", () => {
    const text = captureText("show-crypto-map.ioslog");
    const at = (needle: string) => text.replace(needle, `|${needle}`);
    checkHover(at("No matching address list set."), /match address <acl>/);
    checkHover(at("Responder-Only (Y/N): N"), /never starts IKE or rekeys/);
    checkHover(at("TS:  {"), /transform set the entry offers/);
    const xe =
      'R1#show crypto map\nCrypto Map IPv4 "M" 1 ipsec-isakmp\n\tPeer = 192.0.2.9\n\tAccess-List SS dynamic: False\n\tDualstack (Y/N): N\n\tMixed-mode : Disabled\n\tTransform sets={\n\t\tT:  { esp-aes esp-sha-hmac  } ,\n\t}\nR1#';
    const inXe = (needle: string) => xe.replace(needle, `|${needle}`);
    checkHover(
      "R1#show crypto ipsec sa\n\ninterface: Gi0/0\n    Crypto map tag: VPN, local addr 192.0.2.1\n\n     inbound esp sas:\n      s|pi: 0x2E8482F8(780436216)\n        transform: esp-aes esp-sha-hmac ,\nR1#",
      /inbound SPI is the peer's outbound one/,
    );
    checkHover(
      "R1#show ip interface Gi0/0\nGigabitEthernet0/0 is up, line protocol is up\n  Internet address is 192.0.2.1/24\n  M|TU is 1500 bytes\nR1#",
      /ESP adds 50 to 73 bytes/,
    );
    checkHover(inXe("Access-List SS"), /one IOS builds per session/);
    checkHover(inXe("Dualstack"), /both IPv4 and IPv6 traffic/);
    checkHover(inXe("Mixed-mode"), /IPv6 traffic over IPv4 peers/);
    checkHover(inXe("}\nR1#"), /end of the entry's list of transform sets/);
    checkHover(
      'R1#show crypto map\nCrypto Map IPv4 "M" 10 ipsec-isakmp\n\tIKEv2 Pro|file: P2\nR1#',
      /negotiates with IKEv2/,
    );
    checkHover(
      at("GigabitEthernet0/0\n"),
      /\*\*GigabitEthernet0\/0\*\* carries crypto map VPN/,
      "GigabitEthernet0/0",
    );
  });

  it("explains show crypto session: each status, the IKE SA state and the lines", () => {
    const session = (status: string, cursor: string) =>
      [
        "Hub#show crypto session",
        "Crypto session current status",
        "",
        "Interface: Tunnel7",
        `Session status: ${status}`,
        "Peer: 198.51.100.7 port 500",
        "  IKEv1 SA: local 198.51.100.1/500 remote 198.51.100.7/500 Inactive",
        "  IPSEC FLOW: permit 47 host 198.51.100.1 host 198.51.100.7",
        "        Active SAs: 0, origin: crypto map",
        "Hub#",
      ]
        .join("\n")
        .replace(cursor.replace("@", ""), cursor.replace("@", "|"));
    checkHover(
      session("DOWN-NEGOTIATING", "DOWN-NEGO@TIATING"),
      /^\*\*DOWN-NEGOTIATING\*\*: IKE is negotiating and has not succeeded[\s\S]*`debug crypto isakmp` on both routers/,
      "DOWN-NEGOTIATING",
    );
    checkHover(
      session("UP-IDLE", "UP-I@DLE"),
      /^\*\*UP-IDLE\*\*: The IKE SA is up but no IPsec SA exists/,
      "UP-IDLE",
    );
    checkHover(
      session("UP-ACTIVE", "Inac@tive"),
      /^\*\*Inactive\*\*: the IKEv1 SA is not established: phase 1 has not succeeded with 198\.51\.100\.7\./,
      "Inactive",
    );
    checkHover(
      session("UP-ACTIVE", "Active S@As"),
      /2 \(one each way\) when it is up, 0 when phase 2 never completed/,
    );
    checkHover(
      session("UP-ACTIVE", "IPSEC F@LOW"),
      /A flow the session protects/,
    );
    // A status this table does not know still explains the line.
    checkHover(
      session("UP-SOMETHING", "UP-SOME@THING"),
      /UP-ACTIVE: IKE and IPsec SAs up\./,
    );
  });

  it("explains show crypto ikev2 sa: the status and the detail lines", () => {
    const text = captureText("show-ikev2-sa.ioslog");
    checkHover(
      text.replace("IN-NEG", "IN-|NEG"),
      /IKE_SA_INIT or IKE_AUTH has not completed/,
      "IN-NEG",
    );
    checkHover(
      text.replace("Life/Active", "Life/Act|ive"),
      /lifetime and how long it has been up/,
    );
    checkHover(
      text.replace("\n1         192", "\n|1         192"),
      /\*\*Tunnel-id 1\*\*/,
      "1",
    );
    checkHover(
      text.replace("198.51.100.7/500", "198.51.100.7/5|00"),
      /the peer's address and UDP port/,
      "198.51.100.7/500",
    );
    checkHover(
      text.replace(
        "none/none            IN-NEG",
        "none/no|ne            IN-NEG",
      ),
      /front-door VRF the peer is reached in \(the global table\)/,
      "none/none",
    );
  });

  it("explains show dmvpn: each state, the addresses, the time and the attributes", () => {
    const text = captureText("show-dmvpn-problems.ioslog");
    const at = (from: string, to: string) => {
      assert.ok(text.includes(from), from);
      return text.replace(from, to);
    };
    for (const [row, cursor, meaning] of [
      [
        "172.16.0.1    UP",
        "172.16.0.1    U|P",
        /^\*\*UP\*\* \(DMVPN peer state\)\n\nEverything this entry needs is done/,
      ],
      [
        "172.16.0.2   IKE",
        "172.16.0.2   I|KE",
        /IKE phase 1 with this peer's NBMA address has not completed[\s\S]*`show crypto session remote 203\.0\.113\.2`/,
      ],
      [
        "172.16.0.7 IPSEC",
        "172.16.0.7 IPS|EC",
        /IKE phase 1 is up but the IPsec SAs are not[\s\S]*transform set/,
      ],
      [
        "172.16.1.1  NHRP",
        "172.16.1.1  NH|RP",
        /NHRP is not: a spoke's registration[\s\S]*`ip nhrp authentication`[\s\S]*`show running-config interface Tunnel1`/,
      ],
    ] as const) {
      checkHover(
        at(row, cursor),
        meaning,
        cursor.replace(/^\S+ +/, "").replace("|", ""),
      );
    }
    // States of other releases and the line protocol; one this table does not know.
    for (const [state, meaning] of [
      ["INTF", /line protocol is down/],
      ["DOWN", /The entry is down/],
      ["down", /The entry is down/],
      ["WEIRD", /not UP, so the tunnel to this peer does not carry traffic/],
    ] as const) {
      checkHover(
        at(
          "172.16.0.2   IKE    never",
          `172.16.0.2 ${state.slice(0, 1)}|${state.slice(1)} never`,
        ),
        meaning,
        state,
      );
    }
    checkHover(
      at("203.0.113.2  ", "203.0.|113.2  "),
      /\*\*203\.0\.113\.2\*\*: the peer's NBMA address: its public \(transport\) address/,
      "203.0.113.2",
    );
    checkHover(
      at("172.16.0.2   IKE", "172.16.|0.2   IKE"),
      /the peer's tunnel address[\s\S]*NHRP maps it to 203\.0\.113\.2/,
      "172.16.0.2",
    );
    checkHover(
      at("UNKNOWN", "UNKN|OWN"),
      /NHRP has not resolved this tunnel address/,
      "UNKNOWN",
    );
    checkHover(
      at("IKE    never", "IKE    nev|er"),
      /\*\*never\*\*: the entry has never been up/,
      "never",
    );
    checkHover(
      at("00:00:41", "00:0|0:41"),
      /in this state for 0 h 0 min 41 s/,
      "00:00:41",
    );
    checkHover(
      at("never    IX", "never    I|X"),
      /\*\*I\*\* \(Incomplete\)[\s\S]*\*\*X\*\* \(No Socket\)/,
      "IX",
    );
    checkHover(
      at("Type:Spoke, NHRP Peers:4", "Type:Sp|oke, NHRP Peers:4"),
      /Tunnel0 is a spoke/,
      "Spoke",
    );
    checkHover(
      at("NHRP Peers:4", "NHRP Peers:|4"),
      /\*\*4 NHRP peers\*\*/,
      "4",
    );
    checkHover(
      at("Interface: Tunnel1", "Interface: Tun|nel1"),
      /\*\*Tunnel1\*\*: the multipoint GRE tunnel/,
      "Tunnel1",
    );
    checkHover(
      at("Legend: Attrb", "Leg|end: Attrb"),
      /The legend of the `Attrb` column/,
    );
    checkHover(
      at("UpDn Time -->", "UpDn T|ime -->"),
      /how long each entry has been in its current state/,
    );
    checkHover(at(" # Ent  Peer", " # E|nt  Peer"), /One row per NHRP entry/);
    checkHover(
      at("Spoke1#show dmvpn", "Spoke1#show dm|vpn"),
      /\*\*show dmvpn\*\*\n\nLists the DMVPN peers/,
    );

    // The hub's peer with two entries, NAT, weeks; the spoke's detail: status, NHS, target.
    const up = captureText("show-dmvpn-up.ioslog");
    const upAt = (from: string, to: string) => {
      assert.ok(up.includes(from), from);
      return up.replace(from, to);
    };
    checkHover(
      upAt("    2 198.51", "    |2 198.51"),
      /\*\*# Ent 2\*\*: the NHRP entries with NBMA address 198\.51\.100\.2; the rows under this one/,
      "2",
    );
    checkHover(upAt("2w3d", "2w|3d"), /up for 2 weeks 3 days/, "2w3d");
    checkHover(
      upAt("2w3d    DN", "2w3d    D|N"),
      /\*\*D\*\* \(Dynamic\)[\s\S]*\*\*N\*\* \(NATed\)/,
      "DN",
    );
    checkHover(
      upAt(
        "198.51.100.3         172.16.0.3    UP     2w3d",
        "198.51.|100.3         172.16.0.3    UP     2w3d",
      ),
      /behind NAT \(N\), so this is its address after translation/,
      "198.51.100.3",
    );
    checkHover(
      upAt("  fvrf: (none), Phase1_id", "  fv|rf: (none), Phase1_id"),
      /`fvrf`: the front-door VRF[\s\S]*`Phase1_id`: the identity the peer sent in phase 1/,
    );
    checkHover(
      upAt("Spoke2#show dmvpn detail", "Spoke2#show dmvpn de|tail"),
      /\*\*show dmvpn detail\*\*/,
    );
    checkHover(
      upAt("is up/up", "is up/|up"),
      /Tunnel0 is up and its line protocol up/,
      "up/up",
    );
    checkHover(
      upAt("172.16.0.1  RE", "172.16.0.1  R|E"),
      /- R: Responding[\s\S]*- E: Expecting replies/,
      "RE",
    );
    checkHover(
      upAt("172.16.0.1  RE", "172.16|.0.1  RE"),
      /a next-hop server of Tunnel0: the hub's tunnel address/,
      "172.16.0.1",
    );
    checkHover(
      upAt("172.16.0.3/32", "172.16.0.3/|32"),
      /the target network of the entry/,
      "172.16.0.3/32",
    );
    checkHover(
      upAt("Total NBMA Peers", "Total NBMA Pe|ers"),
      /The tunnel's role/,
    );
    checkHover(
      upAt("Crypto Session Details:", "Crypto Sess|ion Details:"),
      /goes on with `show crypto session detail`/,
    );
    checkHover(
      upAt("Protocol/Transport", "Protocol/Tran|sport"),
      /`Protect` names the IPsec profile/,
    );

    // 12.4: `UP` with `never`.
    checkHover(
      captureText("show-dmvpn-ios124.ioslog").replace(
        "UP    never",
        "UP    nev|er",
      ),
      /up but its release keeps no time for it/,
      "never",
    );
  });

  it("explains prompts and typed commands", () => {
    checkHover(
      "Tok|yo#show crypto isakmp sa\n",
      /\*\*Tokyo\*\* in privileged exec mode/,
    );
    checkHover("Tokyo#sh cry isa |sa\n", /show crypto isakmp sa[\s\S]*QM_IDLE/);
    checkHover(
      "Tokyo(config-if)#no crypto map mjl|netmap\n",
      /configuration command typed in `config-if` mode/,
    );
  });

  it("explains a typed configuration command as the config line it is, under its mode's command", () => {
    const session = [
      "R1(config)#crypto isakmp policy 10",
      "R1(config-isakmp)#encryption aes-2|56",
      "                              ^",
      "% Invalid input detected at '^' marker.",
      "",
    ].join("\n");
    checkHover(
      session,
      /^\*\*encryption\*\* \(policy 10\)[\s\S]*IOS refuses `aes-256` \(it writes `aes 256`\)[\s\S]*Typed on R1 in `config-isakmp` mode under `crypto isakmp policy 10`\.$/,
      "aes-256",
    );
    // Nested modes: the keyring's peer, under the keyring.
    checkHover(
      [
        "R1(config)#crypto ikev2 keyring KR",
        "R1(config-ikev2-keyring)#peer HQ",
        "R1(config-ikev2-keyring-peer)#address 198.51.100.1",
        "R1(config-ikev2-keyring-peer)#pre-shared-key Sec|ret-1",
        "",
      ].join("\n"),
      /\*\*\*\*\*[\s\S]*under `peer HQ`/,
    );
    // A global command typed in a submode leaves it.
    checkHover(
      [
        "R1(config)#crypto isakmp policy 10",
        "R1(config-isakmp)#crypto ikev2 proposal P",
        "R1(config-ikev2-proposal)#encryption aes-cbc-2|56",
        "",
      ].join("\n"),
      /AES-CBC with a 256-bit key[\s\S]*under `crypto ikev2 proposal P`\.$/,
      "aes-cbc-256",
    );
  });

  it("explains IKEv2's group retry and NAT float, and an IKE message for a lost SA", () => {
    checkHover(
      "*Mar  1 00:20:01.152: IKEv2:(SESSION ID = 1,SA ID = 1):Received invalid K|E notify\n",
      /INVALID_KE_PAYLOAD: it wants another Diffie-Hellman group/,
    );
    checkHover(
      "*Mar  1 00:20:01.189: IKEv2:(SESSION ID = 1,SA ID = 1):NAT detected float to init p|ort 4500, resp port 4500\n",
      /IKE moves to UDP 4500 from IKE_AUTH on/,
    );
    checkHover(
      "*Nov 30 07:01:20.120: %CRYPTO-4-IKMP_NO_|SA: IKE message from 203.0.113.10 has no SA and is not an initialization offer\n",
      /the peer still uses an IKE SA this router lost/,
    );
  });

  it("says what the console's refusals mean", () => {
    checkHover(
      "R1(config-if)#crypto map\n% Incomplete com|mand.\n",
      /needs more words/,
    );
    checkHover(
      'R1(config-crypto-map)#set transform-set TS\nERROR: transform set with tag "TS" does n|ot exist.\n',
      /names a transform set the router does not have/,
    );
    checkHover(
      "R1(config)#crypto isakmp policy 10\nR1(config-isakmp)#encryption aes-256\n                        |      ^\n% Invalid input detected at '^' marker.\n",
      /The caret marks the first character/,
    );
  });

  it("gives no hover on blank lines and outside the document", () => {
    assert.equal(hoverAt("Tokyo#\n|\n"), null);
    const model = parseCapture("x");
    assert.equal(
      captureHover(model, { line: 5, character: 0 }, DEFAULT_ANALYSIS_SETTINGS),
      null,
    );
  });

  describe("IKEv2 notifies and the exchange a line belongs to", () => {
    // Osaka starts IKE_AUTH with a child SA proposal Tokyo refuses (NO_PROPOSAL_CHOSEN).
    const text = captureText("ikev2-child-sa-rejected.ioslog");
    /** The hover with the cursor just inside `word` on the first line holding `line`. */
    const at = (line: string, word: string, from = 0) => {
      const n = lineOf(text, line, from);
      const lines = text.split("\n");
      const col = lines[n]!.indexOf(word) + 1;
      lines[n] = `${lines[n]!.slice(0, col)}|${lines[n]!.slice(col)}`;
      const hover = hoverAt(lines.join("\n"));
      assert.ok(hover, `no hover on ${word}`);
      return hover;
    };

    it("names the exchange of the packet a line builds, not the exchange before it", () => {
      const inner = at("NOTIFY(INITIAL_CONTACT)", "INITIAL_CONTACT");
      assert.equal(inner.word, "INITIAL_CONTACT");
      assert.match(
        inner.markdown,
        /^\*\*INITIAL_CONTACT\*\* \(IKEv2 notify 16384, status\)/,
      );
      assert.match(inner.markdown, /\*\*Exchange:\*\* IKEv2 IKE_AUTH with/);
      assert.doesNotMatch(inner.markdown, /IKE_SA_INIT/);
      assert.match(
        at("Generating IKE_AUTH message", "Generating").markdown,
        /\*\*Exchange:\*\* IKEv2 IKE_AUTH with/,
      );
      // The IKE_SA_INIT packets' own payloads stay with IKE_SA_INIT.
      assert.match(
        at("NOTIFY(NAT_DETECTION_SOURCE_IP)", "NAT_DETECTION_SOURCE_IP")
          .markdown,
        /\*\*Exchange:\*\* IKEv2 IKE_SA_INIT with/,
      );
    });

    it("NO_PROPOSAL_CHOSEN in IKE_AUTH: the child SA's transforms or selectors, not PFS", () => {
      const h = at(
        "VID IDr AUTH NOTIFY(NO_PROPOSAL_CHOSEN)",
        "NO_PROPOSAL_CHOSEN",
      );
      assert.match(
        h.markdown,
        /In IKE_AUTH, the IKE SA is up, but the child SA is refused/,
      );
      assert.match(h.markdown, /traffic selectors/);
      assert.match(h.markdown, /PFS is not a cause here/);
      assert.doesNotMatch(h.markdown, /In IKE_SA_INIT|In CREATE_CHILD_SA/);
      // Without an exchange around it, every exchange's reading is given.
      const alone = hoverAt(
        "IKEv2:(SESSION ID = 9,SA ID = 1):Received NOTIFY(NO_PROPOSAL_|CHOSEN)",
      );
      assert.ok(alone);
      assert.match(
        alone.markdown,
        /In IKE_SA_INIT, .*In IKE_AUTH, .*In CREATE_CHILD_SA, .*PFS group/s,
      );
    });

    it("the notify's protocol and its IOS spellings", () => {
      const protocol = hoverAt(
        "Mar 11 20:31:24.194 GMT: ISAKMP (0:1): processing NOTIFY PROPOSAL_NOT_CHOSEN pro|tocol 3 spi 4050089439, message ID = 1998102984, sa = 62C239EC",
      );
      assert.ok(protocol);
      assert.equal(protocol.word, "protocol 3");
      assert.match(protocol.markdown, /^\*\*Protocol 3\*\* = ESP/);
      assert.match(protocol.markdown, /the SPI that follows is that SA's/);
      // `protocol` outside a notify is left to the line's own hover.
      const other = hoverAt(
        "Mar 11 20:31:24.194 GMT: ISAKMP (0:1): pro|tocol 3 spi 4050089439",
      );
      assert.doesNotMatch(other?.markdown ?? "", /Protocol 3/);
      assert.match(
        at("NOTIFY(SET_WINDOW_SIZE)", "SET_WINDOW_SIZE").markdown,
        /^\*\*SET_WINDOW_SIZE\*\* \(IKEv2 notify 16385/,
      );
      const tfc = hoverAt(
        "IKEv2:(SESSION ID = 9,SA ID = 1):Building packet for encryption. Payload contents: VID NOTIFY(ESP_TFC_NO|_SUPPORT) NOTIFY(NON_FIRST_FRAGS)",
      );
      assert.match(tfc?.markdown ?? "", /IKEv2 notify 16394/);
    });
  });
});

describe("hover/captureHover: atts are acceptable in quick mode", () => {
  const at = (name: string) => {
    const text = captureText(name);
    const line = lineOf(text, "atts are acceptable");
    const lines = text.split("\n");
    const column = lines[line]!.indexOf("atts are");
    lines[line] =
      lines[line]!.slice(0, column + 2) + "|" + lines[line]!.slice(column + 2);
    return hoverAt(lines.join("\n"))!.markdown;
  };

  it("says ISAKMP's check is only the first half, and that IPsec refused the proposal afterwards", () => {
    const text = at("ios124-phase2-transform.ioslog");
    assert.doesNotMatch(text, /the proposal is accepted/);
    assert.match(
      text,
      /only the first half of accepting it: IPsec then validates/,
    );
    assert.match(
      text,
      /In this exchange the proposal is then refused: line 32/,
    );
  });

  it("keeps the policy match of main mode", () => {
    const text = at("ios15-success.ioslog");
    assert.match(text, /match this policy: the proposal is accepted/);
  });
});
