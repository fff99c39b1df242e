/** Discord's epoch (2015-01-01T00:00:00Z): snowflakes count milliseconds from here. */
const DISCORD_EPOCH = 1_420_070_400_000n;
let increment = 0n;

/**
 * A snowflake id as Discord makes them: milliseconds since the Discord epoch in the high
 * bits, then worker, process and a per-process increment. Real-shaped ids matter because
 * discord.js derives creation times from them and our code validates their form.
 */
export function snowflake(at: number = Date.now()): string {
  increment = (increment + 1n) & 0xfffn;
  return (((BigInt(at) - DISCORD_EPOCH) << 22n) | (1n << 17n) | (1n << 12n) | increment).toString();
}
