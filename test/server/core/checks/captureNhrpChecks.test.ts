import * as assert from "node:assert/strict";
import { captureText, lineOf } from "../../../support/captures";
import {
  checkCapture,
  codesOf,
  only,
  textOf,
} from "../../../support/captureChecks";

/**
 * `log-nhrp-error`: the NHRP failures of `debug nhrp` captures and of the NHRP syslog messages
 * printed with them, with their cause and fix, pointed at the tunnel interfaces of the workspace's
 * configs.
 */

const TS = "*Mar  4 11:02:15.047: ";

const HUB = `hostname Hub
!
interface GigabitEthernet0/0
 ip address 192.0.2.1 255.255.255.0
!
interface Tunnel0
 ip address 172.16.0.1 255.255.255.0
 ip nhrp authentication DMVPNKEY
 ip nhrp network-id 1
 ip nhrp map multicast dynamic
 tunnel source GigabitEthernet0/0
 tunnel mode gre multipoint
 tunnel key 100
!
end
`;

/** A spoke of HUB's cloud, with its tunnel address, NBMA address, string and key. */
function spoke(
  name: string,
  tunnel: string,
  nbma: string,
  auth: string,
  key: number,
  nhs = "172.16.0.1",
): string {
  return `hostname ${name}
!
interface GigabitEthernet0/0
 ip address ${nbma} 255.255.255.0
!
interface Tunnel0
 ip address ${tunnel} 255.255.255.0
 ip nhrp authentication ${auth}
 ip nhrp network-id 1
 ip nhrp nhs ${nhs} nbma 192.0.2.1 multicast
 tunnel source GigabitEthernet0/0
 tunnel mode gre multipoint
 tunnel key ${key}
!
end
`;
}

const nhrpErrors = (text: string, configs: Record<string, string> = {}) =>
  checkCapture(text, configs).filter((f) => f.code === "log-nhrp-error");

describe("checks/captureNhrpChecks", () => {
  it("finds nothing in a spoke's successful registration and resolution", () => {
    const text = captureText("debug-nhrp-registration.ioslog");
    assert.deepEqual(codesOf(checkCapture(text)), []);
  });

  it("reports an authentication failure once, on the first Error Indication, with its fix", () => {
    const text = captureText("debug-nhrp-auth-failure.ioslog");
    const f = only(checkCapture(text), "log-nhrp-error");
    assert.equal(f.severity, "warning");
    const first = lineOf(text, "NHRP: Receive Error Indication");
    assert.equal(f.range.start.line, first);
    assert.match(textOf(text, f.range), /^NHRP: Receive Error Indication via/);
    assert.match(
      f.message,
      /^Spoke2's Registration Request on Tunnel0 was refused by 172\.16\.0\.1 \(NBMA 192\.0\.2\.1\) with an Error Indication: authentication failure\(11\)\. .*`ip nhrp authentication` differs between the two routers.* Fix: Set the same string .*The capture shows it 3 times\.$/,
    );
    // The code line, then the two later refusals; the PAKERROR messages repeat the debug's
    // refusals and are not counted again.
    assert.deepEqual(
      f.related?.map((r) => [r.range.start.line, r.message]),
      [
        [
          lineOf(text, "(M) error code: authentication"),
          "the code: authentication failure(11)",
        ],
        [
          lineOf(text, "NHRP: Receive Error Indication", first + 1),
          "the same refusal again",
        ],
        [
          lineOf(
            text,
            "NHRP: Receive Error Indication",
            lineOf(text, "NHRP: Receive Error Indication", first + 1) + 1,
          ),
          "the same refusal again",
        ],
      ],
    );
    assert.deepEqual(f.fixes, [
      {
        title: "Set the NHRP authentication string of the cloud on Tunnel0",
        edits: [],
        cli: [
          "interface Tunnel0",
          " ip nhrp authentication <the cloud's string>",
        ],
      },
    ]);
  });

  it("points an authentication failure at both routers' strings when their configs are known", () => {
    const text = captureText("debug-nhrp-auth-failure.ioslog");
    const configs = {
      "file:///work/hub.ios": HUB,
      "file:///work/spoke2.ios": spoke(
        "Spoke2",
        "172.16.0.3",
        "203.0.113.3",
        "OLDKEY",
        100,
      ),
    };
    const f = only(nhrpErrors(text, configs), "log-nhrp-error");
    assert.match(
      f.message,
      /The configs agree: Spoke2's Tunnel0 and Hub's Tunnel0 set different strings\.$/,
    );
    assert.deepEqual(
      f.related
        ?.filter((r) => r.uri)
        .map((r) => [r.uri, r.range.start.line, r.message]),
      [
        [
          "file:///work/spoke2.ios",
          7,
          "Spoke2's Tunnel0 sets its NHRP authentication string here",
        ],
        [
          "file:///work/hub.ios",
          7,
          "Hub's Tunnel0 sets its NHRP authentication string here",
        ],
      ],
    );
    // The hub's string goes into the fix only when secrets may be shown.
    assert.deepEqual(f.fixes?.[0]?.cli, [
      "interface Tunnel0",
      " ip nhrp authentication <the cloud's string>",
    ]);
    const revealed = only(checkCapture(text, configs, true), "log-nhrp-error");
    assert.deepEqual(revealed.fixes?.[0]?.cli, [
      "interface Tunnel0",
      " ip nhrp authentication DMVPNKEY",
    ]);
    // A spoke without a string is told so.
    const none = only(
      nhrpErrors(text, {
        ...configs,
        "file:///work/spoke2.ios": spoke(
          "Spoke2",
          "172.16.0.3",
          "203.0.113.3",
          "X",
          100,
        ).replace(" ip nhrp authentication X\n", ""),
      }),
      "log-nhrp-error",
    );
    assert.match(
      none.message,
      /Spoke2's Tunnel0 sets no `ip nhrp authentication` and Hub's does\.$/,
    );
  });

  it("reads the same capture printed without timestamps", () => {
    const text = captureText("debug-nhrp-auth-failure.ioslog").replace(
      /^\*Mar {2}4 [\d:.]+: /gm,
      "",
    );
    const f = only(checkCapture(text), "log-nhrp-error");
    assert.equal(
      f.range.start.line,
      lineOf(text, "NHRP: Receive Error Indication"),
    );
    assert.match(f.message, /authentication failure\(11\).*3 times/);
  });

  it("reports a next-hop server that never answers, with what the capture says of IPsec", () => {
    const text = captureText("debug-nhrp-no-reply.ioslog");
    const f = only(checkCapture(text), "log-nhrp-error");
    assert.equal(
      f.range.start.line,
      lineOf(text, "NHRP: Send Registration Request"),
    );
    assert.match(
      f.message,
      /^Spoke3 sent 5 NHRP Registration Requests on Tunnel0 to next-hop server 172\.16\.0\.1 \(NBMA 192\.0\.2\.1\) and no Registration Reply came: .*IPsec toward 192\.0\.2\.1 is up \(its socket came UP at line 4\), so the requests reach the hub and it drops them: a different `tunnel key`.*`show crypto ipsec sa peer 192\.0\.2\.1`/,
    );
    assert.deepEqual(
      f.related?.map((r) => r.message),
      Array(4).fill("sent again, still no reply"),
    );
    assert.equal(f.fixes, undefined);
    // With IPsec down the advice turns to IKE and IPsec.
    const down = only(
      checkCapture(text.replace("socket is UP", "socket is DOWN")),
      "log-nhrp-error",
    );
    assert.match(
      down.message,
      /IPsec toward 192\.0\.2\.1 is down .*troubleshoot those first/,
    );
  });

  it("says why the hub is silent when both configs are known, and fixes the tunnel key", () => {
    const text = captureText("debug-nhrp-no-reply.ioslog");
    const f = only(
      nhrpErrors(text, {
        "file:///work/hub.ios": HUB,
        "file:///work/spoke3.ios": spoke(
          "Spoke3",
          "172.16.0.4",
          "198.51.100.4",
          "DMVPNKEY",
          200,
        ),
      }),
      "log-nhrp-error",
    );
    assert.match(
      f.message,
      /The two routers' configs say why: on Spoke3's Tunnel0 against Hub's Tunnel0, the GRE tunnel keys differ \(key 200 against key 100\)/,
    );
    assert.deepEqual(
      f.related?.filter((r) => r.uri).map((r) => [r.uri, r.range.start.line]),
      [
        ["file:///work/spoke3.ios", 5],
        ["file:///work/hub.ios", 5],
      ],
    );
    assert.deepEqual(f.fixes, [
      {
        title: "Use Hub's tunnel key on Tunnel0",
        edits: [],
        cli: ["interface Tunnel0", " tunnel key 100"],
      },
    ]);
  });

  it("names the tunnel mode the pair analysis finds different, before any key, with the spoke's fix", () => {
    const text = captureText("debug-nhrp-no-reply.ioslog");
    const f = only(
      nhrpErrors(text, {
        "file:///work/hub.ios": HUB,
        "file:///work/spoke3.ios": spoke(
          "Spoke3",
          "172.16.0.4",
          "198.51.100.4",
          "DMVPNKEY",
          200,
        ).replace("tunnel mode gre multipoint", "tunnel mode ipsec ipv4"),
      }),
      "log-nhrp-error",
    );
    assert.match(
      f.message,
      /The two routers' configs say why: on Spoke3's Tunnel0 against Hub's Tunnel0, the tunnel modes differ \(ipsec ipv4 against gre multipoint\)\./,
    );
    // Keys mean nothing until the modes agree: the judgement stops at the mode.
    assert.doesNotMatch(f.message, /GRE tunnel keys differ/);
    assert.deepEqual(f.fixes, [
      {
        title: "Use Hub's tunnel mode on Tunnel0",
        edits: [],
        cli: ["interface Tunnel0", " tunnel mode gre multipoint"],
      },
    ]);
  });

  it("does not count requests answered in the end, nor two or fewer", () => {
    const text = captureText("debug-nhrp-no-reply.ioslog");
    const answered = text.replace(
      "*Mar  4 12:30:33.157: %DMVPN-5-NHRP_NHS_DOWN",
      "*Mar  4 12:30:18.201: NHRP: Receive Registration Reply via Tunnel0 vrf 0, packet size: 128\n*Mar  4 12:30:18.201:      src protocol: 172.16.0.4, dst protocol: 172.16.0.1\n*Mar  4 12:30:33.157: %DMVPN-5-NHRP_NHS_DOWN",
    );
    assert.deepEqual(nhrpErrors(answered), []);
    const lines = text.split("\n");
    const third = lineOf(text, "Setting retrans delay to 4");
    assert.deepEqual(nhrpErrors(lines.slice(0, third).join("\n")), []);
  });

  it("reports what a hub refused, on the syslog message that comes first", () => {
    const text = `Hub#
${TS}%DMVPN-3-DMVPN_NHRP_ERROR:  Tunnel0: Recieved wrong authentication string for  Registration Request , Reason:  authentication failure (11) on (Tunnel: 172.16.0.3 NBMA: 203.0.113.3)
${TS}NHRP: Send Error Indication via Tunnel0 vrf 0, packet size: 164
${TS} src: 172.16.0.1, dst: 172.16.0.3
${TS} (M) error code: authentication failure(11), offset: 0
${TS}     src NBMA: 192.0.2.1
${TS}     src protocol: 172.16.0.1, dst protocol: 172.16.0.3
`;
    const f = only(checkCapture(text), "log-nhrp-error");
    assert.equal(f.range.start.line, 1);
    assert.match(textOf(text, f.range), /^%DMVPN-3-DMVPN_NHRP_ERROR/);
    assert.match(
      f.message,
      /^Hub refused a Registration Request from 172\.16\.0\.3 \(NBMA 203\.0\.113\.3\) on Tunnel0 with an Error Indication: authentication failure\(11\)\./,
    );
    assert.doesNotMatch(f.message, /times/);
  });

  it("reports a registration refused as already registered, on the spoke and on the hub", () => {
    const onSpoke = `Spoke4#
${TS}NHRP: Receive Registration Reply via Tunnel0 vrf 0, packet size: 128
${TS} (F) afn: AF_IP(1), type: IP(800), hop: 255, ver: 1
${TS} (M) flags: "unique nat ", reqid: 12
${TS}     src NBMA: 198.51.100.9
${TS}     src protocol: 172.16.0.5, dst protocol: 172.16.0.1
${TS} (C-1) code: unique address registered already(14)
${TS}       prefix: 32, mtu: 17916, hd_time: 7200
${TS}%NHRP-3-PAKREPLY: Receive Registration Reply packet with error - unique address registered already(14)
`;
    const f = only(checkCapture(onSpoke), "log-nhrp-error");
    assert.equal(f.range.start.line, 6);
    assert.equal(
      textOf(onSpoke, f.range),
      "(C-1) code: unique address registered already(14)",
    );
    assert.match(
      f.message,
      /^Spoke4's registration on Tunnel0 with next-hop server 172\.16\.0\.1 was refused: the Registration Reply carries unique address registered already\(14\)\. .*new NBMA address.*`ip nhrp registration no-unique`.*`clear ip nhrp <spoke tunnel address>`/,
    );
    assert.deepEqual(f.fixes, [
      {
        title: "Let the hub replace Tunnel0's registration (no-unique)",
        edits: [],
        cli: ["interface Tunnel0", " ip nhrp registration no-unique"],
      },
    ]);
    // The syslog message alone tells the same.
    const syslogOnly = onSpoke
      .split("\n")
      .filter(
        (l) =>
          !l.includes("NHRP: ") && !/\) (code|flags)|src |afn|prefix/.test(l),
      )
      .join("\n");
    assert.match(
      only(checkCapture(syslogOnly), "log-nhrp-error").message,
      /^Spoke4's registration was refused: the Registration Reply carries unique address registered already\(14\)/,
    );
    const onHub = `Hub#
${TS}NHRP: Send Registration Reply via Tunnel0 vrf 0, packet size: 128
${TS} (M) flags: "unique nat ", reqid: 12
${TS}     src NBMA: 198.51.100.9
${TS}     src protocol: 172.16.0.5, dst protocol: 172.16.0.1
${TS} (C-1) code: unique address registered already(14)
`;
    const h = only(checkCapture(onHub), "log-nhrp-error");
    assert.match(
      h.message,
      /^Hub refused the registration of 172\.16\.0\.5 \(NBMA 198\.51\.100\.9\) on Tunnel0: its Registration Reply carries unique address registered already\(14\)/,
    );
    assert.equal(
      h.fixes?.[0]?.title,
      "On the spoke 172.16.0.5: let the hub replace its registration (no-unique)",
    );
    // A reply with `no error(0)` refuses nothing.
    assert.deepEqual(
      nhrpErrors(
        onHub.replace("unique address registered already(14)", "no error(0)"),
      ),
      [],
    );
  });

  it("explains a loop detected and a protocol address unreachable by their codes", () => {
    const loop = only(
      checkCapture(
        `Hub#\n${TS}%NHRP-3-PAKERROR: Received Error Indication from 10.0.0.7, code: loop detected(3), (trigger src: 10.0.0.1 (nbma: 192.0.2.1) dst: 10.0.0.7), offset: 0, data: 00 01\n`,
      ),
      "log-nhrp-error",
    );
    assert.match(
      loop.message,
      /^Hub's NHRP packet was refused by 10\.0\.0\.7 with an Error Indication: loop detected\(3\)\. .*same NAT or port-translating router/,
    );
    const text = `Spoke5#
${TS}NHRP: Send Registration Request via Tunnel0 vrf 0, packet size: 108
${TS} src: 172.16.0.6, dst: 172.16.0.11
${TS}NHRP: Receive Error Indication via Tunnel0 vrf 0, packet size: 132
${TS} (M) error code: protocol address unreachable(6), offset: 0
${TS}     src NBMA: 192.0.2.1
${TS}     src protocol: 172.16.0.1, dst protocol: 172.16.0.6
`;
    const bare = only(checkCapture(text), "log-nhrp-error");
    assert.match(
      bare.message,
      /protocol address unreachable\(6\)\. .*`ip nhrp nhs` is not the hub's tunnel address/,
    );
    assert.deepEqual(bare.fixes?.[0]?.cli, [
      "interface Tunnel0",
      " ip nhrp nhs <hub tunnel address> nbma 192.0.2.1 multicast",
    ]);
    // With both configs: the spoke registers to an address the hub does not have.
    const f = only(
      nhrpErrors(text, {
        "file:///work/hub.ios": HUB,
        "file:///work/spoke5.ios": spoke(
          "Spoke5",
          "172.16.0.6",
          "198.51.100.6",
          "DMVPNKEY",
          100,
          "172.16.0.11",
        ),
      }),
      "log-nhrp-error",
    );
    assert.match(
      f.message,
      /The configs agree: Spoke5's Tunnel0 registers to 172\.16\.0\.11, which no interface of Hub has \(its Tunnel0 is 172\.16\.0\.1\)\.$/,
    );
    assert.ok(
      f.related?.some(
        (r) =>
          r.uri === "file:///work/spoke5.ios" &&
          r.range.start.line === 9 &&
          r.message === "Spoke5's next-hop server 172.16.0.11",
      ),
    );
    assert.deepEqual(f.fixes?.[0]?.cli, [
      "interface Tunnel0",
      " no ip nhrp nhs 172.16.0.11 nbma 192.0.2.1 multicast",
      " ip nhrp nhs 172.16.0.1 nbma 192.0.2.1 multicast",
    ]);
  });

  it("tells an encapsulation failure from a refusal", () => {
    const f = only(
      checkCapture(
        `Spoke9#\n${TS}%DMVPN-3-DMVPN_NHRP_ERROR:  Tunnel0: NHRP Encap Error for Resolution Request , Reason: protocol generic error (7) on (Tunnel: 172.16.0.7 NBMA: UNKNOWN)\n`,
      ),
      "log-nhrp-error",
    );
    assert.match(
      f.message,
      /^Spoke9 could not send a Resolution Request for 172\.16\.0\.7 on Tunnel0: NHRP found no NBMA address .*protocol generic error\(7\)/,
    );
  });
});
