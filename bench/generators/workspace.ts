import { dotted, Random } from "./random";

/** One generated config of the workspace. */
/** An ISAKMP policy every router of the generated hub and DMVPN workspaces shares. */
export const SHARED_POLICY = [
  "crypto isakmp policy 10",
  " encr aes 256",
  " hash sha256",
  " authentication pre-share",
  " group 14",
];

/** A router's config file: its hostname, the given lines, and `end`. */
export function routerFile(
  name: string,
  hostname: string,
  lines: readonly string[],
): WorkspaceFile {
  return {
    name,
    text: [`hostname ${hostname}`, "!", ...lines, "end", ""].join("\n"),
  };
}

export interface WorkspaceFile {
  /** File name, such as `site-0042-a.ios`. */
  name: string;
  text: string;
}

/** What can be wrong between the two routers of a pair (most pairs are healthy). */
const FAULTS = [
  "none",
  "none",
  "none",
  "none",
  "none",
  "none",
  "key",
  "transform",
  "mirror",
  "peer",
  "policy",
] as const;

/**
 * A workspace of `pairs` × 2 configs: each pair is two branch routers with a crypto map tunnel
 * between their LANs, as the seed's Tokyo and Osaka. A seeded share of the pairs carries one of the
 * classic faults (different keys, no common transform, non-mirrored ACLs, wrong peer address, no
 * common phase 1 policy) so peer checks have something to find.
 */
export function generateWorkspace(
  seed: number,
  pairs: number,
): WorkspaceFile[] {
  const r = new Random(seed);
  const files: WorkspaceFile[] = [];
  for (let i = 0; i < pairs; i++) {
    const fault = r.pick(FAULTS);
    const wanA = dotted((198 << 24) + (51 << 16) + i * 8 + 1);
    const wanB = dotted((203 << 24) + (0 << 16) + i * 8 + 2);
    const lanA = (10 << 24) + (i << 8);
    const lanB = (10 << 24) + (128 << 16) + (i << 8);
    const key = `pair${i}secret`;
    files.push({
      name: `site-${String(i).padStart(4, "0")}-a.ios`,
      text: router(r, `site${i}a`, wanA, wanB, lanA, lanB, {
        key,
        transform: "esp-aes 256 esp-sha-hmac",
        encryption: "aes 256",
        mirrorExtra: false,
      }),
    });
    files.push({
      name: `site-${String(i).padStart(4, "0")}-b.ios`,
      text: router(
        r,
        `site${i}b`,
        wanB,
        fault === "peer" ? dotted((198 << 24) + (51 << 16) + i * 8 + 5) : wanA,
        lanB,
        lanA,
        {
          key: fault === "key" ? `${key}x` : key,
          transform:
            fault === "transform"
              ? "esp-3des esp-md5-hmac"
              : "esp-aes 256 esp-sha-hmac",
          encryption: fault === "policy" ? "3des" : "aes 256",
          mirrorExtra: fault === "mirror",
        },
      ),
    });
  }
  return files;
}

function router(
  r: Random,
  hostname: string,
  wan: string,
  peer: string,
  lan: number,
  remoteLan: number,
  opts: {
    key: string;
    transform: string;
    encryption: string;
    mirrorExtra: boolean;
  },
): string {
  const lines = [
    "!",
    "version 15.2",
    "service timestamps debug datetime msec",
    "!",
    `hostname ${hostname}`,
    "!",
    "crypto isakmp policy 10",
    ` encr ${opts.encryption}`,
    " hash sha",
    " authentication pre-share",
    " group 14",
    `crypto isakmp key ${opts.key} address ${peer}`,
    "!",
    `crypto ipsec transform-set TS ${opts.transform}`,
    " mode tunnel",
    "!",
    "crypto map VPN 10 ipsec-isakmp",
    ` set peer ${peer}`,
    " set transform-set TS",
    " match address CRYPTO",
    "!",
    "interface GigabitEthernet0/0",
    " description WAN",
    ` ip address ${wan} 255.255.255.248`,
    " crypto map VPN",
    "!",
    "interface GigabitEthernet0/1",
    " description LAN",
    ` ip address ${dotted(lan + 1)} 255.255.255.0`,
    "!",
  ];
  for (let k = 0; k < r.int(5, 40); k++) {
    lines.push(
      `interface Loopback${k}`,
      ` ip address ${dotted((192 << 24) + (168 << 16) + k)} 255.255.255.255`,
      "!",
    );
  }
  const gateway = wan.replace(/\.\d+$/, ".6");
  lines.push(
    `ip route 0.0.0.0 0.0.0.0 ${gateway}`,
    "!",
    "ip access-list extended CRYPTO",
    ` permit ip ${dotted(lan)} 0.0.0.255 ${dotted(remoteLan)} 0.0.0.255`,
  );
  if (opts.mirrorExtra) {
    lines.push(
      ` permit ip ${dotted(lan)} 0.0.0.255 ${dotted(remoteLan + 256)} 0.0.0.255`,
    );
  }
  lines.push("!", "line vty 0 4", " transport input ssh", "!", "end");
  return lines.join("\n") + "\n";
}
