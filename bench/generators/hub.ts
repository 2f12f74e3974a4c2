import { dotted } from "./random";
import { routerFile, SHARED_POLICY, type WorkspaceFile } from "./workspace";

/** The phase 1 and phase 2 settings every router shares. */
const COMMON = [
  ...SHARED_POLICY,
  "!",
  "crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac",
  " mode tunnel",
  "!",
];

/**
 * A hub with `branches` static crypto map peers, as large sites ran them before DMVPN: on the hub
 * a key, a crypto map entry and a crypto ACL per branch; each branch a crypto map entry toward
 * the hub with the mirror ACL. All healthy. The shape that makes per-peer scans of the hub's
 * entries or keys quadratic.
 */
export function generateHub(branches: number): WorkspaceFile[] {
  const hubAddress = "203.0.113.1";
  // Branch i: its outside address on a /30 of its own in 198.18.0.0/15, its LAN a /24 in
  // 172.16.0.0/12.
  const outside = (i: number) => (198 << 24) + (18 << 16) + i * 4;
  const lan = (i: number) => (172 << 24) + (16 << 16) + (i << 8);
  const keys: string[] = [];
  const entries: string[] = [];
  const acls: string[] = [];
  for (let i = 1; i <= branches; i++) {
    const peer = dotted(outside(i) + 2);
    keys.push(`crypto isakmp key Br4nch${i} address ${peer}`);
    entries.push(
      `crypto map VPN ${i} ipsec-isakmp`,
      ` set peer ${peer}`,
      " set transform-set TS",
      ` match address VPN-${i}`,
    );
    acls.push(
      `ip access-list extended VPN-${i}`,
      ` permit ip 10.0.0.0 0.0.255.255 ${dotted(lan(i))} 0.0.0.255`,
    );
  }
  const files: WorkspaceFile[] = [
    routerFile("hub.ios", "Hub", [
      ...COMMON,
      ...keys,
      "!",
      ...entries,
      "!",
      "interface GigabitEthernet0/0",
      ` ip address ${hubAddress} 255.255.255.252`,
      " crypto map VPN",
      "!",
      "interface GigabitEthernet0/1",
      " ip address 10.0.0.1 255.255.0.0",
      "!",
      ...acls,
      "!",
      "ip route 0.0.0.0 0.0.0.0 203.0.113.2",
    ]),
  ];
  for (let i = 1; i <= branches; i++) {
    files.push(
      routerFile(`branch-${String(i).padStart(4, "0")}.ios`, `Branch${i}`, [
        ...COMMON,
        `crypto isakmp key Br4nch${i} address ${hubAddress}`,
        "!",
        "crypto map VPN 10 ipsec-isakmp",
        ` set peer ${hubAddress}`,
        " set transform-set TS",
        " match address VPN",
        "!",
        "interface GigabitEthernet0/0",
        ` ip address ${dotted(outside(i) + 2)} 255.255.255.252`,
        " crypto map VPN",
        "!",
        "interface GigabitEthernet0/1",
        ` ip address ${dotted(lan(i) + 1)} 255.255.255.0`,
        "!",
        "ip access-list extended VPN",
        ` permit ip ${dotted(lan(i))} 0.0.0.255 10.0.0.0 0.0.255.255`,
        "!",
        `ip route 0.0.0.0 0.0.0.0 ${dotted(outside(i) + 1)}`,
      ]),
    );
  }
  return files;
}
