import { startFakeOpenAI, type FakeOpenAI } from './fake-openai.js';

/**
 * Three loopback chat-completions servers that behave as the real ones do where the LLM path has
 * failed before: OpenAI's strict structured outputs (a schema outside the strict subset, or a
 * temperature a reasoning model does not take, is HTTP 400), an Ollama-like server (json_schema
 * accepted but not enforced: nulls left out, no `refusal` field; its chat template takes one system
 * message), and a server with JSON mode only (json_schema refused; json_object needs the word "json"
 * in the messages; answers in code fences).
 */

const error = (message: string, extra: Record<string, unknown> = {}) => ({
  status: 400,
  error: { message, type: 'invalid_request_error', param: null, code: null, ...extra },
});

/** Keywords OpenAI's strict mode accepts in a schema (https://platform.openai.com/docs/guides/structured-outputs, "Supported schemas"). */
const STRICT_ALLOWED = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'enum',
  'anyOf',
  'description',
  'const',
  '$ref',
  '$defs',
]);

/** The first reason OpenAI's strict mode would refuse a schema, in its words; undefined when it is accepted. */
export function strictSchemaProblem(schema: unknown, path: string[] = []): string | undefined {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return undefined;
  const node = schema as Record<string, unknown>;
  const where = `In context=(${path.map((p) => `'${p}'`).join(', ')})`;
  for (const key of Object.keys(node)) if (!STRICT_ALLOWED.has(key)) return `${where}, '${key}' is not permitted.`;
  if (node.properties) {
    if (node.additionalProperties !== false) return `${where}, 'additionalProperties' is required to be supplied and to be false.`;
    const required = Array.isArray(node.required) ? node.required : [];
    for (const name of Object.keys(node.properties as object))
      if (!required.includes(name))
        return `${where}, 'required' is required to be supplied and to be an array including every key in properties. Missing '${name}'.`;
    for (const [name, sub] of Object.entries(node.properties as Record<string, unknown>)) {
      const problem = strictSchemaProblem(sub, [...path, 'properties', name]);
      if (problem) return problem;
    }
  }
  for (const key of ['items'] as const) {
    const problem = strictSchemaProblem(node[key], [...path, key]);
    if (problem) return problem;
  }
  if (Array.isArray(node.anyOf))
    for (const [i, sub] of node.anyOf.entries()) {
      const problem = strictSchemaProblem(sub, [...path, 'anyOf', String(i)]);
      if (problem) return problem;
    }
  return undefined;
}

const format = (body: Record<string, unknown>) =>
  body.response_format as { type?: string; json_schema?: { name?: string; strict?: boolean; schema?: unknown } } | undefined;

/** Like api.openai.com with a reasoning model and strict structured outputs. */
export async function startStrictOpenAI(): Promise<FakeOpenAI> {
  const fake = await startFakeOpenAI();
  fake.validate = (body) => {
    if (body.temperature !== undefined && body.temperature !== 1)
      return error(
        `Unsupported value: 'temperature' does not support ${String(body.temperature)} with this model. Only the default (1) value is supported.`,
        {
          param: 'temperature',
          code: 'unsupported_value',
        },
      );
    const rf = format(body);
    if (rf?.type === 'json_schema') {
      if (rf.json_schema?.strict !== true) return undefined;
      const schema = rf.json_schema.schema as Record<string, unknown> | undefined;
      if (!schema || schema.type !== 'object')
        return error(`Invalid schema for response_format '${rf.json_schema.name}': schema must be a JSON Schema of 'type: "object"'.`, {
          param: 'response_format',
          code: 'invalid_json_schema',
        });
      const problem = strictSchemaProblem(schema);
      if (problem)
        return error(`Invalid schema for response_format '${rf.json_schema.name}': ${problem}`, {
          param: 'response_format',
          code: 'invalid_json_schema',
        });
    }
    return undefined;
  };
  return fake;
}

/** Like Ollama's OpenAI-compatible endpoint: json_schema taken as a hint, nulls left out, one system message. */
export async function startOllamaLike(): Promise<FakeOpenAI> {
  const fake = await startFakeOpenAI();
  fake.refusalField = false;
  fake.validate = (body) => {
    const messages = (body.messages as Array<{ role: string }>) ?? [];
    const systems = messages.filter((m) => m.role === 'system').length;
    if (systems > 1 || (systems === 1 && messages[0]?.role !== 'system'))
      return error('template error: only one system message is supported, at the start of the conversation');
    return undefined;
  };
  fake.render = (content) => {
    const answer = content as { intent: string; slots: Record<string, unknown> };
    const slots = Object.fromEntries(Object.entries(answer.slots ?? {}).filter(([, v]) => v !== null));
    return `\n${JSON.stringify({ intent: answer.intent, slots }, null, 1)}\n`;
  };
  return fake;
}

/** Like servers with JSON mode only: json_schema refused, json_object requires "json" in the prompt. */
export async function startJsonObjectOnly(): Promise<FakeOpenAI> {
  const fake = await startFakeOpenAI();
  fake.validate = (body) => {
    const rf = format(body);
    if (rf?.type === 'json_schema')
      return error(`response_format type 'json_schema' is unavailable on this server; use 'json_object'`, { param: 'response_format' });
    if (
      rf?.type === 'json_object' &&
      !JSON.stringify(body.messages ?? '')
        .toLowerCase()
        .includes('json')
    )
      return error("'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.", {
        param: 'messages',
      });
    return undefined;
  };
  fake.render = (content) => `\`\`\`json\n${JSON.stringify(content)}\n\`\`\``;
  return fake;
}
