import type { Logger } from '../../src/core/ports/index.js';

/** One line a {@link recordingLogger} received, with the bindings of its child loggers merged in. */
export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: Record<string, unknown>;
  msg: string;
}

/** JSON that shows an Error's message and stack instead of `{}`. */
function json(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) =>
      v instanceof Error ? { name: v.name, message: v.message, stack: v.stack } : v,
    );
  } catch {
    return String(value);
  }
}

/** A logger that keeps every line, for assertions on what an operator would read. */
export function recordingLogger(
  lines: LogLine[] = [],
  bindings: Record<string, unknown> = {},
): Logger & {
  lines: LogLine[];
  /** Every line as one JSON string, to check that no content leaked into logs. */
  dump(): string;
  /** One line of text per entry: level, message, fields. */
  text(): string;
} {
  const at =
    (level: LogLine['level']) =>
    (obj: Record<string, unknown>, msg: string): void => {
      lines.push({ level, obj: { ...bindings, ...obj }, msg });
    };
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (more) => recordingLogger(lines, { ...bindings, ...more }),
    dump: () => json(lines),
    text: () => lines.map((l) => `${l.level} ${l.msg} ${json(l.obj)}`).join('\n'),
  };
}
