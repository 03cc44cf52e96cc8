import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** Runs `npm start`'s entry point with lines on standard input, as a user at a terminal would type them. */
function chat(lines: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string }> {
  const main = new URL('../../dist/src/main.js', import.meta.url).pathname;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [main], { env: { PATH: process.env.PATH ?? '', STORE_URL: 'memory://', ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => resolve({ code, out, err }));
    child.stdin.end(`${lines.join('\n')}\n`);
  });
}

describe('the terminal chat (npm start with nothing configured)', () => {
  it('answers an estimate, a question and a follow-up, then leaves on exit', async () => {
    const { code, out } = await chat(['/ftcost qlora 70b 10k 3', 'should we use LoRA?', 'what about 8b?', 'exit']);
    expect(code).toBe(0);
    expect(out).toMatch(/^ftcost: fine-tuning costs, in a chat/);
    const answers = out.split('\n\n');
    expect(out).toContain('QLoRA · Llama 3.1 70B');
    expect(out).toMatch(/Cost per run\s+\$12–\$23/);
    expect(out).toContain('Recommendation: QLoRA');
    expect(out).toContain('About LoRA, since you asked');
    // The follow-up keeps the method of the last estimate-like request and changes only the model.
    expect(out).toMatch(/Llama 3\.1 8B · 10,000 examples × 3 epochs/);
    expect(answers.length).toBeGreaterThan(3);
    expect(out.trimEnd().endsWith('bye')).toBe(true);
  });

  it('typing an action name presses that button on the last answer', async () => {
    const { out } = await chat(['qlora 70b 10k 3', 'compare', 'details']);
    expect(out).toContain('Full vs LoRA vs QLoRA · Llama 3.1 70B');
    expect(out).toMatch(/Full fine-tuning: assumptions/);
  });

  it('ends cleanly at the end of input (Ctrl-D), and answers nonsense with a hint, not a crash', async () => {
    const { code, out } = await chat(['\u0007\u001b[31m@everyone', 'x'.repeat(10_000)]);
    expect(code).toBe(0);
    expect(out).toContain("I didn't catch a fine-tuning question");
    expect(out).not.toContain('\u001b[31m');
  });
});
