import * as assert from "node:assert/strict";
import { captureText } from "../../../support/captures";
import {
  checkCapture,
  codesOf,
  only,
  textOf,
} from "../../../support/captureChecks";

/** The codes of this family among a capture's findings. */
const interfaceCodes = (text: string) =>
  codesOf(checkCapture(text)).filter(
    (c) =>
      c === "show-crypto-interface-down" || c === "show-tunnel-protocol-down",
  );

/** Related information as [text the range covers, message]. */
const relatedOf = (text: string, f: ReturnType<typeof only>) =>
  f.related?.map((r) => [textOf(text, r.range), r.message]);

describe("checks/captureInterfaceChecks", () => {
  it("flags the crypto map interface that show ip interface brief shows administratively down, with no shutdown as fix", () => {
    const text = captureText("show-ip-interface-brief.ioslog");
    // Before the engineer's `no shutdown` and the brief output typed again.
    const before = text.slice(0, text.indexOf("Branch#configure terminal"));
    const f = only(checkCapture(before), "show-crypto-interface-down");
    assert.equal(f.severity, "error");
    assert.equal(f.range.start.line, 26);
    assert.equal(textOf(before, f.range), "administratively down");
    assert.equal(
      f.message,
      "GigabitEthernet0/0 is administratively down (`shutdown` is configured on it) in `show ip interface brief` on Branch, and it carries crypto map VPN (`show crypto map`, line 16) and 1 more: an interface that is not up/up sends and receives nothing and its connected route is gone, so no IKE or ESP packet reaches the peer from it and the tunnel cannot come up. Bring it up: `interface GigabitEthernet0/0`, `no shutdown`.",
    );
    assert.deepEqual(relatedOf(before, f), [
      [
        "GigabitEthernet0/0",
        "carries crypto map VPN (`show crypto map`, line 16)",
      ],
      [
        "203.0.113.2",
        "holds 203.0.113.2, the local end of the IKE SA with 198.51.100.1 (MM_NO_STATE) (`show crypto isakmp sa`, line 21)",
      ],
    ]);
    assert.deepEqual(
      f.fixes?.map((x) => [x.title, x.cli, x.edits.length]),
      [
        [
          "Bring GigabitEthernet0/0 up (no shutdown)",
          ["interface GigabitEthernet0/0", " no shutdown"],
          0,
        ],
      ],
    );
    // GigabitEthernet0/2 is shut too, but nothing says it carries IPsec.
    assert.deepEqual(interfaceCodes(before), ["show-crypto-interface-down"]);
  });

  it("leaves a shut interface alone while the same crypto map works through another that is up", () => {
    const text = captureText("show-ip-interface-brief.ioslog");
    const before = text.slice(0, text.indexOf("Branch#configure terminal"));
    // The map on a second interface (a backup provider), without the SA that ties GigabitEthernet0/0.
    const start = before.indexOf("Branch#show crypto isakmp sa");
    const end = before.indexOf("Branch#sh ip int br");
    const twoLinks = (before.slice(0, start) + before.slice(end)).replace(
      "\t\tGigabitEthernet0/0\n",
      "\t\tGigabitEthernet0/0\n\t\tGigabitEthernet0/2\n",
    );
    const gi02 =
      "GigabitEthernet0/2     unassigned      YES unset  administratively down down";
    const backupUp =
      "GigabitEthernet0/2     198.51.100.77   YES DHCP   up                    up";
    assert.deepEqual(interfaceCodes(twoLinks.replace(gi02, backupUp)), []);
    // Both down: the map has no way out, and each is reported.
    assert.deepEqual(
      checkCapture(twoLinks)
        .filter((f) => f.code === "show-crypto-interface-down")
        .map((f) => f.message.slice(0, f.message.indexOf(" is "))),
      ["GigabitEthernet0/0", "GigabitEthernet0/2"],
    );
    // A filtered output that does not show the other interface proves nothing.
    const filtered = twoLinks.replace(`${gi02}\n`, "");
    assert.deepEqual(interfaceCodes(filtered), []);
  });

  it("reads the crypto map of a printed configuration, and the map's other interfaces only from a whole one", () => {
    const config = [
      "Branch#show running-config",
      "Building configuration...",
      "",
      "Current configuration : 412 bytes",
      "!",
      "hostname Branch",
      "!",
      "interface GigabitEthernet0/0",
      " ip address 203.0.113.2 255.255.255.0",
      " shutdown",
      " crypto map VPN",
      "!",
      "interface GigabitEthernet0/1",
      " ip address 10.20.0.1 255.255.255.0",
      "!",
      "end",
      "",
    ].join("\n");
    const brief =
      "Branch#show ip interface brief\nInterface              IP-Address      OK? Method Status                Protocol\nGigabitEthernet0/0     203.0.113.2     YES NVRAM  administratively down down\nGigabitEthernet0/1     10.20.0.1       YES NVRAM  up                    up\nBranch#\n";
    const text = `${config}${brief}`;
    const f = only(checkCapture(text), "show-crypto-interface-down");
    assert.match(
      f.message,
      /^GigabitEthernet0\/0 is administratively down \(`shutdown` is configured on it\) in `show ip interface brief` on Branch, and it carries crypto map VPN \(the configuration printed, line 11\): /,
    );
    assert.deepEqual(relatedOf(text, f), [
      ["VPN", "carries crypto map VPN (the configuration printed, line 11)"],
    ]);
    // A part of the configuration cannot say the map is on no other interface.
    const part = text.replace(
      "Branch#show running-config\n",
      "Branch#show running-config interface GigabitEthernet0/0\n",
    );
    assert.deepEqual(interfaceCodes(part), []);
  });

  it("marks the finding resolved when a later brief output of the router shows the interface up/up", () => {
    const text = captureText("show-ip-interface-brief.ioslog");
    const f = only(checkCapture(text), "show-crypto-interface-down");
    assert.equal(f.severity, "information");
    assert.match(
      f.message,
      /^Resolved later in the capture \(line 37: `show ip interface brief` shows GigabitEthernet0\/0 up\/up\)\. GigabitEthernet0\/0 is administratively down/,
    );
    // Still down in the later output: no resolution.
    const still = text.replace(
      "GigabitEthernet0/0     203.0.113.2     YES NVRAM  up                    up",
      "GigabitEthernet0/0     203.0.113.2     YES NVRAM  administratively down down",
    );
    const findings = checkCapture(still).filter(
      (x) => x.code === "show-crypto-interface-down",
    );
    assert.deepEqual(
      findings.map((x) => [x.range.start.line, x.severity]),
      [
        [26, "error"],
        [36, "error"],
      ],
    );
  });

  it("reads the outputs of the same router only, and the interface by its local SA address alone", () => {
    const text = captureText("show-ip-interface-brief.ioslog");
    const before = text.slice(0, text.indexOf("Branch#configure terminal"));
    // Another router's brief output says nothing of Branch's map and SAs.
    assert.deepEqual(
      interfaceCodes(before.replace("Branch#sh ip int br", "HQ#sh ip int br")),
      [],
    );
    // Without show crypto map, the IKE SA's local address still ties the interface to IPsec.
    const start = before.indexOf("Branch#show crypto map");
    const end = before.indexOf("Branch#show crypto isakmp sa");
    const saOnly = before.slice(0, start) + before.slice(end);
    const f = only(checkCapture(saOnly), "show-crypto-interface-down");
    assert.match(
      f.message,
      /^GigabitEthernet0\/0 is administratively down .* and it holds 203\.0\.113\.2, the local end of the IKE SA with 198\.51\.100\.1 \(MM_NO_STATE\) \(`show crypto isakmp sa`, line 5\): /,
    );
    // A filtered brief output without the header is read as well.
    const filtered = `${saOnly.trimEnd().replace(/Branch#sh ip int br\n[\s\S]*$/, "")}\nBranch#show ip interface brief | include 0/0\nGigabitEthernet0/0     203.0.113.2     YES NVRAM  down                  down\nBranch#\n`;
    const g = only(checkCapture(filtered), "show-crypto-interface-down");
    assert.equal(textOf(filtered, g.range), "down");
    assert.match(
      g.message,
      /^GigabitEthernet0\/0 is down \(no carrier: the link to its neighbour is down\) .* Restore the link: the cable, the neighbour's port, the optics \(`show interfaces GigabitEthernet0\/0` says whether a carrier is seen/,
    );
    assert.deepEqual(g.fixes ?? [], []);
  });

  it("names a protected tunnel's down source as the cause of its line protocol down", () => {
    const text = captureText("show-ip-interface-brief-tunnel.ioslog");
    const findings = checkCapture(text);
    const tunnel = only(findings, "show-tunnel-protocol-down");
    assert.equal(tunnel.severity, "warning");
    assert.equal(tunnel.range.start.line, 20);
    assert.equal(textOf(text, tunnel.range), "down");
    assert.equal(
      tunnel.message,
      "Tunnel0 is up with its line protocol down in `show ip interface brief` on Spoke1, while it has a crypto session with 198.51.100.1 (`show crypto session`, line 26): its tunnel source GigabitEthernet0/0/0 is down (no carrier: the link to its neighbour is down) (line 16), and a tunnel's line protocol is down while its source is. Nothing routed into Tunnel0 is sent, so no GRE or IKE packet leaves for the peer and the tunnel cannot come up. Restore the link: the cable, the neighbour's port, the optics (`show interfaces GigabitEthernet0/0/0` says whether a carrier is seen; `show controllers GigabitEthernet0/0/0` on a serial line).",
    );
    assert.deepEqual(relatedOf(text, tunnel), [
      ["down", "GigabitEthernet0/0/0, the tunnel source, is down/down"],
      [
        "Tunnel0",
        "has a crypto session with 198.51.100.1 (`show crypto session`, line 26)",
      ],
      [
        "PROT",
        "has tunnel protection (IPsec profile PROT) (the configuration printed, line 11)",
      ],
    ]);
    // The source itself is reported: IKE and ESP of the protected tunnel leave from it.
    const source = only(findings, "show-crypto-interface-down");
    assert.equal(source.range.start.line, 15);
    assert.match(
      source.message,
      /^GigabitEthernet0\/0\/0 is down .* and it is the tunnel source of Tunnel0, which has tunnel protection \(the configuration printed, line 8\): /,
    );
    // The deleted subinterface, wrapped on two lines, carries nothing: not reported.
    assert.deepEqual(
      findings
        .filter((f) => f.code.startsWith("show-"))
        .map((f) => f.range.start.line)
        .sort((a, b) => a - b),
      [15, 20],
    );
  });

  it("brings an administratively down source up, and says when the source is not the cause", () => {
    const text = captureText("show-ip-interface-brief-tunnel.ioslog");
    const shut = text.replace(
      "GigabitEthernet0/0/0   unassigned      YES DHCP   down                  down",
      "GigabitEthernet0/0/0   203.0.113.30    YES DHCP   administratively down down",
    );
    const tunnel = only(checkCapture(shut), "show-tunnel-protocol-down");
    assert.match(
      tunnel.message,
      /its tunnel source GigabitEthernet0\/0\/0 is administratively down \(`shutdown` is configured on it\) \(line 16\).* Bring GigabitEthernet0\/0\/0 up: `interface GigabitEthernet0\/0\/0`, `no shutdown`\.$/,
    );
    assert.deepEqual(
      tunnel.fixes?.map((x) => x.cli),
      [["interface GigabitEthernet0/0/0", " no shutdown"]],
    );
    // The source up/up: the tunnel's own path is at fault, named with its destination.
    const sourceUp = text.replace(
      "GigabitEthernet0/0/0   unassigned      YES DHCP   down                  down",
      "GigabitEthernet0/0/0   203.0.113.30    YES DHCP   up                    up",
    );
    const f = only(checkCapture(sourceUp), "show-tunnel-protocol-down");
    assert.equal(
      f.message,
      "Tunnel0 is up with its line protocol down in `show ip interface brief` on Spoke1, while it has a crypto session with 198.51.100.1 (`show crypto session`, line 26). Its source GigabitEthernet0/0/0 is up/up, so the cause is elsewhere. IOS keeps a tunnel's line protocol down when its destination 198.51.100.1 has no route (or is routed through the tunnel itself) or its GRE keepalives go unanswered. Packets routed into Tunnel0 are dropped meanwhile. `show interfaces Tunnel0` and `show ip route 198.51.100.1` say which.",
    );
    // Without the tunnel's configuration, every cause of a tunnel's protocol down fits.
    const unprinted = sourceUp.slice(
      sourceUp.indexOf("Spoke1#show ip interface brief"),
    );
    assert.match(
      only(checkCapture(unprinted), "show-tunnel-protocol-down").message,
      /\(`show crypto session`, line 13\)\. IOS keeps a tunnel's line protocol down when its source is down or has no address, its destination has no route \(or is routed through the tunnel itself\), its GRE keepalives go unanswered, it is a VTI \(`tunnel mode ipsec`\) whose IPsec SAs are not up, or it is a DMVPN tunnel with `if-state nhrp` whose hubs do not answer\. Packets routed into Tunnel0 are dropped meanwhile\. `show interfaces Tunnel0` and `show ip route <tunnel destination>` say which\.$/,
    );
    assert.deepEqual(interfaceCodes(sourceUp), ["show-tunnel-protocol-down"]);
    // A DMVPN tunnel: no destination, no keepalives; NHRP's hubs with `if-state nhrp`.
    const mgre = sourceUp
      .replace("tunnel mode gre ip", "tunnel mode gre multipoint")
      .replace(
        " tunnel destination 198.51.100.1\n",
        " ip nhrp nhs 172.16.0.1\n",
      );
    assert.match(
      only(checkCapture(mgre), "show-tunnel-protocol-down").message,
      /is up\/up, so the cause is elsewhere\. IOS keeps a tunnel's line protocol down when it is a DMVPN tunnel with `if-state nhrp` whose hubs do not answer\. /,
    );
    // A VTI is down until its SAs are up: down is their consequence, and the message says so.
    const vti = only(
      checkCapture(
        sourceUp.replace("tunnel mode gre ip", "tunnel mode ipsec ipv4"),
      ),
      "show-tunnel-protocol-down",
    );
    assert.match(
      vti.message,
      /Tunnel0 is a VTI \(`tunnel mode ipsec ipv4`\), whose line protocol comes up with its IPsec SAs: down says they are not up with 198\.51\.100\.1/,
    );
    // A source without an address keeps the tunnel down.
    const noAddress = text.replace(
      "GigabitEthernet0/0/0   unassigned      YES DHCP   down                  down",
      "GigabitEthernet0/0/0   unassigned      YES DHCP   up                    up",
    );
    assert.match(
      only(checkCapture(noAddress), "show-tunnel-protocol-down").message,
      /its tunnel source GigabitEthernet0\/0\/0 has no IPv4 address \(`unassigned`, line 16\)/,
    );
  });

  it("reports a shut protected tunnel as an interface down, and a tunnel with no IPsec not at all", () => {
    const text = captureText("show-ip-interface-brief-tunnel.ioslog");
    const shut = text.replace(
      "Tunnel0                172.16.0.2      YES manual up                    down",
      "Tunnel0                172.16.0.2      YES manual administratively down down",
    );
    const f = checkCapture(shut).find(
      (x) =>
        x.code === "show-crypto-interface-down" && x.range.start.line === 20,
    );
    assert.ok(f);
    assert.match(
      f.message,
      /^Tunnel0 is administratively down .* no IKE or ESP packet goes through Tunnel0 .* Bring it up: `interface Tunnel0`, `no shutdown`\.$/,
    );
    // Without the session and the printed configuration, nothing says Tunnel0 is protected.
    const bare = text
      .slice(text.indexOf("Spoke1#show ip interface brief"))
      .replace(/Spoke1#show crypto session[\s\S]*$/, "Spoke1#\n");
    assert.deepEqual(interfaceCodes(bare), []);
  });
});
