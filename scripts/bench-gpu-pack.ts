/**
 * npm run bench:gpu:pack -- [--out .cache/gpu-pack] [--level 9]
 *
 * Packs `npm run bench:gpu` for a Linux x86-64 machine that has a GPU, PyTorch and python3 but no Node and
 * no network (the course's borrowed H200 machine), into one folder that travels in under 64 MiB:
 *
 *   run.sh           unpacks the payload, finds the Vulkan loader and driver, runs the sweep (~7 minutes at most)
 *   payload.tar.xz   node              the project's Node 24 (npm package `node`), stripped
 *                    bench-gpu.mjs     scripts/bench-gpu.ts as one esbuild bundle, every JavaScript dependency inlined
 *                    *.wasm            tfjs-backend-wasm's binaries, beside the bundle where it looks for them
 *                    dist/linux-x64/dawn.node   Dawn's Node binding, where the bundled `webgpu` package looks for it
 *                    pytorch/cnn_reference.py   the PyTorch reference, where bench-gpu looks for it
 *                    pytorch/transformer_reference.py   the transformer's twin, for --model transformer
 *                    vulkan-loader/    libvulkan.so.1 (and libglvnd's libraries, which NVIDIA's Vulkan driver
 *                                      loads), used only when the machine has no Vulkan loader of its own
 *
 * The default folder is under .cache/, which git ignores. Needs xz and tar (Debian: xz-utils).
 */
import { build } from 'esbuild';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { findVulkanLoader } from './bench/gpu/vulkan.ts';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: '.cache/gpu-pack' },
    level: { type: 'string', default: '9' },
  },
});

/** What one device call may carry, the working tree included. */
const CARRY_LIMIT = 64 * 1024 * 1024;
const root = process.cwd();
const out = path.resolve(root, values.out);
const MiB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

function fail(message: string): never {
  process.stderr.write(`bench:gpu:pack: ${message}\n`);
  process.exit(2);
}

function has(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function copy(from: string, to: string): void {
  mkdirSync(path.dirname(to), { recursive: true });
  copyFileSync(from, to);
}

if (process.platform !== 'linux' || process.arch !== 'x64')
  fail(
    `the pack is for Linux x86-64 machines and is built from this project's Linux x86-64 install; this is ${process.platform}-${process.arch}.`,
  );
for (const tool of ['tar', 'xz']) if (!has(tool)) fail(`${tool} is missing: apt-get install -y xz-utils tar.`);
const nodeBinary = path.join(root, 'node_modules/node/bin/node');
const dawnNode = path.join(root, 'node_modules/webgpu/dist/linux-x64/dawn.node');
const wasmDir = path.join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
const pytorchScript = path.join(root, 'scripts/pytorch/cnn_reference.py');
const transformerScript = path.join(root, 'scripts/pytorch/transformer_reference.py');
for (const [file, what] of [
  [nodeBinary, 'the npm package node'],
  [dawnNode, 'the npm package webgpu'],
  [pytorchScript, 'the PyTorch reference'],
  [transformerScript, "the transformer's PyTorch twin"],
] as const) {
  if (!existsSync(file))
    fail(
      `${path.relative(root, file)} (${what}) is missing: run npm install${file === pytorchScript || file === transformerScript ? ', and check out scripts/pytorch/' : ''}.`,
    );
}

/** Runs the packed sweep: PyTorch on CUDA, tfjs WebGPU on the machine's Vulkan GPU, tfjs WASM, ~7 minutes at most. */
const RUN_SH = `#!/bin/sh
# npm run bench:gpu, packed by npm run bench:gpu:pack for a Linux x86-64 machine without Node or network.
#   sh run.sh [more bench:gpu options, which override the defaults below, e.g. --pytorch cpu --widths 1,2]
# Prints one JSON line per size and backend, then a summary line; progress goes to stderr.
# Stops after about 7 minutes: the sweep plans for 6 (--time-budget 360) and is killed at 7.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=\${GPU_PACK_WORK:-\${TMPDIR:-/tmp}/gpu-pack-run}
# The python3 that has torch: $PYTHON, else the first of these that imports it.
python=\${PYTHON:-}
if [ -z "$python" ]; then
  for candidate in "$(command -v python3 || true)" /usr/bin/python3 /opt/torch/.venv/bin/python3; do
    if [ -n "$candidate" ] && [ -x "$candidate" ] && "$candidate" -c 'import torch' >/dev/null 2>&1; then python=$candidate; break; fi
  done
  python=\${python:-python3}
fi

mkdir -p "$work"
if [ ! -f "$work/.unpacked" ] || [ "$here/payload.tar.xz" -nt "$work/.unpacked" ]; then
  echo "run.sh: unpacking into $work" >&2
  if command -v xz >/dev/null 2>&1; then
    xz -dc "$here/payload.tar.xz" | tar -C "$work" -xf -
  else # no xz: Python's lzma and tarfile do the same
    "$python" -c 'import sys, tarfile; tarfile.open(sys.argv[1]).extractall(sys.argv[2])' "$here/payload.tar.xz" "$work"
  fi
  touch "$work/.unpacked"
fi

# The Vulkan loader: the system's, else the packed one (with libglvnd, which NVIDIA's driver needs).
if ! { ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null; } | grep -q 'libvulkan\\.so\\.1 '; then
  echo "run.sh: no Vulkan loader on this machine; using the packed libvulkan.so.1" >&2
  export LD_LIBRARY_PATH="$work/vulkan-loader\${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi
# NVIDIA's driver libraries and manifest, where containers mount them, unless a driver is already chosen.
for dir in /usr/local/nvidia/lib64 /usr/local/nvidia/lib; do
  if [ -d "$dir" ]; then export LD_LIBRARY_PATH="\${LD_LIBRARY_PATH:+$LD_LIBRARY_PATH:}$dir"; fi
done
if [ -z "\${VK_DRIVER_FILES:-}\${VK_ICD_FILENAMES:-}" ] && ! grep -qsl nvidia /usr/share/vulkan/icd.d/*.json /etc/vulkan/icd.d/*.json; then
  for icd in /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json; do
    if [ -f "$icd" ]; then export VK_DRIVER_FILES="$icd" VK_ICD_FILENAMES="$icd"; echo "run.sh: Vulkan driver $icd" >&2; break; fi
  done
fi

if command -v nvidia-smi >/dev/null 2>&1; then nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader >&2 || true; fi
cd "$work"
set -- --pytorch cuda --json --python "$python" --time-budget 360 --max-seconds-per-step 4 --min-seconds 1 "$@"
if command -v timeout >/dev/null 2>&1; then
  exec timeout -k 10 420 ./node bench-gpu.mjs "$@"
fi
exec ./node bench-gpu.mjs "$@"
`;

const stage = mkdtempSync(path.join(tmpdir(), 'gpu-pack-'));
try {
  // The benchmark as one ES module. tfjs's CommonJS code calls require() and reads __dirname (the WASM
  // backend finds its .wasm files there), so the banner defines both for the bundle's own folder.
  await build({
    entryPoints: [path.join(root, 'scripts/bench-gpu.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    outfile: path.join(stage, 'bench-gpu.mjs'),
    logLevel: 'error',
    legalComments: 'none',
    banner: {
      js: [
        "import { createRequire as __packRequire } from 'node:module';",
        "import { fileURLToPath as __packPath } from 'node:url';",
        "import { dirname as __packDirname } from 'node:path';",
        'const require = __packRequire(import.meta.url);',
        'const __filename = __packPath(import.meta.url);',
        'const __dirname = __packDirname(__filename);',
      ].join('\n'),
    },
  });
  // Node never takes the threaded binary (tfjs-backend-wasm 4.22 starts no worker pool there).
  for (const name of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'])
    copy(path.join(wasmDir, name), path.join(stage, name));
  copy(dawnNode, path.join(stage, 'dist/linux-x64/dawn.node'));
  copy(pytorchScript, path.join(stage, 'pytorch/cnn_reference.py'));
  copy(transformerScript, path.join(stage, 'pytorch/transformer_reference.py'));
  copy(nodeBinary, path.join(stage, 'node'));
  if (has('strip')) execFileSync('strip', [path.join(stage, 'node')]); // its debug symbols are 17 MiB of 121
  chmodSync(path.join(stage, 'node'), 0o755);

  // The Vulkan loader, for a machine without one, and libglvnd's libraries beside it.
  const loader = findVulkanLoader();
  if (!loader) fail('this machine has no Vulkan loader to pack: apt-get install -y libvulkan1 libglvnd0.');
  const libraryDir = path.dirname(realpathSync(loader));
  copy(realpathSync(loader), path.join(stage, 'vulkan-loader/libvulkan.so.1'));
  for (const soname of ['libGLdispatch.so.0', 'libGLX.so.0', 'libEGL.so.1', 'libOpenGL.so.0', 'libGL.so.1', 'libGLESv2.so.2']) {
    const library = path.join(libraryDir, soname);
    if (existsSync(library)) copy(realpathSync(library), path.join(stage, 'vulkan-loader', soname));
    else
      process.stderr.write(
        `bench:gpu:pack: ${soname} not found in ${libraryDir}; packed without it (apt-get install -y libglvnd0 libgl1 libegl1 libgles2 libopengl0 libglx0 to add it)\n`,
      );
  }

  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  process.stderr.write(`bench:gpu:pack: compressing with xz -${values.level} (a few minutes on 2 cores)…\n`);
  const payload = path.join(out, 'payload.tar.xz');
  execFileSync('sh', ['-c', `tar -C "$1" -cf - . | xz -${Number(values.level)} -T0 > "$2"`, 'pack', stage, payload], {
    stdio: 'inherit',
  });
  writeFileSync(path.join(out, 'run.sh'), RUN_SH);
  chmodSync(path.join(out, 'run.sh'), 0o755);

  const unpacked = readdirSync(stage, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => statSync(path.join(entry.parentPath, entry.name)).size)
    .reduce((a, b) => a + b, 0);
  const total = statSync(payload).size + statSync(path.join(out, 'run.sh')).size;
  process.stdout.write(
    `${path.relative(root, out)}/: payload.tar.xz ${MiB(statSync(payload).size)} (${MiB(unpacked)} unpacked) + run.sh; ${MiB(total)} in all, ${MiB(CARRY_LIMIT - total)} under the 64 MiB a device call carries (the working tree counts too).\n`,
  );
  process.stdout.write(
    `Run it: sh ${path.relative(root, out)}/run.sh [more bench:gpu options]  (device tool: carry ["${path.relative(root, out)}"])\n`,
  );
  if (total > CARRY_LIMIT * 0.75)
    process.stderr.write(`bench:gpu:pack: warning: ${MiB(total)} leaves little room for the working tree under 64 MiB.\n`);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
