import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  describeArgs,
  fileArg,
  type IncomingFile,
  parseTextArgs,
  tokenize,
  usageLine,
} from '../../src/core/commands/args.js';
import { RapporteurError } from '../../src/core/errors.js';

const schema = z.object({
  document: z
    .string()
    .describe('The draft, e.g. Vision')
    .meta({ positional: 1, autocomplete: 'document' })
    .optional(),
  section: z
    .string()
    .describe('A section id such as C9')
    .meta({ positional: 2, autocomplete: 'section' })
    .optional(),
  version: z.number().int().min(1).describe('Version number').optional(),
  full: z.boolean().describe('Show everything').optional(),
  format: z.enum(['text', 'json']).describe('Output format').default('text'),
});
const args = describeArgs(schema);
const ctx = { invocation: '/brackets status', example: '/brackets status Vision C9' };

describe('describeArgs', () => {
  it('reads kinds, descriptions, requiredness and metadata from the zod schema', () => {
    expect(args.map((a) => [a.name, a.kind, a.required])).toEqual([
      ['document', 'string', false],
      ['section', 'string', false],
      ['version', 'integer', false],
      ['full', 'boolean', false],
      ['format', 'choice', false],
    ]);
    expect(args[0]?.description).toBe('The draft, e.g. Vision');
    expect(args[0]?.meta.autocomplete).toBe('document');
    expect(args[4]?.choices).toEqual(['text', 'json']);
  });

  it('recognises file arguments', () => {
    const info = describeArgs(z.object({ file: fileArg().describe('The draft file') }));
    expect(info[0]).toMatchObject({ kind: 'file', required: true, description: 'The draft file' });
  });
});

describe('tokenize', () => {
  it('keeps quoted phrases together, including typographic quotes and name:"a b"', () => {
    expect(tokenize('post Vision label:"1 June version" --note “late night”')).toEqual([
      'post',
      'Vision',
      'label:1 June version',
      '--note',
      'late night',
    ]);
  });
});

describe('parseTextArgs', () => {
  it('maps positionals in order and named options in any form', () => {
    expect(parseTextArgs(['Vision', 'C9', '--version', '3', '--full', 'format:json'], args, ctx)).toEqual({
      document: 'Vision',
      section: 'C9',
      version: 3,
      full: true,
      format: 'json',
    });
  });

  it('lets the last positional string take the rest of the words', () => {
    expect(parseTextArgs(['Vision', 'Action', 'Line', 'C9', '--full'], args, ctx)).toEqual({
      document: 'Vision',
      section: 'Action Line C9',
      full: true,
    });
  });

  it('refuses an unknown option with the usage and an example', () => {
    try {
      parseTextArgs(['--colour', 'red'], args, ctx);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(RapporteurError);
      const e = err as RapporteurError;
      expect(e.code).toBe('INVALID_ARGUMENT');
      expect(e.message).toContain('Unknown option "colour"');
      expect(e.message).toContain('/brackets status [document] [section]');
      expect(e.hint).toBe('Example: /brackets status Vision C9');
    }
  });

  it('refuses a non-number for a number and a value outside the choices', () => {
    expect(() => parseTextArgs(['--version', 'three'], args, ctx)).toThrow(/"three" is not a valid integer/);
    expect(() => parseTextArgs(['--format', 'xml'], args, ctx)).toThrow(/not one of text, json/);
  });

  it('fills file arguments from attachments, or from typed paths through a resolver', () => {
    const fileSchema = describeArgs(
      z.object({
        file: fileArg().describe('The draft').meta({ positional: 1 }),
        label: z.string().optional(),
      }),
    );
    const attached: IncomingFile = { name: 'v7.docx', read: async () => new Uint8Array() };
    expect(
      parseTextArgs(['--label', 'v7'], fileSchema, { invocation: '/draft post', files: [attached] }),
    ).toEqual({
      label: 'v7',
      file: attached,
    });
    const typed = parseTextArgs(['drafts/v7.docx'], fileSchema, {
      invocation: '/draft post',
      resolveFile: (path) => ({ name: path, read: async () => new Uint8Array() }),
    });
    expect((typed.file as IncomingFile).name).toBe('drafts/v7.docx');
  });

  it('writes a usage line from the schema', () => {
    expect(usageLine('/brackets status', args)).toBe(
      '/brackets status [document] [section] [--version <version>] [--full] [--format <text|json>]',
    );
  });
});
