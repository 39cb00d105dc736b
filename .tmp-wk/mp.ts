import {performance} from 'node:perf_hooks';
const B=64,H=28,W=28,C=6;
function kern(x: Float32Array, g: Float32Array, dx: Float32Array) {
  dx.fill(0);
  const Ho=14, Wo=14, sh=2, sw=2, fh=2, fw=2, rowStride=W*C;
  let dyIndex=0;
  for (let b=0;b<B;++b){ const image=b*H*rowStride;
    for (let oh=0;oh<Ho;++oh){ const top=oh*sh;
      for (let ow=0;ow<Wo;++ow){ const corner=image+top*rowStride+ow*sw*C;
        for (let c=0;c<C;++c,++dyIndex){ let best=-Infinity, winner=-1;
          for (let kh=0;kh<fh;++kh){ const row=corner+kh*rowStride+c;
            for (let kw=0;kw<fw;++kw){ const i=row+kw*C; const v=x[i]; if (v>best){best=v;winner=i;} } }
          if (winner>=0) dx[winner]+=g[dyIndex]; } } } }
}
const mem = new WebAssembly.Memory({initial: 2000});
for (const [label, mk] of [['plain', (n: number, o: number) => new Float32Array(n)], ['wasm-heap', (n: number, o: number) => new Float32Array(mem.buffer, o, n)]] as const) {
  const x = mk(B*H*W*C, 0), dx = mk(B*H*W*C, 8_000_000), g = mk(B*14*14*C, 16_000_000);
  for (let i=0;i<x.length;i++) x[i]=Math.random();
  for (let i=0;i<g.length;i++) g[i]=Math.random();
  kern(x,g,dx); const t0=performance.now(); for (let i=0;i<30;i++) kern(x,g,dx); console.log(label, ((performance.now()-t0)/30).toFixed(3));
  const t1=performance.now(); for (let i=0;i<30;i++) dx.fill(0); console.log(label, 'fill', ((performance.now()-t1)/30).toFixed(3));
}
