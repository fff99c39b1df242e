/**
 * The small set of errors Rapporteur raises on purpose. Every error has a stable code
 * (adapters, jobs and tests switch on it), a message that says what is wrong, and a hint
 * that says what the user can do about it. Wording is English; adapters may translate
 * by code.
 */
export const ERROR_CODES = [
  'FILE_NOT_FOUND',
  'FILE_TOO_LARGE',
  'UNREADABLE_ENCODING',
  'UNSUPPORTED_TYPE',
  'TYPE_MISMATCH',
  'CORRUPT_FILE',
  'ENCRYPTED',
  'NO_TEXT',
  'LIMIT_EXCEEDED',
  'TIMEOUT',
  'INVALID_ARGUMENT',
  'NOT_FOUND',
  'PERMISSION_DENIED',
  'CONFLICT',
  'RATE_LIMITED',
  'UNAVAILABLE',
  'CONFIG_INVALID',
  'INTERNAL',
] as const;

/** A stable, machine-readable error code. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Codes whose cause may go away on retry (network, a busy service); all others are permanent. */
const TRANSIENT: ReadonlySet<ErrorCode> = new Set(['TIMEOUT', 'RATE_LIMITED', 'UNAVAILABLE']);

export interface RapporteurErrorOptions {
  /** What the user can do about it, in one sentence. */
  hint?: string;
  /** Structured facts for logs and JSON output; never secrets or document contents. */
  details?: Record<string, unknown>;
  cause?: unknown;
}

/** An expected failure with a stable code and a message that tells the user how to fix it. */
export class RapporteurError extends Error {
  override readonly name = 'RapporteurError';
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: RapporteurErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
    this.details = options.details;
  }

  /** True when retrying the same operation later may succeed. */
  get transient(): boolean {
    return TRANSIENT.has(this.code);
  }

  /** The message and the hint as one line for a human. */
  describe(): string {
    return this.hint ? `${this.message} ${this.hint}` : this.message;
  }

  toJSON(): { code: ErrorCode; message: string; hint?: string; details?: Record<string, unknown> } {
    return {
      code: this.code,
      message: this.message,
      ...(this.hint === undefined ? {} : { hint: this.hint }),
      ...(this.details === undefined ? {} : { details: this.details }),
    };
  }
}

/** Narrowing helper that also accepts errors that crossed a worker boundary as plain objects. */
export function isRapporteurError(value: unknown): value is RapporteurError {
  return value instanceof RapporteurError;
}

/** The shape of a schema validation failure (zod's ZodError), without depending on zod here. */
interface RuleViolation {
  name: string;
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>;
}

function isRuleViolation(value: unknown): value is RuleViolation {
  return (
    value instanceof Error &&
    value.name === 'ZodError' &&
    Array.isArray((value as { issues?: unknown }).issues)
  );
}

/**
 * A schema's refusal of a value (a zod rule that failed inside a use case) as the user
 * error it is: INVALID_ARGUMENT carrying the rule's own messages. Anything else is returned
 * unchanged (undefined when it is not such a refusal).
 */
export function ruleViolationError(err: unknown): RapporteurError | undefined {
  if (!isRuleViolation(err)) return undefined;
  const messages = [
    ...new Set(
      err.issues.map((i) => {
        const where = i.path.map(String).join('.');
        return where ? `${where}: ${i.message}` : i.message;
      }),
    ),
  ];
  return new RapporteurError('INVALID_ARGUMENT', `${messages.join('; ')}.`.replace(/\.\.$/, '.'), {
    hint: 'Check the value and try again; /rapporteur help shows each command with examples.',
    cause: err,
  });
}

/** The message of anything thrown, for logs and error details: an Error's message, anything else as text. */
export function messageOf(thrown: unknown): string {
  return thrown instanceof Error ? thrown.message : String(thrown);
}
