import { analyticsBench } from './bench/analytics-bench';
console.log(await analyticsBench(process.argv[2]!));
