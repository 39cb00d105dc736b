import {performance} from 'node:perf_hooks';
const B=64,H=28,W=28,C=6;
function k1(x: Float32Array, g: Float32Array, dx: Float32Array) {
  dx.fill(0);
  const Ho=14, Wo=14, sh=2, sw=2, fh=2, fw=2, rowStride=W*C;
  let dyIndex=0;
  for (let b=0;b<B;++b){ const image=b*H*rowStride;
    for (let oh=0;oh<Ho;++oh){ const top=oh*sh;
      for (let ow=0;ow<Wo;++ow){ const corner=image+top*rowStride+ow*sw*C;
        for (let c=0;c<C;++c,++dyIndex){ let best=-Infinity, winner=-1;
          for (let kh=0;kh<fh;++kh){ const row=corner+kh*rowStride+c;
            for (let kw=0;kw<fw;++kw){ const i=row+kw*C; const v=x[i]; const gt = v > best; best = gt ? v : best; winner = gt ? i : winner; } }
          if (winner>=0) dx[winner]+=g[dyIndex]; } } } }
}
// two passes: first compute winners into Int32Array with branchless math, then scatter
function k2(x: Float32Array, g: Float32Array, dx: Float32Array, win: Int32Array) {
  dx.fill(0);
  const Ho=14, Wo=14, sh=2, sw=2, fh=2, fw=2, rowStride=W*C;
  let dyIndex=0;
  for (let b=0;b<B;++b){ const image=b*H*rowStride;
    for (let oh=0;oh<Ho;++oh){ const top=oh*sh;
      for (let ow=0;ow<Wo;++ow){ const corner=image+top*rowStride+ow*sw*C;
        for (let c=0;c<C;++c,++dyIndex){ let best=-Infinity, winner=-1;
          for (let kh=0;kh<fh;++kh){ const row=corner+kh*rowStride+c;
            for (let kw=0;kw<fw;++kw){ const i=row+kw*C; const v=x[i]; const gt = +(v > best); best = Math.max(v, best); winner += gt * (i - winner); } }
          win[dyIndex] = winner; } } } }
  for (let i = 0; i < win.length; ++i) { const w = win[i]; if (w >= 0) dx[w] += g[i]; }
}
const x = new Float32Array(B*H*W*C), dx = new Float32Array(B*H*W*C), g = new Float32Array(B*14*14*C), win = new Int32Array(g.length);
for (let i=0;i<x.length;i++) x[i]=Math.max(0, Math.random()-0.5);
for (let i=0;i<g.length;i++) g[i]=Math.random();
for (const [n, f] of [['ternary', () => k1(x,g,dx)], ['arith', () => k2(x,g,dx,win)]] as const) {
  f(); const t0=performance.now(); for (let i=0;i<30;i++) f(); console.log(n, ((performance.now()-t0)/30).toFixed(3));
}
