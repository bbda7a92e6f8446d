/**
 * JSON.stringify throws on bigint, and converting to number would round Ping's 64-bit byte
 * counters above 2^53. This writes bigints as raw integer literals and leaves the rest to
 * JSON.stringify, so `9007199254740993n` reaches the wire digit for digit.
 */
export function toJsonText(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return `[${value.map((item) => toJsonText(item ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value)
      .filter(([, member]) => member !== undefined)
      .map(([key, member]) => `${JSON.stringify(key)}:${toJsonText(member)}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}
