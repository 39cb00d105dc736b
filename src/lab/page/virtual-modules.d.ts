/** Provided at build time by src/lab/build/tfjs-declarations-plugin.ts. */
declare module 'virtual:lab-tfjs-declarations' {
  const declarations: ReadonlyArray<{ path: string; content: string }>;
  export default declarations;
}
