import { dotted } from "./random";
import { routerFile, SHARED_POLICY, type WorkspaceFile } from "./workspace";

/** The crypto settings every router of the cloud shares. */
const COMMON = [
  ...SHARED_POLICY,
  "crypto isakmp key Cl0udK3y address 0.0.0.0 0.0.0.0",
  "!",
  "crypto ipsec transform-set DMVPN-TS esp-aes 256 esp-sha256-hmac",
  " mode transport",
  "!",
  "crypto ipsec profile DMVPN",
  " set transform-set DMVPN-TS",
  "!",
];

/** The end of every router's tunnel section, and the start of its outside interface's. */
const TUNNEL = [
  " tunnel source GigabitEthernet0/1",
  " tunnel mode gre multipoint",
  " tunnel key 100",
  " tunnel protection ipsec profile DMVPN",
  "!",
  "interface GigabitEthernet0/1",
];

/**
 * A DMVPN phase 3 cloud: one hub and `spokes` spokes on the tunnel subnet 172.16.0.0/16, each
 * spoke registering to the hub's NBMA address and able to build a tunnel to every other spoke
 * (N(N-1)/2 spoke pairs). Healthy: every router holds the cloud's wildcard key.
 */
export function generateDmvpn(spokes: number): WorkspaceFile[] {
  const hubNbma = "203.0.113.1";
  const files: WorkspaceFile[] = [
    routerFile("hub.ios", "Hub", [
      ...COMMON,
      "interface Tunnel0",
      " ip address 172.16.0.1 255.255.0.0",
      " ip nhrp authentication NHRPauth",
      " ip nhrp map multicast dynamic",
      " ip nhrp network-id 10",
      " ip nhrp redirect",
      ...TUNNEL,
      ` ip address ${hubNbma} 255.255.255.252`,
      "!",
      "ip route 0.0.0.0 0.0.0.0 203.0.113.2",
    ]),
  ];
  for (let i = 1; i <= spokes; i++) {
    // Each spoke's outside address on a /30 of its own in 198.18.0.0/15.
    const base = (198 << 24) + (18 << 16) + i * 4;
    files.push(
      routerFile(`spoke-${String(i).padStart(4, "0")}.ios`, `Spoke${i}`, [
        ...COMMON,
        "interface Tunnel0",
        ` ip address ${dotted((172 << 24) + (16 << 16) + 1 + i)} 255.255.0.0`,
        " ip nhrp authentication NHRPauth",
        " ip nhrp network-id 10",
        ` ip nhrp nhs 172.16.0.1 nbma ${hubNbma} multicast`,
        " ip nhrp shortcut",
        ...TUNNEL,
        ` ip address ${dotted(base + 2)} 255.255.255.252`,
        "!",
        "interface GigabitEthernet0/2",
        ` ip address ${dotted((10 << 24) + (i << 8) + 1)} 255.255.255.0`,
        "!",
        `ip route 0.0.0.0 0.0.0.0 ${dotted(base + 1)}`,
      ]),
    );
  }
  return files;
}
