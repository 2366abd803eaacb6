// The scoreboard's HTTP contract: `GET /v1/analytics/*` (a secret key, or a console session with
// at least the viewer role), one file per endpoint. Queries are read leniently only where the README
// says so; anything else that does not parse is a 400 at its parameter. Money is in integer minor
// units of `currency`.

export { HOLDOUT } from '../../constants';
export { TRIGGER_TYPES, TriggerType, Day, Month, MAX_RANGE_DAYS, DEFAULT_RANGE_DAYS, RangeQuery } from './common';
export { FUNNEL_STAGES, Stages, FUNNEL_BREAKDOWNS, FunnelBreakdown, FunnelQuery, TimeToConversion, FunnelRule, FunnelAnswer, type FunnelStage } from './funnel';
export { DeclinesQuery, DeclineNote, DeclinesAnswer } from './declines';
export { IntervalMode, ExperimentsQuery, Arm, Estimate, Comparison, EXPERIMENT_WARNINGS, ExperimentWarning, Experiment, ExperimentsAnswer } from './experiments';
export { MOVEMENTS, Movement, RevenueQuery, RevenueMonth, RevenueAnswer } from './revenue';
export { READINESS_BANDS, ReadinessBand, READINESS_CATEGORIES, ReadinessSignal, ReadinessAccount, READINESS_SORTS, ReadinessQuery, ReadinessAnswer, type ReadinessCategory } from './readiness';
