import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** A folder that may not import the named layers (and, for the engine, no I/O). */
function layer(files, forbidden, pure = false) {
  const patterns = [
    {
      regex: `^\\.{1,2}/(?:\\.\\./)*(?:src/)?(?:${forbidden.map((name) => (name === 'cli' ? 'cli|cli\\.js|config\\.js|app\\.js|main\\.js' : name)).join('|')})(?:/|$)`,
      message: `This layer may not import ${forbidden.join(', ')} (docs/architecture.md, "Layers").`,
    },
  ];
  if (pure) patterns.push({ regex: '^(node:.*|fs|path|os|http|https|net|child_process)$', message: 'The engine is pure: no I/O.' });
  return [{ files: [files], rules: { 'no-restricted-imports': ['error', { patterns }] } }];
}

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  // The layers (docs/architecture.md): each folder imports only the layers below it.
  ...layer('src/engine/**/*.ts', ['bot', 'intent', 'reply', 'render', 'adapters', 'store', 'cli'], true),
  ...layer('src/intent/**/*.ts', ['bot', 'reply', 'render', 'adapters', 'store', 'cli']),
  ...layer('src/reply/**/*.ts', ['bot', 'render', 'adapters', 'store', 'cli']),
  ...layer('src/store/**/*.ts', ['engine', 'bot', 'intent', 'reply', 'render', 'adapters', 'cli']),
  ...layer('src/bot/**/*.ts', ['render', 'adapters', 'cli']),
  ...layer('src/render/**/*.ts', ['bot', 'intent', 'adapters', 'store', 'cli']),
  ...layer('commands/**/*.ts', ['bot', 'reply', 'render', 'adapters', 'store', 'cli']),
  ...layer('src/adapters/**/*.ts', ['cli']),
);
