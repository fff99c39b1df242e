import { z } from 'zod';
import { AGREED_RANKS } from '../language/index.js';

/** Arguments the /language commands share: an agreed text's metadata. */

export const titleArg = () =>
  z
    .string()
    .trim()
    .min(1)
    .max(500)
    .describe('Title of the agreed text, e.g. "Tunis Agenda for the Information Society"');

export const adoptedArg = () =>
  z
    .string()
    .trim()
    .min(1)
    .max(40)
    .describe('Date of adoption, YYYY-MM-DD: the most recent agreed text wins')
    .meta({ example: '2005-11-18' });

export const symbolArg = () =>
  z.string().trim().min(1).max(200).describe('Document symbol, e.g. WSIS-05/TUNIS/DOC/6(Rev.1)');

export const bodyArg = () =>
  z
    .string()
    .trim()
    .min(1)
    .max(500)
    .describe('The body that adopted it, e.g. "World Summit on the Information Society"');

export const rankArg = () =>
  z.enum(AGREED_RANKS).describe('Rank of that body: summit, ministerial or committee');
