// ESLint: rules that catch real bugs (promises nobody awaits, values nobody uses, `any` leaking out
// of untyped code), with type information from the project's tsconfig. Style is Prettier's job.
import js from '@eslint/js';
import astro from 'eslint-plugin-astro';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Which folder may import which (docs/architecture.md, "Boundaries"). ESLint sees a specifier as written,
 * so each rule is a pattern over specifiers; a lookahead lists what the folder may import.
 */
const noImportsBut = (allowed, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ regex: `^(?!${allowed.join('|')})`, message }] }],
});
/** A lab's own folder, flat: './model.ts'. */
const ownFolder = String.raw`\./[^/]+$`;
/** The contract, seen from a lab's folder: '../api' (the lab API, types) or '../api/results-file.ts'. */
const contract = String.raw`\.\./api(?:/[^/]+)?$`;
const tfjs = String.raw`@tensorflow/tfjs$`;
const labsRule =
  'A lab imports only @tensorflow/tfjs, the contract (../api, ../api/<module>.ts) and files of its own folder (labs/README.md).';
/** Runtime files `depth` folders below src/lab: what leaves src/lab must go to the contract, labs/api/. */
const runtimeAt = (depth) => ({
  files: [`src/lab/${'*/'.repeat(depth)}*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            regex: String.raw`^(?:\.\./){${depth + 1}}(?!\.\./labs/api/[^/]+$)|^astro:`,
            message:
              'The lab runtime (src/lab/) imports nothing of the site and no astro:* module: only its own folders, the contract (labs/api/), and packages.',
          },
        ],
      },
    ],
  },
});

export default tseslint.config(
  { ignores: ['dist/', '.astro/', '.cache/', 'node_modules/', 'test-results/', 'coverage/', 'public/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  ...astro.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node, ...globals.worker },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname, extraFileExtensions: ['.astro'] },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Labs: programs, their helpers and the exercise kit run in the learner's worker, in Vitest and in benchmarks.
    files: ['labs/**/*.ts'],
    ignores: ['labs/api/**', 'labs/*/check.ts', 'labs/**/*.test.ts', 'labs/exercise-kit/testing.ts'],
    rules: noImportsBut([ownFolder, contract, tfjs], labsRule),
  },
  {
    // An exercise's hidden check is bundled at build time: it may also use the kit and other labs' helpers.
    files: ['labs/*/check.ts'],
    rules: noImportsBut(
      [String.raw`\.\.?/[^/]+(?:/[^/]+)?$`, tfjs],
      "A check imports @tensorflow/tfjs, the contract, the exercise kit and labs' files, never src/ or other packages.",
    ),
  },
  {
    // The contract: what labs, the runtime and the site share. Types of TensorFlow.js and its own modules only.
    files: ['labs/api/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '@tensorflow/tfjs', allowTypeImports: true, message: 'The contract uses only the types of TensorFlow.js.' },
          ],
          patterns: [
            {
              regex: String.raw`^(?!\./[^/]+$|@tensorflow/tfjs$)`,
              message: 'The contract (labs/api/) imports only its own modules and the types of TensorFlow.js.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'document', message: 'The contract runs in workers and Node too: no DOM.' },
        { name: 'window', message: 'The contract runs in workers and Node too: no DOM.' },
      ],
    },
  },
  runtimeAt(0),
  runtimeAt(1),
  runtimeAt(2),
  {
    // The site: content, pages, quiz, progress, offline, the CNN results. It reaches the runtime only through
    // its public entries and never a lab's folder but the contract's.
    files: ['src/**/*.ts', 'src/**/*.astro'],
    ignores: ['src/lab/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: String.raw`(?:^|/)lab/(?!index\.ts$|build/[^/]+$|page/lab-element\.ts$)`,
              message:
                'The site uses the lab runtime through src/lab/index.ts, src/lab/page/lab-element.ts (the element) and src/lab/build/ (build time) only.',
            },
            {
              regex: String.raw`(?:^|/)labs/(?!api/[^/]+$)`,
              message: "The site never imports a lab's folder: shared facts live in the contract, labs/api/.",
            },
          ],
        },
      ],
    },
  },
  {
    // Vitest's asymmetric matchers (`expect.any(String)`) are typed `any` by design.
    files: ['tests/**', '**/*.test.ts'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
  {
    // TypeScript's program cannot see inside .astro files (every template value reads as an error type),
    // so type-aware rules there would only report noise; `astro check` type-checks these files instead.
    files: ['**/*.astro'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { parserOptions: { projectService: false, project: null } },
  },
  {
    // Plain JavaScript config files are not part of the TypeScript project.
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
