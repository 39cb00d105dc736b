/**
 * /downloads/cifar10-cpu-vs-gpu.ipynb: the project's companion notebook, generated at build time from the
 * course's PyTorch code (src/notebook/companion-notebook.ts).
 */
import type { APIRoute } from 'astro';
import { companionNotebookJson } from '../../notebook/companion-notebook.ts';

export const GET: APIRoute = () =>
  new Response(companionNotebookJson(), { headers: { 'Content-Type': 'application/x-ipynb+json; charset=utf-8' } });
