import * as assert from "node:assert/strict";
import { captureHoverAt, captureText } from "../../../support/captures";

/**
 * Hovers on `debug nhrp` / `debug nhrp packet` output: each line by its meaning, the codes of
 * Error Indications and client information entries, next-hop server states, flags, and the NBMA
 * address under a cache entry. `hoverAt` takes a capture with one `|` marking the cursor.
 */
const hoverAt = (text: string) => captureHoverAt(text);

function checkHover(text: string, expected: RegExp[], word?: string): string {
  const hover = hoverAt(text);
  assert.ok(hover, `no hover in ${JSON.stringify(text)}`);
  for (const re of expected) {
    assert.match(hover.markdown, re);
  }
  if (word !== undefined) {
    assert.equal(hover.word, word);
  }
  return hover.markdown;
}

/** The fixture with the cursor put in the first line holding `needle`, before `at` (default: its start). */
function inFixture(name: string, needle: string, at = needle): string {
  const text = captureText(name);
  const line = text.indexOf(needle);
  assert.ok(line >= 0, needle);
  const cursor = text.indexOf(at, line) + 1;
  return text.slice(0, cursor) + "|" + text.slice(cursor);
}

const REG = "debug-nhrp-registration.ioslog";
const TS = "*Mar  4 11:02:15.047: ";

describe("hover/NHRP debug", () => {
  it("explains the packets a spoke sends and receives", () => {
    checkHover(
      inFixture(REG, "NHRP: Send Registration Request"),
      [
        /registers with a next-hop server, its hub/,
        /`Receive Registration Reply`/,
      ],
      "NHRP: Send Registration Request via Tunnel0 vrf 0, packet size: 108",
    );
    checkHover(inFixture(REG, "NHRP: Receive Registration Reply"), [
      /`code: no error\(0\)`/,
      /`RE`/,
    ]);
    checkHover(inFixture(REG, "NHRP: Receive Traffic Indication"), [
      /DMVPN phase 3/,
      /`ip nhrp shortcut`/,
    ]);
    checkHover(inFixture(REG, "NHRP: Send Resolution Request"), [
      /asks which NBMA address serves/,
    ]);
    checkHover(inFixture(REG, "NHRP: Receive Resolution Reply"), [
      /`client NBMA`/,
    ]);
    checkHover(inFixture(REG, "NHRP: Attempting to send packet"), [
      /`DEST dst`/,
    ]);
    checkHover(inFixture(REG, "NHRP: Encapsulation succeeded"), [
      /GRE header toward the NBMA address/,
    ]);
    checkHover(inFixture(REG, "NHRP: Tunnel0: Cache add"), [
      /adds a cache entry/,
    ]);
  });

  it("explains each field of a packet's dump", () => {
    for (const [needle, meaning] of [
      [
        " src: 172.16.0.2, dst",
        /tunnel addresses the NHRP message travels between/,
      ],
      ["(F) afn", /fixed header.*hop count/],
      ["shtl: 4(NSAP)", /source NBMA address/],
      ["pktsz: 108", /where its extensions start/],
      ["src NBMA: 198.51.100.2", /the address the hub stores for the spoke/],
      [
        "src protocol: 172.16.0.2",
        /the hub's tunnel address in a registration/,
      ],
      ["prefix: 32, mtu", /holding time in seconds/],
      ["addr_len: 0(NSAP)", /the client is the sender itself/],
      ["client NBMA: 203", /NBMA address the entry gives/],
      ["(M) traffic code", /`redirect\(0\)`/],
    ] as const) {
      checkHover(inFixture(REG, needle, needle.trim()), [meaning]);
    }
  });

  it("explains the codes of client information entries and Error Indications", () => {
    checkHover(
      inFixture(REG, "(C-1) code: no error(0)", "no error"),
      [/\(CIE code 0, RFC 2332: Success\)/, /Granted/],
      "no error(0)",
    );
    // The rest of the line is the entry itself.
    checkHover(inFixture(REG, "(C-1) code: no error(0)"), [
      /client information entry \(CIE\)/,
    ]);
    checkHover(
      inFixture(
        "debug-nhrp-auth-failure.ioslog",
        "(M) error code",
        "authentication failure",
      ),
      [
        /\*\*authentication failure\(11\)\*\* \(NHRP error code 11, RFC 2332: Authentication Failure\)/,
        /\*\*Why on DMVPN:\*\* `ip nhrp authentication` differs/,
        /\*\*Fix:\*\*/,
      ],
      "authentication failure(11)",
    );
    checkHover(`${TS} (M) error code: loop det|ected(3), offset: 0`, [
      /NHRP error code 3/,
      /same NAT or port-translating router/,
    ]);
    checkHover(`${TS} (C-1) code: unique address regi|stered already(14)`, [
      /CIE code 14/,
      /`ip nhrp registration no-unique`/,
    ]);
    // The syslog messages carry the same codes.
    checkHover(
      `${TS}%NHRP-3-PAKERROR: Received Error Indication from 172.16.0.1, code: protocol address unre|achable(6), offset: 0`,
      [/NHRP error code 6/],
      "protocol address unreachable(6)",
    );
    checkHover(
      `${TS}%NHRP-3-PAKREPLY: Receive Registration Reply packet with error - unique address registered alre|ady(14)`,
      [/CIE code 14/],
    );
    checkHover(
      `${TS}%DMVPN-3-DMVPN_NHRP_ERROR:  Tunnel0: Recieved wrong authentication string for  Registration Request , Reason:  authentication fai|lure (11) on (Tunnel: 172.16.0.3 NBMA: 203.0.113.3)`,
      [/NHRP error code 11/],
      "authentication failure (11)",
    );
    // The syslog tag keeps its own hover.
    checkHover(
      `${TS}%NHRP-3-PAK|ERROR: Received Error Indication from 172.16.0.1, code: loop detected(3)`,
      [/error indication/],
    );
  });

  it("explains a next-hop server's state letters, new and old", () => {
    checkHover(
      inFixture(REG, "Transitioned to 'RE'", "RE'"),
      [
        /\*\*'RE'\*\* \(next-hop server state, now\)/,
        /- R: Responding/,
        /- E: Expecting/,
      ],
      "RE",
    );
    const old = checkHover(
      inFixture(REG, "from 'E'", "E'"),
      [/\(next-hop server state, before\)/, /had not answered yet/],
      "E",
    );
    assert.doesNotMatch(old, /R: Responding/);
    checkHover(
      `${TS}NHRP: NHS 172.16.0.1 Tunnel0 vrf 0 Cluster 0 Priority 0 Transitioned to '|E' from 'RE'`,
      [/now/, /is not answering this spoke's registrations/],
    );
    checkHover(inFixture(REG, "Transitioned to 'RE'"), [
      /state of one of this spoke's next-hop servers/,
    ]);
  });

  it("explains the flags of a packet", () => {
    checkHover(inFixture(REG, 'flags: "router auth dst-stable', "dst-stable"), [
      /- \*\*router\*\*/,
      /- \*\*dst-stable\*\*/,
      /- \*\*nat\*\*: the sender supports Cisco's NAT extension/,
    ]);
    // The request id is the line's.
    checkHover(inFixture(REG, '(M) flags: "unique nat ", reqid', "reqid"), [
      /request id, which ties a reply to its request/,
    ]);
  });

  it("explains the NBMA address printed under a cache entry", () => {
    checkHover(
      inFixture(REG, "            203.0.113.3", "203"),
      [
        /the NBMA address of the cache entry above: 10\.2\.0\.0\/24 is reached through 172\.16\.0\.3/,
      ],
      "203.0.113.3",
    );
  });

  it("keeps NHRP lines out of the IKE exchange they follow", () => {
    const md = checkHover(
      `${TS}ISAKMP (0:1): beginning Main Mode exchange\n${TS}ISAKMP (0:1): sending packet to 192.0.2.1 my_port 500 peer_port 500 (I) MM_NO_STATE\n${TS}NHRP: Send Regis|tration Request via Tunnel0 vrf 0, packet size: 108`,
      [/registers with a next-hop server/],
    );
    assert.doesNotMatch(md, /\*\*Exchange:\*\*/);
  });

  it("explains NHRP lines printed without timestamps, and an unstamped dump line", () => {
    const text =
      "NHRP: Receive Error Indication via Tunnel0 vrf 0, packet size: 132\n (M) error code: authentication failure(11), offset: 0\n     src NBMA: 192.0.2.1\n";
    checkHover(`NHRP: Recei|${text.slice(11)}`, [
      /refused an NHRP packet this router sent/,
    ]);
    const lines = text.split("\n");
    checkHover(
      `${lines[0]}\n (M) error code: authentication fail|ure(11), offset: 0\n`,
      [/NHRP error code 11/],
    );
    checkHover(`${lines[0]}\n${lines[1]}\n     src NB|MA: 192.0.2.1\n`, [
      /The sender's NBMA address/,
    ]);
    // A stamped NHRP line whose dump lines carry no stamp: each dump line still reads as itself.
    checkHover(
      `${TS}NHRP: Receive Error Indication via Tunnel0 vrf 0, packet size: 132\n     src NB|MA: 192.0.2.1\n`,
      [/The sender's NBMA address/],
    );
  });

  it("explains the debug commands and their confirmation", () => {
    checkHover(inFixture(REG, "NHRP protocol debugging is on"), [
      /An NHRP or DMVPN debug is on/,
    ]);
    checkHover("Spoke1#debug nhrp pa|cket\n", [/NHRP packet debugging/]);
    checkHover("Spoke1#debug nhrp ca|che\n", [/NHRP cache debugging/]);
    checkHover("Spoke1#debug dmvpn all a|ll\n", [/`debug dmvpn all all`/]);
    checkHover("Spoke1#debug nh|rp\n", [/Turns on NHRP debugging/]);
  });
});
