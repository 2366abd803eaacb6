export { chiSquareSf, normalCdf, normalPdf, normalQuantile, studentTCdf, studentTPdf, studentTQuantile } from './distributions';
export { DEFAULT_ALPHA, DEFAULT_SEQUENTIAL_TUNING, sequentialRho, sequentialTwoSidedTTest, twoSidedTTest, welchDof, type SequentialOptions, type TestError, type TestOptions, type TestResult } from './frequentist';
export { incompleteBeta, logBeta, logGamma, lowerGamma, upperGamma } from './special';
export { checkSrm } from './srm';
export { proportion, sampleMean, type Sample } from './statistics';
