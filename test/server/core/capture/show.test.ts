import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { CaptureModel } from "../../../../server/src/core/capture/model";
import { parseCapture } from "../../../../server/src/core/capture/parser";
import type {
  ShowData,
  ShowKind,
} from "../../../../server/src/core/capture/show/types";
import {
  captureFixturePaths,
  captureText,
  seed,
  seedText,
} from "../../../support/captures";
import { corpus } from "../../../support/configFixtures";

/** The parsed data of the first show block of a kind. */
function show<K extends ShowKind>(
  model: CaptureModel,
  kind: K,
): Extract<ShowData, { kind: K }> {
  const block = model.shows.find((b) => b.kind === kind && b.data);
  assert.ok(block, `a ${kind} block`);
  return block.data as Extract<ShowData, { kind: K }>;
}

describe("capture/show parsers", () => {
  it("reads show crypto isakmp sa in the classic, 12.4, IOS-XE and detail layouts", () => {
    const classic = show(seed(29), "isakmp-sa");
    assert.equal(classic.layout, "classic");
    assert.deepEqual(
      classic.rows.map((r) => [
        r.dst.text,
        r.src.text,
        r.state.text,
        r.connId?.text,
        r.slot?.text,
      ]),
      [["172.16.6.2", "172.16.5.1", "QM_IDLE", "1", "0"]],
    );
    assert.equal(show(seed(45), "isakmp-sa").turnedOffLine, 1);
    const with124 = show(
      parseCapture(captureText("ios15-success.ioslog")),
      "isakmp-sa",
    );
    assert.deepEqual(
      with124.rows.map(
        (r) => `${r.state.text} ${r.connId?.text} ${r.status?.text}`,
      ),
      ["QM_IDLE 1001 ACTIVE"],
    );
    const xe = show(
      parseCapture(corpus("show_genie_iosxe_show-crypto-isakmp-sa.txt")),
      "isakmp-sa",
    );
    assert.equal(xe.layout, "iosxe");
    assert.deepEqual(
      xe.rows.map((r) => `${r.ipv6 ? 6 : 4} ${r.state.text} ${r.connId?.text}`),
      [
        "4 QM_IDLE 29609",
        "4 MM_NO_STATE 29188",
        "4 QM_IDLE 29362",
        "6 QM_IDLE 29610",
        "6 MM_NO_STATE 29189",
        "6 QM_IDLE 29363",
      ],
    );
    const detail = show(
      parseCapture(corpus("show_genie_iosxe_show-crypto-isakmp-sa-detail.txt")),
      "isakmp-sa",
    );
    assert.equal(detail.layout, "detail");
    assert.equal(detail.rows[0]!.connId?.text, "29609");
  });

  it("reads a table whole around the log messages a console printed in its middle", () => {
    const text = [
      "Tokyo#show crypto isakmp sa",
      "dst             src             state          conn-id slot",
      "172.16.6.2      172.16.5.1      QM_IDLE              1    0",
      "*Mar  1 00:12:01.005: %CRYPTO-4-IKMP_NO_SA: IKE message from 172.16.9.9 has no SA and is not an initialization offer",
      "*Mar  1 00:12:01.007: IPSEC(key_engine): got a queue event with 1 KMI message(s)",
      "172.16.7.2      172.16.5.1      MM_NO_STATE          2    0",
      "Tokyo#",
    ].join("\n");
    const model = parseCapture(text);
    assert.deepEqual(
      show(model, "isakmp-sa").rows.map((r) => r.dst.text),
      ["172.16.6.2", "172.16.7.2"],
    );
    assert.equal(model.messages.length, 2);
    const [block] = model.shows;
    assert.deepEqual(
      [block?.startLine, block?.endLine, block?.cutAt],
      [1, 5, undefined],
    );
    // The messages stay the log's, not the table's.
    assert.deepEqual([model.lineShow[3], model.lineShow[4]], [-1, -1]);
    // After a long run of messages the output had ended: a row-like line is not the table's.
    const flood = text
      .split("\n")
      .flatMap((l, i) =>
        i === 3 ? Array.from({ length: 300 }, () => l) : i === 4 ? [] : [l],
      )
      .join("\n");
    const late = parseCapture(flood);
    assert.deepEqual(
      show(late, "isakmp-sa").rows.map((r) => r.dst.text),
      ["172.16.6.2"],
    );
    assert.equal(late.shows[0]?.cutAt, 3);
  });

  it("reads every show output of the fixtures the same with a log message printed anywhere in it", () => {
    const message =
      "*Mar  1 00:12:01.005: %LINEPROTO-5-UPDOWN: Line protocol on Interface Loopback9, changed state to up";
    /** A show's data without where it sits: the cells' texts and the values. */
    const content = (data: unknown): string =>
      JSON.stringify(data, (key, value: unknown) =>
        key === "range" || key === "line" || /Line$/.test(key)
          ? undefined
          : value,
      );
    let tried = 0;
    for (const file of captureFixturePaths()) {
      const text = fs.readFileSync(file, "utf8");
      const lines = text.split(/\r\n|\r|\n/);
      const model = parseCapture(text);
      for (const block of model.shows) {
        if (block.promptLine === undefined || !block.data) {
          continue;
        }
        // Before the first line, in the middle, before the last.
        const at = new Set([
          block.startLine,
          (block.startLine + block.endLine + 1) >> 1,
          block.endLine,
        ]);
        for (const line of at) {
          const interrupted = [
            ...lines.slice(0, line),
            message,
            ...lines.slice(line),
          ].join("\n");
          const again = parseCapture(interrupted).shows[block.index];
          const where = `${path.basename(file)}:${line + 1}`;
          assert.equal(again?.kind, block.kind, where);
          assert.equal(content(again?.data), content(block.data), where);
          tried++;
        }
      }
    }
    assert.ok(tried > 50, `${tried} insertions`);
  });

  it("reads 64-bit counters and leaves a longer run of digits unread", () => {
    const text = seedText(79)
      .replace("#pkts encaps: 4", "#pkts encaps: 18446744073709551615")
      .replace("#send errors 1", `#send errors ${"9".repeat(40)}`);
    const flow = show(parseCapture(text), "ipsec-sa").flows[0]!;
    assert.equal(flow.counters["encaps"]!.value, 18446744073709551615);
    assert.equal(flow.counters["send errors"], undefined);
  });

  it("reads show crypto ipsec sa: proxies, peer, counters, endpoints and SAs, in three dialects", () => {
    const sa = show(seed(79), "ipsec-sa");
    const flow = sa.flows[0]!;
    assert.equal(flow.interfaceName, "Serial4/0");
    assert.equal(flow.cryptoMap, "mjlnetmap");
    assert.equal(flow.localIdent?.text, "(10.1.1.0/255.255.255.0/0/0)");
    assert.equal(flow.peer?.text, "172.16.6.2");
    assert.equal(flow.counters["encaps"]!.value, 4);
    assert.equal(flow.counters["send errors"]!.value, 1);
    assert.equal(flow.remoteEndpoint?.text, "172.16.6.2");
    assert.equal(flow.currentOutboundSpi?.text, "6DEA8F23");
    assert.deepEqual(
      flow.sas.map(
        (s) =>
          `${s.direction} ${s.protocol} ${s.spi.text} ${s.spiValue} ${s.connId} ${s.transform}`,
      ),
      [
        "inbound esp 0x249582ED 613778157 2000 esp-des esp-md5-hmac",
        "outbound esp 0x6DEA8F23 1844088611 2001 esp-des esp-md5-hmac",
      ],
    );
    assert.equal(show(seed(94), "ipsec-sa").flows[0]!.peer?.text, "172.16.6.2");
    const xe = show(
      parseCapture(
        corpus("show_genie_iosxe_show-crypto-ipsec-sa_cryptomap.txt"),
      ),
      "ipsec-sa",
    );
    assert.deepEqual(
      xe.flows.map((f) => f.interfaceName),
      ["GigabitEthernet3", "GigabitEthernet3", "Tunnel0"],
    );
    assert.equal(xe.flows[0]!.peer?.text, "1.1.1.1");
    assert.equal(xe.flows[1]!.sas.length, 0);
    const asa = show(
      parseCapture(corpus("show_ntc_asa_show-crypto-ipsec-sa.raw")),
      "ipsec-sa",
    );
    assert.equal(asa.flows[0]!.counters["decaps"]!.value, 1145);
    assert.equal(asa.flows[1]!.localEndpoint?.text, "172.16.248.119");
  });

  it("reads show crypto map, isakmp policy and key, transform sets", () => {
    const map = show(seed(91), "crypto-map").entries[0]!;
    assert.equal(map.name.text, "mjlnetmap");
    assert.equal(map.sequence, 10);
    assert.deepEqual(
      map.peers.map((p) => p.text),
      ["172.16.6.2"],
    );
    assert.equal(map.acl?.text, "101");
    assert.equal(
      map.aclLines[0]!.text,
      "access-list 101 permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255",
    );
    assert.equal(map.identityList?.text, "from-mjlnet");
    assert.deepEqual(
      [map.lifetimeKilobytes, map.lifetimeSeconds, map.pfs?.text],
      [4608000, 3600, "N"],
    );
    assert.deepEqual(
      map.interfaces.map((i) => i.text),
      ["Serial4/0"],
    );
    const two = show(
      parseCapture(
        corpus("show_genie_iosxe_show-crypto-map_ikev2-two-peers.txt"),
      ),
      "crypto-map",
    ).entries[0]!;
    assert.deepEqual(
      two.peers.map((p) => p.text),
      ["172.20.249.12", "172.20.249.3"],
    );
    assert.deepEqual(
      two.transformSets.map((t) => t.text),
      ["aes256-sha1"],
    );
    assert.deepEqual(
      two.interfaces.map((i) => i.text),
      ["Vlan1"],
    );
    assert.equal(
      show(
        parseCapture(corpus("show_genie_iosxe_show-crypto-map_incomplete.txt")),
        "crypto-map",
      ).entries[0]!.incomplete,
      true,
    );
    const policy = show(seed(63), "isakmp-policy");
    assert.deepEqual(
      policy.suites.map((s) => [
        s.priority,
        s.hash?.text,
        s.authentication?.text,
      ]),
      [
        [10, "Message Digest 5", "Pre-Shared Key"],
        [undefined, "Secure Hash Standard", "Rivest-Shamir-Adleman Signature"],
      ],
    );
    assert.deepEqual(
      show(seed(41), "isakmp-key").keys.map((k) => k.address.text),
      ["172.16.5.2"],
    );
    assert.deepEqual(
      show(seed(81), "transform-set").sets[0]!.transforms.map((t) => t.text),
      ["esp-des", "esp-sha-hmac"],
    );
  });

  it("reads access lists with match counts, interfaces, routes, the clock and certificates", () => {
    const acl = show(seed(96), "access-lists").acls[0]!;
    assert.equal(acl.name.text, "105");
    assert.deepEqual(
      acl.entries.map((e) => `${e.action} ${e.protocol} ${e.matches?.value}`),
      ["deny esp 20", "permit ip 134"],
    );
    const noCounts = show(seed(53), "access-lists").acls[0]!;
    assert.equal(noCounts.entries.length, 12);
    assert.equal(noCounts.entries[7]!.rest.join(" "), "any any eq ntp");
    const iface = show(seed(52), "ip-interface").interfaces[0]!;
    assert.deepEqual(
      [
        iface.name.text,
        iface.address?.text,
        iface.inboundAcl?.text,
        iface.outboundAcl,
      ],
      ["Serial2/0", "172.16.6.2/24", "102", undefined],
    );
    const routes = show(seed(30), "ip-route");
    assert.deepEqual(
      routes.routes.map(
        (r) => `${r.code} ${r.prefix.text} ${r.interfaceName?.text}`,
      ),
      ["C 172.16.5.0/24 Serial4/0", "C 10.1.1.0/24 FastEthernet0/0"],
    );
    assert.equal(routes.gatewayOfLastResort, undefined);
    const clock = show(seed(72), "clock");
    assert.equal(clock.flag, ".");
    assert.equal(new Date(clock.ms!).toISOString(), "2005-03-14T14:18:58.000Z");
    const cert = show(seed(73), "certificates").certificates[0]!;
    assert.equal(cert.serial?.text, "614A2572000000000006");
    assert.equal(
      new Date(cert.end!.ms!).toISOString(),
      "2004-03-13T09:14:23.000Z",
    );
    assert.ok(cert.subject.some((s) => s.text === "Name: Tokyo.mjlnet.com"));
  });

  it("recognises show output pasted without its command", () => {
    const model = parseCapture(
      corpus("show_genie_iosxe_show-crypto-ipsec-sa-detail_gcm-esn.txt"),
    );
    assert.deepEqual(
      model.shows.map((b) => b.kind),
      ["ipsec-sa"],
    );
    assert.equal(model.shows[0]!.promptLine, undefined);
  });

  it("reads show crypto session detail: status, peer and port, IKE SAs, flows and counters", () => {
    const data = show(
      parseCapture(
        corpus("show_ntc_ios_show-crypto-session-detail_down-negotiating.raw"),
      ),
      "crypto-session",
    );
    assert.deepEqual(
      data.sessions.map((x) => [
        x.interfaceName?.text,
        x.status?.text,
        x.peer?.text,
        x.peerPort,
        x.ikeSas.map(
          (sa) =>
            `${sa.version} ${sa.local?.text} -> ${sa.remote?.text} ${sa.state.text}`,
        ),
        x.flows.map((f) => [
          f.text.text,
          f.activeSas?.value,
          f.decrypted?.value,
          f.encrypted?.value,
        ]),
      ]),
      [
        [
          "Tunnel1201",
          "DOWN-NEGOTIATING",
          "10.161.255.14",
          500,
          [
            "IKEv1 10.175.200.116 -> 10.161.255.14 Inactive",
            "IKEv1 10.175.200.116 -> 10.161.255.14 Inactive",
          ],
          [["permit 47 host 10.175.200.116 host 10.161.255.14", 0, 0, 0]],
        ],
        [
          "Tunnel1101",
          "UP-ACTIVE",
          "192.168.0.1",
          4500,
          ["IKEv1 169.0.1.1 -> 192.168.0.1 Active"],
          [
            [
              "permit 47 host 169.0.1.1 host 192.168.0.1",
              2,
              15344097,
              18074395,
            ],
          ],
        ],
        [
          "Tunnel2201",
          "DOWN-NEGOTIATING",
          "10.163.255.14",
          500,
          [
            "IKEv1 10.175.200.116 -> 10.163.255.14 Inactive",
            "IKEv1 10.175.200.116 -> 10.163.255.14 Inactive",
          ],
          [["permit 47 host 10.175.200.116 host 10.163.255.14", 0, 0, 0]],
        ],
      ],
    );
  });

  it("reads show crypto session after its prompt, in the 12.4 layout (IKE SA, flows with masks)", () => {
    const text = [
      "Tokyo#show crypto session",
      "Crypto session current status",
      "",
      "Interface: Serial4/0",
      "Session status: UP-IDLE",
      "Peer: 172.16.6.2 port 500",
      "  IKE SA: local 172.16.5.1/500 remote 172.16.6.2/500 Active",
      "  IPSEC FLOW: permit ip 10.1.1.0/255.255.255.0 10.2.2.0/255.255.255.0",
      "        Active SAs: 0, origin: crypto map",
      "",
      "Tokyo#",
    ].join("\n");
    const model = parseCapture(text);
    assert.deepEqual(
      model.shows.map((b) => [b.kind, b.promptLine]),
      [["crypto-session", 0]],
    );
    const [session] = show(model, "crypto-session").sessions;
    assert.equal(session?.status?.text, "UP-IDLE");
    assert.deepEqual(
      session?.ikeSas.map((sa) => [sa.version, sa.local?.text, sa.state.text]),
      [["IKE", "172.16.5.1", "Active"]],
    );
    assert.deepEqual(
      session?.flows.map((f) => [f.text.text, f.activeSas?.value]),
      [["permit ip 10.1.1.0/255.255.255.0 10.2.2.0/255.255.255.0", 0]],
    );
  });

  it("reads show crypto ikev2 sa with addresses in the row (15.x) or on their own lines (IOS-XE)", () => {
    const rows = (text: string) =>
      show(parseCapture(text), "ikev2-sa").rows.map((r) => [
        r.tunnelId.text,
        r.local?.text,
        r.remote?.text,
        r.status.text,
      ]);
    assert.deepEqual(rows(captureText("show-ikev2-sa.ioslog")), [
      ["1", "192.0.2.1/500", "198.51.100.7/500", "IN-NEG"],
      ["2", "192.0.2.1/500", "198.51.100.9/500", "READY"],
    ]);
    const xe = corpus("show_genie_iosxe_show-crypto-ikev2-sa_ipv6-pqc.txt");
    // The indented `Local spi:` line is not an address.
    assert.deepEqual(rows(xe), [
      ["1", "2001:DB8:1101::131/500", "2001:DB8:1201::122/500", "READY"],
      ["2", "2001:DB8:1101::131/500", "2001:DB8:1202::123/500", "READY"],
    ]);
    assert.match(
      show(parseCapture(xe), "ikev2-sa").rows[0]!.algorithms!.text,
      /^Encr: AES-CBC, keysize: 256, PRF: SHA512/,
    );
    // The output starts at IOS-XE's ` IPv4 Crypto IKEv2  SA`, printed one column in.
    const model = parseCapture(xe);
    const ipv4 = model.lines.findIndex((l) => l.startsWith(" IPv4 Crypto"));
    assert.equal(model.shows[0]?.startLine, ipv4);
  });
  it("reads show crypto ikev2 proposal, policy and profile, and show crypto ipsec profile", () => {
    const model = parseCapture(captureText("show-ikev2-config.ioslog"));
    assert.deepEqual(
      model.shows.map((b) => b.kind),
      ["ikev2-proposal", "ikev2-policy", "ikev2-profile", "ipsec-profile"],
    );
    const texts = (cells: readonly { text: string }[]) =>
      cells.map((c) => c.text);
    const proposals = show(model, "ikev2-proposal").proposals;
    assert.deepEqual(
      proposals.map((p) => [
        p.name.text,
        texts(p.encryption),
        texts(p.integrity),
        texts(p.prf),
        texts(p.groups),
      ]),
      [
        [
          "default",
          ["AES-CBC-256"],
          ["SHA512", "SHA384"],
          ["SHA512", "SHA384"],
          [
            "DH_GROUP_256_ECP/Group 19",
            "DH_GROUP_2048_MODP/Group 14",
            "DH_GROUP_521_ECP/Group 21",
            "DH_GROUP_1536_MODP/Group 5",
          ],
        ],
        [
          "PROP-AES",
          ["AES-CBC-256", "AES-CBC-128"],
          ["SHA256"],
          ["SHA256"],
          ["DH_GROUP_2048_MODP/Group 14"],
        ],
      ],
    );
    assert.deepEqual(
      show(model, "ikev2-policy").policies.map((p) => [
        p.name.text,
        p.fvrf?.text,
        p.localAddress?.text,
        texts(p.proposals),
      ]),
      [
        ["default", "any", "any", ["default"]],
        ["POL-TOKYO", "global", "172.16.5.1", ["PROP-AES"]],
      ],
    );
    const [profile] = show(model, "ikev2-profile").profiles;
    assert.deepEqual(
      [
        profile!.name.text,
        profile!.fvrf?.text,
        texts(profile!.identities),
        profile!.localIdentity?.text,
        profile!.localAuthentication?.text,
        profile!.remoteAuthentication?.text,
        profile!.keyring?.text,
      ],
      [
        "PROF-OSAKA",
        "global",
        ["address 172.16.6.2 255.255.255.255"],
        "none",
        "pre-share",
        "pre-share",
        "KR-OSAKA",
      ],
    );
    assert.deepEqual(
      show(model, "ipsec-profile").profiles.map((p) => [
        p.name.text,
        p.ikev2Profile?.text,
        p.pfs?.text,
        p.transformSets.map((t) => [t.name.text, texts(t.transforms)]),
      ]),
      [
        ["default", undefined, "N", [["default", ["esp-aes", "esp-sha-hmac"]]]],
        [
          "VTI-OSAKA",
          "PROF-OSAKA",
          "Y",
          [["mjlnet", ["esp-256-aes", "esp-sha256-hmac"]]],
        ],
      ],
    );
    // Pasted without its command, each output is still known by its first line.
    const bare = parseCapture(
      captureText("show-ikev2-config.ioslog")
        .split("\n")
        .filter((l) => !l.startsWith("Tokyo#"))
        .join("\n"),
    );
    assert.deepEqual(
      bare.shows.map((b) => b.kind),
      ["ikev2-proposal", "ikev2-policy", "ikev2-profile", "ipsec-profile"],
    );
  });

  it("reads show dmvpn: interfaces, types, peer counts and every row", () => {
    const rows = (data: Extract<ShowData, { kind: "dmvpn" }>) =>
      data.interfaces.map((i) => [
        i.name?.text,
        i.type?.text,
        i.peerCount?.value,
        i.rows.map((r) =>
          [
            r.entries?.text ?? "",
            r.nbma?.text ?? "",
            r.tunnel.text,
            r.state.text,
            r.upDown.text,
            r.attributes.text,
            r.target?.text ?? "",
          ].join(" "),
        ),
      ]);
    // 15.x / IOS-XE, after its prompt: two tunnels of a spoke.
    const problems = parseCapture(captureText("show-dmvpn-problems.ioslog"));
    assert.deepEqual(
      problems.shows.map((b) => [b.kind, b.promptLine, b.startLine]),
      [["dmvpn", 0, 1]],
    );
    const spoke = show(problems, "dmvpn");
    assert.equal(spoke.detail, false);
    assert.deepEqual(rows(spoke), [
      [
        "Tunnel0",
        "Spoke",
        4,
        [
          "1 203.0.113.1 172.16.0.1 UP 00:10:22 S ",
          "1 203.0.113.2 172.16.0.2 IKE never S ",
          "1 198.51.100.7 172.16.0.7 IPSEC 00:00:41 D ",
          "1 UNKNOWN 172.16.0.9 NHRP never IX ",
        ],
      ],
      ["Tunnel1", "Spoke", 1, ["1 203.0.113.5 172.16.1.1 NHRP never S "]],
    ]);
    // Each value keeps its place on the line.
    const row = spoke.interfaces[0]!.rows[1]!;
    const line = problems.lines[row.line]!;
    for (const cell of [row.nbma!, row.tunnel, row.state, row.upDown]) {
      assert.equal(
        line.slice(cell.range.start.character, cell.range.end.character),
        cell.text,
      );
    }

    // A hub whose first peer has two entries (the second row inherits its NBMA address), then a
    // spoke's `show dmvpn detail`: interface status, next-hop server, target networks.
    const up = parseCapture(captureText("show-dmvpn-up.ioslog"));
    assert.deepEqual(
      up.shows.map((b) => b.kind),
      ["dmvpn", "dmvpn"],
    );
    const [hub, detail] = up.shows.map(
      (b) => b.data as Extract<ShowData, { kind: "dmvpn" }>,
    );
    assert.deepEqual(rows(hub!), [
      [
        "Tunnel0",
        "Hub",
        3,
        [
          "2 198.51.100.2 172.16.0.2 UP 1d02h D ",
          " 198.51.100.2 172.16.0.12 UP 00:45:10 D ",
          "1 198.51.100.3 172.16.0.3 UP 2w3d DN ",
          "1 198.51.100.4 172.16.0.4 UP 00:10:22 D ",
        ],
      ],
    ]);
    assert.equal(detail!.detail, true);
    assert.deepEqual(rows(detail!), [
      [
        "Tunnel0",
        "Spoke",
        2,
        [
          "1 203.0.113.1 172.16.0.1 UP 00:10:22 S 172.16.0.1/32",
          "1 198.51.100.3 172.16.0.3 UP 00:01:05 D 172.16.0.3/32",
        ],
      ],
    ]);
    const tunnel = detail!.interfaces[0]!;
    assert.equal(tunnel.status?.text, "up/up");
    assert.deepEqual(
      tunnel.nhs.map((n) => [n.address.text, n.status?.text]),
      [["172.16.0.1", "RE"]],
    );
    // The crypto sessions after the table are not rows of it.
    assert.equal(
      up.lines[detail!.cryptoDetailsLine!],
      "Crypto Session Details:",
    );

    // 12.4, pasted without its prompt: the legend starts it, `Tunnel0, Type:Hub` names the tunnel.
    const old = parseCapture(captureText("show-dmvpn-ios124.ioslog"));
    assert.deepEqual(
      old.shows.map((b) => [b.kind, b.promptLine, b.startLine]),
      [["dmvpn", undefined, 0]],
    );
    assert.deepEqual(rows(show(old, "dmvpn")), [
      [
        "Tunnel0",
        "Hub",
        2,
        [
          "1 198.51.100.2 172.16.0.2 UP never D ",
          "1 198.51.100.3 172.16.0.3 UP never D ",
        ],
      ],
    ]);
  });

  it("reads the rarer show dmvpn rows: IPv6 NBMA, UNKNOWN, repeated NBMA, no legend", () => {
    const text = [
      "Interface: Tunnel1, IPv4 NHRP Details",
      "Type:Hub, NHRP Peers:2,",
      "",
      " # Ent  Peer NBMA Addr Peer Tunnel Add State  UpDn Tm Attrb",
      " ----- --------------- --------------- ----- -------- -----",
      "     1 2001:DB8:1201::122",
      "                            172.16.9.2    UP 00:02:19     D",
      "     1 2001:DB8:1202::123",
      "                            172.16.9.3  down 00:00:12     D",
      "",
      "Interface: Tunnel2, IPv4 NHRP Details",
      "Type:Unknown, NHRP Peers:1,",
      "",
      " # Ent  Peer NBMA Addr Peer Tunnel Add State  UpDn Tm Attrb",
      " ----- --------------- --------------- ----- -------- -----",
      "     1 UNKNOWN             172.16.8.30  NHRP    never    IX",
      "",
      'Interface Tunnel3 is up/up, Addr. is 172.16.7.4, VRF ""',
      "Type:Spoke, Total NBMA Peers (v4/v6): 2",
      "",
      "# Ent  Peer NBMA Addr Peer Tunnel Add State  UpDn Tm Attrb    Target Network",
      "----- --------------- --------------- ----- -------- ----- -----------------",
      "    2 203.0.113.1          172.16.7.1    UP 00:13:38     S    172.16.7.1/32",
      "      203.0.113.1          172.16.7.4    UP 00:00:06    I2    172.16.7.4/32",
    ].join("\n");
    const model = parseCapture(text);
    assert.deepEqual(
      model.shows.map((b) => b.kind),
      ["dmvpn"],
    );
    const data = show(model, "dmvpn");
    assert.deepEqual(
      data.interfaces.map((i) => [
        i.name?.text,
        i.type?.text,
        i.rows.map((r) => [
          r.entries?.text,
          r.nbma?.text,
          r.tunnel.text,
          r.state.text,
          r.attributes.text,
        ]),
      ]),
      [
        [
          "Tunnel1",
          "Hub",
          [
            ["1", "2001:DB8:1201::122", "172.16.9.2", "UP", "D"],
            ["1", "2001:DB8:1202::123", "172.16.9.3", "down", "D"],
          ],
        ],
        ["Tunnel2", "Unknown", [["1", "UNKNOWN", "172.16.8.30", "NHRP", "IX"]]],
        [
          "Tunnel3",
          "Spoke",
          [
            ["2", "203.0.113.1", "172.16.7.1", "UP", "S"],
            [undefined, "203.0.113.1", "172.16.7.4", "UP", "I2"],
          ],
        ],
      ],
    );
    // The IPv6 NBMA address keeps the line it is printed on.
    const v6 = data.interfaces[0]!.rows[0]!;
    assert.equal(v6.nbma!.range.start.line, v6.line - 1);
    // A bare row table, without interface or header lines, is not taken for show dmvpn.
    assert.deepEqual(
      parseCapture(
        "     1 203.0.113.1          172.16.0.1    UP 00:10:22     S",
      ).shows,
      [],
    );
  });
});
