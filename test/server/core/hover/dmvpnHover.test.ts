import * as assert from "node:assert/strict";
import { parseConfig } from "../../../../server/src/core/config/parser";
import { DEFAULT_ANALYSIS_SETTINGS } from "../../../../server/src/core/document";
import { configHover } from "../../../../server/src/core/hover/configHover";
import { completionAt } from "../../../../server/src/core/completion";
import { parseDocument } from "../../../../server/src/core/languageService";
import { cursorIn } from "../../../support/configFixtures";
import { captureHoverAt } from "../../../support/captures";

/**
 * Hovers on DMVPN: the mGRE and NHRP commands of a tunnel interface, and the DMVPN and NHRP
 * syslog messages of a capture.
 */

const HUB = `hostname HUB
!
crypto ipsec profile DMVPN
 set transform-set TS
!
interface Tunnel0
 ip address 10.0.0.1 255.255.255.0
 no ip split-horizon eigrp 100
 no ip next-hop-self eigrp 100
 ip mtu 1400
 ip tcp adjust-mss 1360
 ip nhrp authentication DMVPN
 ip nhrp network-id 1
 ip nhrp holdtime 300
 ip nhrp map multicast dynamic
 ip nhrp redirect
 ip ospf network point-to-multipoint
 tunnel source GigabitEthernet0/0
 tunnel mode gre multipoint
 tunnel key 100
 tunnel protection ipsec profile DMVPN shared
!
end
`;

const SPOKE = `hostname SPOKE1
!
interface Tunnel0
 ip address 10.0.0.2 255.255.255.0
 ip nhrp authentication DMVPN
 ip nhrp network-id 1
 ip nhrp map 10.0.0.1 203.0.113.1
 ip nhrp map multicast 203.0.113.1
 ip nhrp nhs 10.0.0.1
 ip nhrp registration timeout 60
 ip nhrp registration no-unique
 ip nhrp shortcut
 tunnel source GigabitEthernet0/0
 tunnel mode gre multipoint
 tunnel key 100
!
interface Tunnel1
 ip nhrp nhs 10.1.0.1 nbma 198.51.100.1 multicast priority 1
 ip nhrp nhs dynamic nbma 198.51.100.2
!
end
`;

/** The config hover markdown at the `|` of a fragment, checked against every expectation. */
function checkConfig(
  config: string,
  fragment: string,
  expected: RegExp[],
): string {
  const hover = configHover(
    parseConfig(config),
    cursorIn(config, fragment),
    DEFAULT_ANALYSIS_SETTINGS,
  );
  assert.ok(hover, `expected a hover at ${fragment}`);
  for (const re of expected) {
    assert.match(hover.markdown, re, `hover at ${fragment}`);
  }
  return hover.markdown;
}

/** The capture hover markdown at the `|` of a text. */
function checkCapture(text: string, expected: RegExp[]): void {
  const hover = captureHoverAt(text);
  assert.ok(hover, `expected a hover in ${JSON.stringify(text)}`);
  for (const re of expected) {
    assert.match(hover.markdown, re);
  }
}

describe("hover/DMVPN", () => {
  describe("multipoint GRE and tunnel commands", () => {
    it("explains gre multipoint as a value of tunnel mode", () => {
      checkConfig(HUB, " tunnel mode gre multi|point", [
        /\*\*gre multipoint\*\*/,
        /no `tunnel destination`/,
        /NHRP/,
        /`tunnel mode \(tunnel-mode\)`/,
        /point-to-point GRE \(`gre ip`\)/,
      ]);
      // Either word of the value explains it.
      checkConfig(HUB, " tunnel mode g|re multipoint", [/mGRE/]);
    });

    it("says a tunnel key must match on both ends and tells shared tunnels apart", () => {
      checkConfig(HUB, " tunnel k|ey 100", [
        /`tunnel key <key>`/,
        /must use the same key/,
        /drops GRE silently/,
        /share a `tunnel source`/,
      ]);
    });

    it("explains the shared keyword of tunnel protection", () => {
      const md = checkConfig(HUB, "profile DMVPN sh|ared", [
        /`tunnel protection ipsec profile \{ipsec-profile\} shared\?`/,
        /same `tunnel source` and the same profile/,
        /flaps or never comes up/,
      ]);
      assert.doesNotMatch(md, /\*\*shared\*\*/);
      checkConfig(HUB, " tunnel prot|ection", [/phase 2 settings/]);
    });

    it("keeps the MTU and MSS explanations on a DMVPN tunnel", () => {
      checkConfig(HUB, " ip m|tu 1400", [/room for the encapsulation/]);
      checkConfig(HUB, " ip tcp adj|ust-mss", [/stall through the tunnel/]);
    });
  });

  describe("NHRP commands", () => {
    it("says the authentication string must match on every router", () => {
      checkConfig(HUB, " ip nh|rp authentication DMVPN", [
        /`ip nhrp authentication <string>`/,
        /up to 8 characters/,
        /clear text/,
        /must match on every router/,
        /DMVPN_NHRP_ERROR/,
      ]);
    });

    it("says the network id turns NHRP on and stays local", () => {
      checkConfig(HUB, " ip nhrp netw|ork-id 1", [
        /Turns NHRP on/,
        /need not use the same one/,
      ]);
    });

    it("tells static mappings from multicast mappings", () => {
      checkConfig(SPOKE, " ip nhrp m|ap 10.0.0.1", [
        /`ip nhrp map <tunnel-address> <nbma-address>`/,
        /static NHRP mapping/,
        /A spoke writes one for each hub/,
      ]);
      checkConfig(SPOKE, " ip nhrp map multi|cast 203", [
        /`ip nhrp map multicast <nbma-address>`/,
        /routing hellos/,
      ]);
      checkConfig(HUB, " ip nhrp map multicast dyn|amic", [
        /`ip nhrp map multicast dynamic`/,
        /every spoke that registered/,
        /belongs on the hub/,
      ]);
    });

    it("explains next-hop servers in every form", () => {
      checkConfig(SPOKE, " ip nhrp n|hs 10.0.0.1", [
        /next-hop server \(hub\)/,
        /`ip nhrp map` of the same tunnel address/,
        /default 0/,
      ]);
      checkConfig(SPOKE, "nbma 198.51.100.1 multicast prio|rity 1", [
        /`priority` \(0-255, lowest preferred, default 0\)/,
      ]);
      checkConfig(SPOKE, " ip nhrp nhs dyn|amic nbma", [
        /`ip nhrp nhs dynamic nbma <nbma-address> multicast\?`/,
        /learns the hub's tunnel address from the reply/,
      ]);
    });

    it("gives the defaults of holdtime and registration timers", () => {
      checkConfig(HUB, " ip nhrp hold|time 300", [
        /7200 seconds \(2 h\) by default/,
        /need not agree/,
      ]);
      checkConfig(SPOKE, " ip nhrp registration time|out 60", [
        /a third of `ip nhrp holdtime`/,
      ]);
      checkConfig(SPOKE, " ip nhrp registration no-un|ique", [
        /DHCP/,
        /unique address registered already/,
      ]);
    });

    it("explains phase 3 redirects and shortcuts", () => {
      checkConfig(HUB, " ip nhrp redi|rect", [/phase 3, on the hub/]);
      checkConfig(SPOKE, " ip nhrp short|cut", [
        /phase 3, on the spokes/,
        /hairpinning through the hub/,
      ]);
    });

    it("explains the routing knobs a DMVPN hub depends on", () => {
      checkConfig(HUB, " no ip split-hor|izon eigrp 100", [
        /`ip split-horizon eigrp <asn>`/,
        /on by default/,
        /spokes learn nothing of each other/,
      ]);
      checkConfig(HUB, " no ip next-hop-s|elf eigrp 100", [
        /DMVPN phase 2 needs `no ip next-hop-self eigrp <asn>` on the hub/,
      ]);
      checkConfig(HUB, " ip ospf network point-to-multi|point", [
        /\*\*point-to-multipoint\*\*/,
        /Tunnels default to point-to-point/,
      ]);
    });

    it("offers the NHRP commands as completions, not the routing knobs", () => {
      const text = SPOKE.replace(" ip nhrp shortcut\n", " \n");
      const parsed = parseDocument(
        { uri: "file:///lab/spoke.ios", languageId: "cisco-ios", text },
        DEFAULT_ANALYSIS_SETTINGS,
      );
      const line = text.split("\n").indexOf(" ");
      const items = completionAt(parsed, { line, character: 1 }).map(
        (i) => i.insertText,
      );
      for (const command of [
        "ip nhrp network-id",
        "ip nhrp authentication",
        "ip nhrp map multicast dynamic",
        "ip nhrp shortcut",
        "tunnel key",
      ]) {
        assert.ok(items.includes(command), `${command} in ${items.join(", ")}`);
      }
      assert.ok(!items.some((i) => i.startsWith("ip split-horizon")));
      assert.ok(!items.some((i) => i.startsWith("ip ospf network")));
    });
  });

  describe("syslog messages", () => {
    const TS = "*Sep 21 07:03:50.270: ";

    it("explains the IPsec socket and the next-hop server and client states", () => {
      checkCapture(
        `${TS}%DMVPN-5-CRYPTO|_SS:  Tunnel0: local address : 198.51.100.2 remote address : 203.0.113.2 socket is DOWN`,
        [/severity 5 = notification/, /IPsec socket/, /`shared`/],
      );
      checkCapture(
        `${TS}%DMVPN-5-NHRP_NHS_D|OWN: Tunnel0: Next Hop Server : (Tunnel: 172.16.0.1 NBMA: 203.0.113.2 ) for (Tunnel: 172.16.0.2 NBMA: 198.51.100.2) is DOWN, Reason: External(NHRP: no error)`,
        [/registration with a next-hop server/, /`External`/, /tunnel key/],
      );
      checkCapture(
        `${TS}%DMVPN-5-NHRP_NHS_|UP: Tunnel0: Next Hop Server : (Tunnel: 172.16.0.1 NBMA: 203.0.113.2) for (Tunnel: 172.16.0.2 NBMA: 198.51.100.2) is  UP`,
        [/registered with a next-hop server/],
      );
      checkCapture(
        `${TS}%DMVPN-5-NHRP_NHC_|UP: Tunnel0: Next Hop Client : (Tunnel: 172.16.0.2 NBMA: 198.51.100.2) for (Tunnel: 172.16.0.1 NBMA: 203.0.113.2) is UP`,
        [/On a hub: a spoke/],
      );
      checkCapture(
        `${TS}%DMVPN-5-NHRP_NHC_|DOWN: Tunnel0: Next Hop Client : (Tunnel: 172.16.0.2 NBMA: 198.51.100.2 ) for (Tunnel: 172.16.0.1 NBMA: 203.0.113.2) is DOWN, Reason: External(NHRP: no error)`,
        [/registration was removed/],
      );
    });

    it("explains NHRP errors: authentication, error indications and recursive routing", () => {
      checkCapture(
        `${TS}%DMVPN-3-DMVPN_NHRP_|ERROR:  Tunnel0: Recieved wrong authentication string for  Registration Request , Reason:  authentication failure (11) on (Tunnel: 172.16.0.1 NBMA: 203.0.113.2)`,
        [/severity 3 = error/, /`ip nhrp authentication` differs/],
      );
      checkCapture(
        `${TS}%NHRP-3-PAK|ERROR: Received Error Indication from 10.0.0.7, code: loop detected(3)`,
        [/error indication/, /same public NBMA address/],
      );
      checkCapture(
        `${TS}%TUN-5-RECUR|DOWN: Tunnel0 temporarily disabled due to recursive routing`,
        [/recursive routing/, /outside the tunnel/],
      );
    });
  });
});
