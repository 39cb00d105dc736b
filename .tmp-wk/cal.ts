import {performance} from 'node:perf_hooks';
const x = new Float32Array(64*28*28*6); for (let i=0;i<x.length;i++) x[i]=Math.random()-0.5;
const f = () => { let s = 0; for (let i=0;i<x.length;i++) s += x[i]; return s; };
const g = () => { let m = -Infinity, w = -1; for (let i=0;i<x.length;i++) { if (x[i] > m) { m = x[i]; w = i; } } return w; };
const h = () => { let cnt = 0; for (let i=0;i<x.length;i+=4) { const a=x[i],b=x[i+1],c=x[i+2],d=x[i+3]; let w=0, m=a; if (b>m){m=b;w=1;} if (c>m){m=c;w=2;} if (d>m){m=d;w=3;} cnt+=w; } return cnt; };
for (const [n, fn] of [['sum', f], ['argmax', g], ['win4', h]] as const) { fn(); const t0=performance.now(); for (let i=0;i<30;i++) fn(); console.log(n, ((performance.now()-t0)/30).toFixed(3)); }
