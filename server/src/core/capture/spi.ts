/**
 * IPsec SPIs as captures print them: `0x7E5A7D6C`, `0x7E5A7D6C(2119859564)`, `7E5A7D6C` (show
 * output), or a decimal that old IOS prints signed (`-565122577`). One 32-bit value for all.
 */

/** The SPI's unsigned 32-bit value; undefined for text of another shape (an IKEv2 SA's 64 bits). */
export function spiValue(text: string): number | undefined {
  let value: number | undefined;
  const hexDec = /^0x([0-9A-Fa-f]{1,8})\s?\((\d+)\)$/.exec(text);
  if (hexDec) {
    value = parseInt(hexDec[1]!, 16);
  } else if (/^0x[0-9A-Fa-f]{1,8}$/.test(text)) {
    value = parseInt(text.slice(2), 16);
  } else if (/^-?\d{1,10}$/.test(text)) {
    const n = Number(text);
    value = n < 0 ? n + 0x100000000 : n;
  } else if (/^[0-9A-Fa-f]{8}$/.test(text)) {
    value = parseInt(text, 16);
  }
  return value !== undefined && value >= 0 && value <= 0xffffffff
    ? value
    : undefined;
}

/** An SPI as `show crypto ipsec sa` writes it: `0x7E5A7D6C`. */
export function formatSpi(value: number): string {
  return `0x${value.toString(16).toUpperCase().padStart(8, "0")}`;
}
