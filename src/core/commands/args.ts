import { z } from 'zod';
import { RapporteurError } from '../errors.js';

/**
 * Argument introspection and text parsing for commands. A command declares its arguments
 * once as a zod object; this module reads that schema to (a) build platform option lists
 * (Discord slash options, help text) and (b) parse free text typed in Slack, e-mail or the
 * terminal ("status Vision C9 --version 3") into the same raw record that Discord hands
 * over as typed options.
 */

/** What kind of value an argument takes, as platforms understand it. */
export type ArgKind = 'string' | 'integer' | 'number' | 'boolean' | 'choice' | 'file';

/** Autocomplete sources that adapters can offer for an argument. */
export type AutocompleteSource = 'document' | 'section' | 'version' | 'meeting' | 'timezone' | 'watch';

/** Metadata a command attaches to an argument with zod's `.meta()`. */
export interface ArgMeta {
  /** Position for text parsing (1 = first word after the subcommand). */
  positional?: number;
  autocomplete?: AutocompleteSource;
  /** An example value, used in help and error messages. */
  example?: string;
  /** Marks a file argument (the schema itself is `fileArg()`). */
  file?: true;
}

export interface ArgInfo {
  name: string;
  kind: ArgKind;
  description: string;
  required: boolean;
  choices?: readonly string[];
  min?: number;
  max?: number;
  meta: ArgMeta;
}

/** A file handed to a command by an adapter; bytes are fetched lazily so limits apply first. */
export interface IncomingFile {
  name: string;
  /** Size in bytes as announced by the platform, when known (checked before download). */
  size?: number;
  contentType?: string;
  /** Downloads or reads the bytes; adapters enforce their size limit and timeout. */
  read(): Promise<Uint8Array>;
}

/** Reads a file into what the use cases take: its name, its bytes and its type when the platform gave one. */
export async function readIncoming(
  file: IncomingFile,
): Promise<{ name: string; bytes: Uint8Array; contentType?: string }> {
  const bytes = await file.read();
  return { name: file.name, bytes, ...(file.contentType ? { contentType: file.contentType } : {}) };
}

const incomingFileSchema = z.custom<IncomingFile>(
  (v) => typeof v === 'object' && v !== null && typeof (v as IncomingFile).read === 'function',
  { message: 'Expected a file attachment' },
);

/** The schema for a file argument: use `fileArg().describe('...')`. */
export function fileArg() {
  return incomingFileSchema.meta({ file: true });
}

type AnySchema = z.ZodType;

const INTEGER_FORMATS = new Set(['safeint', 'int32', 'uint32', 'int64', 'uint64']);

/** Unwraps optional/default/nullable wrappers, collecting metadata from every layer. */
function unwrap(schema: AnySchema): {
  base: AnySchema;
  required: boolean;
  meta: ArgMeta;
  description?: string;
} {
  let current = schema;
  let required = true;
  let meta: ArgMeta = {};
  let description: string | undefined;
  for (;;) {
    const m = current.meta() as (ArgMeta & { description?: string }) | undefined;
    if (m) meta = { ...m, ...meta };
    description ??= current.description;
    const def = current.def as { type: string; innerType?: AnySchema };
    if ((def.type === 'optional' || def.type === 'default' || def.type === 'nullable') && def.innerType) {
      required = false;
      current = def.innerType;
      continue;
    }
    break;
  }
  return { base: current, required, meta, ...(description === undefined ? {} : { description }) };
}

/** Describes each argument of a command's schema, in declaration order. */
export function describeArgs(schema: z.ZodObject): ArgInfo[] {
  return Object.entries(schema.shape).map(([name, field]) => {
    const { base, required, meta, description } = unwrap(field as AnySchema);
    const def = base.def as {
      type: string;
      checks?: {
        _zod: { def: { check: string; format?: string; value?: number; minimum?: number; maximum?: number } };
      }[];
    };
    let kind: ArgKind = 'string';
    const info: ArgInfo = { name, kind, description: description ?? name, required, meta };
    if (meta.file) kind = 'file';
    else if (def.type === 'boolean') kind = 'boolean';
    else if (def.type === 'enum') {
      kind = 'choice';
      info.choices = (base as unknown as { options: string[] }).options;
    } else if (def.type === 'number') {
      kind = def.checks?.some((c) => INTEGER_FORMATS.has(c._zod.def.format ?? '')) ? 'integer' : 'number';
      for (const c of def.checks ?? []) {
        const d = c._zod.def;
        if (d.check === 'greater_than' && typeof d.value === 'number') info.min = d.value;
        if (d.check === 'less_than' && typeof d.value === 'number') info.max = d.value;
      }
    }
    info.kind = kind;
    return info;
  });
}

/** Splits command text into words, honouring straight and typographic quotes. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  const re = /([A-Za-z][\w-]*[:=])?(?:"([^"]*)"|“([^”]*)”|'([^']*)'|‘([^’]*)’)|(\S+)/g;
  for (const m of text.matchAll(re)) {
    out.push(m[6] ?? `${m[1] ?? ''}${m[2] ?? m[3] ?? m[4] ?? m[5] ?? ''}`);
  }
  return out;
}

/** Formats the usage line of a command from its arguments. */
export function usageLine(invocation: string, args: ArgInfo[]): string {
  const positional = args
    .filter((a) => a.meta.positional !== undefined)
    .sort((a, b) => (a.meta.positional ?? 0) - (b.meta.positional ?? 0));
  const named = args.filter((a) => a.meta.positional === undefined && a.kind !== 'file');
  const parts = [invocation];
  for (const a of positional) parts.push(a.required ? `<${a.name}>` : `[${a.name}]`);
  for (const a of named) {
    const value = a.kind === 'boolean' ? '' : ` <${a.choices ? a.choices.join('|') : a.name}>`;
    parts.push(a.required ? `--${a.name}${value}` : `[--${a.name}${value}]`);
  }
  for (const a of args.filter((x) => x.kind === 'file' && x.meta.positional === undefined)) {
    parts.push(a.required ? `(attach ${a.name})` : `[attach ${a.name}]`);
  }
  return parts.join(' ');
}

/**
 * Parses words typed after a subcommand into a raw argument record: positionals in
 * declared order, `--name value`, `--flag`, `name:value` and `name=value`. Files come
 * from `files` (attachments) in order, or from a resolver for typed paths (terminal).
 * Throws INVALID_ARGUMENT naming what was expected, with an example.
 */
export function parseTextArgs(
  words: string[],
  args: ArgInfo[],
  context: {
    invocation: string;
    example?: string;
    files?: IncomingFile[];
    resolveFile?: (path: string) => IncomingFile;
  },
): Record<string, unknown> {
  const byName = new Map(args.map((a) => [a.name.toLowerCase(), a]));
  const positional = args
    .filter((a) => a.meta.positional !== undefined)
    .sort((a, b) => (a.meta.positional ?? 0) - (b.meta.positional ?? 0));
  const raw: Record<string, unknown> = {};
  const extra: string[] = [];
  const fail = (problem: string): never => {
    const usage = usageLine(context.invocation, args);
    throw new RapporteurError('INVALID_ARGUMENT', `${problem} Usage: ${usage}.`, {
      hint: context.example
        ? `Example: ${context.example}`
        : `Type \`${context.invocation.split(' ')[0]} help\` for help.`,
    });
  };
  let posIndex = 0;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    let name: string | undefined;
    let value: string | undefined;
    const long = /^--([a-z][\w-]*)(?:=(.*))?$/i.exec(word);
    const pair = /^([a-z][\w-]*)[:=](.+)$/i.exec(word);
    if (long) {
      name = long[1] as string;
      value = long[2];
    } else if (pair && byName.has((pair[1] as string).toLowerCase())) {
      name = pair[1] as string;
      value = pair[2];
    }
    if (name !== undefined) {
      const arg = byName.get(name.toLowerCase()) ?? byName.get(name.replaceAll('-', '').toLowerCase());
      if (!arg) fail(`Unknown option "${name}".`);
      const a = arg as ArgInfo;
      if (a.kind === 'boolean' && value === undefined) {
        raw[a.name] = true;
        continue;
      }
      if (value === undefined) {
        value = words[i + 1];
        if (value === undefined) fail(`Option --${a.name} needs a value.`);
        i++;
      }
      raw[a.name] = convert(a, value as string, context, fail);
      continue;
    }
    // A positional word: the next positional argument not yet given by name.
    while (posIndex < positional.length && (positional[posIndex] as ArgInfo).name in raw) posIndex++;
    const target = positional[posIndex];
    if (!target) {
      extra.push(word);
      continue;
    }
    // The last positional string argument swallows the rest of the words (titles, labels).
    const isLastString = target.kind === 'string' && posIndex === positional.length - 1;
    if (isLastString) {
      const rest: string[] = [word];
      while (
        i + 1 < words.length &&
        !/^--/.test(words[i + 1] as string) &&
        !isNamedPair(words[i + 1] as string, byName)
      ) {
        rest.push(words[++i] as string);
      }
      raw[target.name] = rest.join(' ');
    } else raw[target.name] = convert(target, word, context, fail);
    posIndex++;
  }
  if (extra.length > 0) fail(`Unexpected "${extra.join(' ')}".`);
  // Files: attachments fill file arguments not given by path.
  const files = [...(context.files ?? [])];
  for (const a of args) {
    if (a.kind === 'file' && raw[a.name] === undefined && files.length > 0) raw[a.name] = files.shift();
  }
  return raw;
}

function isNamedPair(word: string, byName: Map<string, ArgInfo>): boolean {
  const pair = /^([a-z][\w-]*)[:=](.+)$/i.exec(word);
  return pair !== null && byName.has((pair[1] as string).toLowerCase());
}

function convert(
  a: ArgInfo,
  value: string,
  context: { resolveFile?: (path: string) => IncomingFile },
  fail: (problem: string) => never,
): unknown {
  switch (a.kind) {
    case 'integer':
    case 'number': {
      const n = Number(value);
      if (!Number.isFinite(n) || (a.kind === 'integer' && !Number.isInteger(n))) {
        fail(`"${value}" is not a valid ${a.kind} for ${a.name}.`);
      }
      return n;
    }
    case 'boolean': {
      const v = value.toLowerCase();
      if (['true', 'yes', 'on', '1'].includes(v)) return true;
      if (['false', 'no', 'off', '0'].includes(v)) return false;
      return fail(`"${value}" is not yes/no for ${a.name}.`);
    }
    case 'choice': {
      const match = a.choices?.find((c) => c.toLowerCase() === value.toLowerCase());
      if (!match) fail(`"${value}" is not one of ${a.choices?.join(', ')} for ${a.name}.`);
      return match;
    }
    case 'file':
      if (!context.resolveFile) return fail(`Attach the file for ${a.name} instead of typing a name.`);
      return context.resolveFile(value);
    default:
      return value;
  }
}

/** Turns a zod error on a command's arguments into one message a user can act on. */
export function explainArgError(
  error: z.ZodError,
  args: ArgInfo[],
  invocation: string,
  example?: string,
): RapporteurError {
  const problems = error.issues.map((issue) => {
    const name = String(issue.path[0] ?? '');
    const arg = args.find((a) => a.name === name);
    if (issue.code === 'invalid_type' && issue.input === undefined)
      return `${name} is required (${arg?.description ?? name}).`;
    return `${name}: ${issue.message}${arg ? ` (${arg.description})` : ''}.`;
  });
  return new RapporteurError(
    'INVALID_ARGUMENT',
    `${problems.join(' ')} Usage: ${usageLine(invocation, args)}.`,
    {
      hint: example ? `Example: ${example}` : 'Add the missing values and try again.',
    },
  );
}
