/**
 * Syslog messages (`%FACILITY-SEVERITY-MNEMONIC: text`) that matter when an IPsec tunnel fails,
 * with what each says and what to do. Severity numbers are the syslog levels.
 */

/** The syslog severity levels by number. */
export const SYSLOG_SEVERITIES: readonly string[] = [
  "emergency",
  "alert",
  "critical",
  "error",
  "warning",
  "notification",
  "informational",
  "debugging",
];

/** One known mnemonic. */
export interface SyslogInfo {
  /** `FACILITY-MNEMONIC` without the severity (IOS changed some severities across releases). */
  key: string;
  meaning: string;
  action?: string;
}

/** Known messages. */
export const SYSLOG_MESSAGES: readonly SyslogInfo[] = [
  {
    key: "CRYPTO-IKMP_BAD_MESSAGE",
    meaning:
      "An IKE message from the peer failed its sanity check or could not be parsed. In main mode 5/6 this almost always means the peer encrypted with a different pre-shared key, so this router decrypted garbage.",
    action: "Compare `crypto isakmp key ... address <peer>` on both routers.",
  },
  {
    key: "CRYPTO-IKMP_INVAL_CERT",
    meaning:
      "The certificate received from the peer is not valid: expired, not yet valid by this router's clock, revoked, or from an untrusted CA.",
    action:
      "Check `show clock` against the certificate's validity (`show crypto ca certificates`), and the CA chain.",
  },
  {
    key: "CRYPTO-IKE_QUICKMODE_BAD_CERT",
    meaning:
      "Quick mode from a peer whose certificate does not match the identity list (`set identity`) of the crypto map, for example a DN-based map that names other peers.",
    action:
      "Add the peer's FQDN or DN to the `crypto identity` list used by the crypto map.",
  },
  {
    key: "CRYPTO-IKMP_MODE_FAILURE",
    meaning:
      "Processing of an IKE mode (main, aggressive or quick) failed with the peer.",
  },
  {
    key: "CRYPTO-IKMP_NO_SA",
    meaning: "An IKE packet arrived for an SA this router does not have.",
  },
  {
    key: "CRYPTO-IKMP_SA_NOT_AUTH",
    meaning:
      "The peer tried quick mode over an IKE SA that is not authenticated.",
  },
  {
    key: "CRYPTO-IKMP_SA_NOT_OFFERED",
    meaning:
      "The peer answered with an attribute this router did not offer or changed it.",
  },
  {
    key: "CRYPTO-IKMP_NOT_ENCRYPTED",
    meaning:
      "An IKE packet that should have been encrypted arrived in clear text.",
  },
  {
    key: "CRYPTO-RECVD_PKT_NOT_IPSEC",
    meaning:
      "A packet that matches a crypto ACL arrived unencrypted: the peer sends it in clear (its crypto ACL or tunnel protection differs).",
    action:
      "Mirror the crypto ACLs, or configure tunnel protection on both ends.",
  },
  {
    key: "CRYPTO-RECVD_PKT_INV_SPI",
    meaning:
      "An ESP or AH packet arrived with an SPI this router has no SA for, typically after one side cleared or rekeyed its SAs.",
    action:
      "Enable `crypto isakmp invalid-spi-recovery`, or clear the SAs on both ends.",
  },
  {
    key: "CRYPTO-PKT_REPLAY_ERR",
    meaning:
      "Anti-replay dropped an ESP packet outside the replay window (often QoS reordering).",
  },
  {
    key: "CRYPTO-ISAKMP_ON_OFF",
    meaning:
      "ISAKMP was turned on or off (`crypto isakmp enable` / `no crypto isakmp`).",
  },
  {
    key: "CRYPTO-SESSION_STATUS",
    meaning: "A crypto session went up or down.",
  },
  {
    key: "CRYPTO-IKMP_AG_MODE_DISABLED",
    meaning:
      "Aggressive mode was refused because it is disabled on this router.",
  },
  { key: "IKEV2-SA_UP", meaning: "An IKEv2 SA came up." },
  { key: "IKEV2-SA_DOWN", meaning: "An IKEv2 SA went down." },
  {
    key: "SYS-CONFIG_I",
    meaning: "Someone changed the configuration from a terminal.",
  },
  { key: "LINK-UPDOWN", meaning: "An interface changed state." },
  {
    key: "LINEPROTO-UPDOWN",
    meaning: "The line protocol of an interface changed state.",
  },
];

/** The entry of `FACILITY-MNEMONIC`, if known. */
export function syslogMessage(
  facility: string,
  mnemonic: string,
): SyslogInfo | undefined {
  const key = `${facility}-${mnemonic}`;
  return SYSLOG_MESSAGES.find((m) => m.key === key);
}
