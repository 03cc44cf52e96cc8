import {
  inputEntries,
  inputLabel,
  methodProblem,
  resolveMethod,
  type AnyInputKey,
  type InputKind,
  parseCount,
  parseEpochs,
  parsePositiveInt,
  parseUsd,
  quote,
  type Parsed,
} from '../engine/index.js';

export type Command =
  'estimate' | 'compare' | 'recommend' | 'explain' | 'parse' | 'ask' | 'chat' | 'models' | 'gpus' | 'prices' | 'help' | 'version';

export interface CliRequest {
  command: Command;
  /** Engine input: an estimate's fields, and for recommend its facts (budgetUsd, task, ...). */
  input: Record<string, unknown>;
  json: boolean;
  /** `ftcost help estimate` asks about one command; `ftcost explain lora` names a topic. */
  topic?: string;
  /** Free text after `recommend` or `parse`, for the intent parser. */
  text?: string;
  /** `ftcost compare ... --png FILE`: also draw the comparison as a PNG chart into FILE. */
  png?: string;
}

const COMMANDS: Command[] = [
  'estimate',
  'compare',
  'recommend',
  'explain',
  'parse',
  'ask',
  'chat',
  'models',
  'gpus',
  'prices',
  'help',
  'version',
];
/** A word that names a method: one ftcost models, or one it knows by name and refuses with its closest relative. */
const isMethodWord = (word: string): boolean => resolveMethod(word).ok || methodProblem(word).code === 'method-not-modelled';
const SIZE_WORD = /^(\d+(\.\d+)?|\d+x\d+)b$/i;
const VARIANT_WORD = /^(instruct|chat|base|it|hf)$/i;
const UNIT_WORDS = /^(examples?|samples?|rows?|records?|docs?|documents?|conversations?|pairs?|epochs?|ep)$/i;

type FlagKind = InputKind | 'negbool';
interface FlagSpec {
  flag: string;
  key: AnyInputKey | 'model' | 'method' | 'json' | 'help' | 'png';
  kind: FlagKind;
  label: string;
  choices?: readonly string[];
  /** Facts only `recommend` reads. */
  recommendOnly?: boolean;
}

/** Every flag: the job inputs and recommend facts from their one declaration, plus the command line's own. */
const FLAGS: Record<string, FlagSpec> = (() => {
  const flags: Record<string, FlagSpec> = {};
  for (const [key, spec] of inputEntries()) {
    if (!spec.cli) continue;
    const base = {
      flag: spec.cli.flag,
      key,
      label: inputLabel(key),
      ...(spec.choices ? { choices: spec.choices } : {}),
      ...(spec.recommendOnly ? { recommendOnly: true } : {}),
    };
    flags[spec.cli.flag] = { ...base, kind: spec.kind };
    if (spec.cli.negation) flags[spec.cli.negation] = { ...base, kind: 'negbool' };
  }
  flags.model = { flag: 'model', key: 'model', kind: 'text', label: 'model' };
  flags.method = { flag: 'method', key: 'method', kind: 'text', label: 'method' };
  flags.json = { flag: 'json', key: 'json', kind: 'bool', label: 'json' };
  flags.png = { flag: 'png', key: 'png', kind: 'text', label: 'PNG file' };
  flags.help = { flag: 'help', key: 'help', kind: 'bool', label: 'help' };
  return flags;
})();

/** The flags for --help: each input's flag, value and description, from the same declaration. */
export function flagHelp(recommendOnly: boolean): Array<{ flag: string; description: string }> {
  return inputEntries()
    .filter(([, spec]) => spec.cli && Boolean(spec.recommendOnly) === recommendOnly)
    .map(([, spec]) => {
      const cli = spec.cli as NonNullable<typeof spec.cli>;
      const value = spec.kind === 'bool' ? '' : ` ${spec.choices ? spec.choices.join('|') : (cli.valueName ?? 'N')}`;
      const flag = `--${cli.flag}${value}${cli.negation ? `, --${cli.negation}` : ''}`;
      return { flag, description: `${spec.description}${spec.defaultText ? `; default ${spec.defaultText}` : ''}` };
    });
}

const fail = (error: string): Parsed<CliRequest> => ({ ok: false, error });

function flagValue(spec: FlagSpec, raw: string): Parsed<unknown> {
  if (spec.choices && !spec.choices.includes(raw.toLowerCase())) {
    return { ok: false, error: `--${spec.flag}: ${quote(raw)} is not accepted; use ${spec.choices.join(' or ')}` };
  }
  switch (spec.kind) {
    case 'count':
      return parseCount(raw, spec.label);
    case 'number':
      return parseEpochs(raw);
    case 'int':
      return parsePositiveInt(raw, spec.label);
    case 'usd':
      return parseUsd(raw);
    default:
      return { ok: true, value: spec.choices ? raw.toLowerCase() : raw };
  }
}

/**
 * `ftcost [estimate] <method> <model> [examples] [epochs] [flags]`, `ftcost compare <model> [examples] [epochs]`,
 * and the listings. Accepts what people type: `10k`, `250k examples`, `3 epochs`, `x3`, `--gpu=A100 80GB`.
 */
export function parseArgs(argv: readonly string[]): Parsed<CliRequest> {
  const positional: string[] = [];
  const input: Record<string, unknown> = {};
  const recommendFlags: string[] = [];
  let json = false;
  let help = false;
  let png: string | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h') {
      help = true;
      continue;
    }
    if (arg === '--version' || arg === '-V') return { ok: true, value: { command: 'version', input: {}, json: false } };
    if (!arg.startsWith('--') || /^--?\d/.test(arg)) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = (eq === -1 ? arg.slice(2) : arg.slice(2, eq)).toLowerCase();
    const spec = Object.hasOwn(FLAGS, name) ? FLAGS[name] : undefined;
    if (!spec) return fail(`unknown flag ${quote(arg.slice(0, 40))}; see ftcost --help`);
    if (spec.recommendOnly) recommendFlags.push(`--${name}`);
    if (spec.kind === 'bool' || spec.kind === 'negbool') {
      if (eq !== -1) return fail(`--${name} takes no value`);
      if (spec.key === 'json') json = true;
      else if (spec.key === 'help') help = true;
      else input[spec.key] = spec.kind === 'bool';
      continue;
    }
    let raw: string | undefined = eq === -1 ? argv[i + 1] : arg.slice(eq + 1);
    if (eq === -1) i += 1;
    if (raw === undefined || (eq === -1 && raw.startsWith('--'))) return fail(`--${name} needs a value (${spec.label})`);
    if (spec.key === 'png') {
      if (raw.trim() === '') return fail('--png needs a file name, e.g. --png chart.png');
      png = raw;
      continue;
    }
    // `--gpu A100 80GB` arrives as two words.
    if (spec.key === 'gpu' && eq === -1 && /^\d+\s*gb$/i.test(argv[i + 1] ?? '')) {
      raw = `${raw} ${argv[i + 1]}`;
      i += 1;
    }
    const value = flagValue(spec, raw);
    if (!value.ok) return fail(value.error);
    input[spec.key] = spec.key === 'bits' ? Number(value.value) : value.value;
  }

  // Join unit words to the number before them: `250k examples`, `3 epochs`.
  const words: string[] = [];
  for (const word of positional) {
    if (UNIT_WORDS.test(word) && words.length > 0) words[words.length - 1] = `${words[words.length - 1]} ${word}`;
    else if (word.trim() !== '') words.push(word);
  }

  let command: Command = 'estimate';
  const first = words[0]?.toLowerCase();
  if (first && (COMMANDS as string[]).includes(first)) {
    command = first as Command;
    words.shift();
  }
  // The message of `ask` and `parse`, as typed (without the command word).
  const message = positional.slice(positional.findIndex((w) => w.toLowerCase() === command) + 1).join(' ');
  if (help && command !== 'help') return { ok: true, value: { command: 'help', input: {}, json, topic: command } };
  if (png !== undefined && command !== 'compare') {
    return fail(
      `--png draws the comparison of the three methods; use it with compare (ftcost compare 70b 10k 3 --png chart.png), not ${command}`,
    );
  }
  if (recommendFlags.length > 0 && command !== 'recommend') {
    return fail(`${recommendFlags[0]} is a fact for recommend (ftcost recommend ${recommendFlags[0]} …), not for ${command}`);
  }
  if (command === 'chat') {
    if (words.length > 0) return fail(`chat takes no arguments; got ${quote(words.join(' '))}`);
    return { ok: true, value: { command, input, json } };
  }
  if (command === 'ask') {
    if (words.length === 0) return fail('ask needs a message, e.g. ftcost ask "should we use LoRA?"');
    return { ok: true, value: { command, input, json, text: message } };
  }
  if (command === 'parse') {
    if (words.length === 0) return fail('parse needs a message, e.g. ftcost parse "qlora 70b 10k 3"');
    return { ok: true, value: { command, input, json, text: message } };
  }
  if (command === 'explain') {
    if (words.length === 0) return fail('explain needs a topic, e.g. ftcost explain lora');
    return { ok: true, value: { command, input, json, topic: words.join(' ') } };
  }
  if (command === 'recommend') {
    return { ok: true, value: { command, input, json, ...(words.length ? { text: words.join(' ') } : {}) } };
  }
  if (command === 'help') return { ok: true, value: { command, input: {}, json, ...(words[0] ? { topic: words[0].toLowerCase() } : {}) } };
  if (command === 'version' || command === 'models' || command === 'gpus' || command === 'prices') {
    if (words.length > 0) return fail(`${command} takes no arguments; got ${quote(words.join(' '))}`);
    return { ok: true, value: { command, input, json } };
  }
  if (command === 'estimate' && words.length === 0 && input.method === undefined) {
    return { ok: true, value: { command: 'help', input: {}, json } };
  }

  if (command === 'estimate' && input.method === undefined) {
    const method = words.shift() as string;
    if (!isMethodWord(method)) {
      return fail(
        `method: ${quote(method)} is not a method; use full, lora or qlora (e.g. ftcost qlora 70b 10k 3), or a command: ${COMMANDS.join(', ')}`,
      );
    }
    input.method = method;
  }
  if (input.model === undefined) {
    const model = words.shift();
    if (model === undefined) return fail(`model is missing; e.g. ftcost ${command === 'compare' ? 'compare' : 'qlora'} 70b 10k 3`);
    // `Llama 3.1 70B Instruct` typed without quotes: take the words up to the size, and a variant after it.
    let name = model;
    const sizeAt = words.slice(0, 4).findIndex((w) => SIZE_WORD.test(w));
    if (!SIZE_WORD.test(model) && !/\d+(\.\d+)?b\b/i.test(model) && sizeAt !== -1) name = [model, ...words.splice(0, sizeAt + 1)].join(' ');
    while (words.length > 0 && VARIANT_WORD.test(words[0] as string)) name = `${name} ${words.shift()}`;
    input.model = name;
  }
  const examples = words.shift();
  if (examples !== undefined) {
    if (input.examples !== undefined || input.datasetTokens !== undefined)
      return fail(`examples given twice: ${quote(examples)} and a flag`);
    const parsed = parseCount(examples, 'examples');
    if (!parsed.ok) return fail(parsed.error);
    input.examples = parsed.value;
  }
  const epochs = words.shift();
  if (epochs !== undefined) {
    if (input.epochs !== undefined) return fail(`epochs given twice: ${quote(epochs)} and --epochs`);
    const parsed = parseEpochs(epochs);
    if (!parsed.ok) return fail(parsed.error);
    input.epochs = parsed.value;
  }
  if (words.length > 0) return fail(`unexpected ${quote(words.join(' '))}; see ftcost --help`);
  return { ok: true, value: { command, input, json, ...(png !== undefined ? { png } : {}) } };
}
