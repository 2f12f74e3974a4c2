/**
 * Quantities in the units a person thinks in: IOS writes lifetimes in seconds and kilobytes, and
 * nobody reads 4608000 kilobytes as "about 4.4 GB" at a glance.
 */

const DURATION_UNITS: readonly { seconds: number; label: string }[] = [
  { seconds: 86400, label: "d" },
  { seconds: 3600, label: "h" },
  { seconds: 60, label: "min" },
  { seconds: 1, label: "s" },
];

/** Seconds as days, hours, minutes and seconds: 86400 -> "24 h", 5400 -> "1 h 30 min". */
export function humanDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) {
    return `${seconds} s`;
  }
  if (seconds === 0) {
    return "0 s";
  }
  // A whole number of hours reads best in hours up to a day and a bit (IOS lifetimes top at 24 h).
  const units = seconds <= 86400 ? DURATION_UNITS.slice(1) : DURATION_UNITS;
  const parts: string[] = [];
  let rest = Math.floor(seconds);
  for (const unit of units) {
    const n = Math.floor(rest / unit.seconds);
    if (n > 0) {
      parts.push(`${n} ${unit.label}`);
      rest -= n * unit.seconds;
    }
  }
  return parts.join(" ");
}

const SIZE_UNITS: readonly { kilobytes: number; label: string }[] = [
  { kilobytes: 1024 * 1024 * 1024, label: "TB" },
  { kilobytes: 1024 * 1024, label: "GB" },
  { kilobytes: 1024, label: "MB" },
];

/** Kilobytes (of 1024 bytes, as IOS counts them) in the largest fitting unit: 4608000 -> "4.4 GB". */
export function humanKilobytes(kilobytes: number): string {
  if (!Number.isFinite(kilobytes) || kilobytes < 0) {
    return `${kilobytes} KB`;
  }
  for (const unit of SIZE_UNITS) {
    if (kilobytes >= unit.kilobytes) {
      const value = kilobytes / unit.kilobytes;
      const text =
        value >= 100 || Number.isInteger(value)
          ? String(Math.round(value))
          : value.toFixed(1).replace(/\.0$/, "");
      return `${text} ${unit.label}`;
    }
  }
  return `${kilobytes} KB`;
}

/** A count with thousands separators, for address counts. */
export function formatCount(n: number): string {
  const digits = String(Math.trunc(n));
  let out = "";
  for (let i = 0; i < digits.length; i++) {
    const fromEnd = digits.length - i;
    out +=
      (i > 0 && fromEnd % 3 === 0 && digits[i - 1] !== "-" ? "," : "") +
      digits[i];
  }
  return out;
}

/** Names a list for a person: `A`, `A and B`, `A, B and C`. */
export function andList(items: readonly string[]): string {
  return items.length > 1
    ? `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`
    : (items[0] ?? "");
}
